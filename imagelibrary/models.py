"""Reusable pictures with their alt text, caption, credit and focal point."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from common.images import NewsImageField, focal_rendition

FOCAL_RANGE = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class LibraryImageQuerySet(models.QuerySet):
    def search(self, query):
        matches = self
        for word in query.split():
            matches = matches.filter(
                Q(alt_text__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
                | Q(file__icontains=word)
            )
        return matches


class LibraryImage(models.Model):
    file = NewsImageField(upload_to="library/%Y/%m/")
    # Blank only for an upload kept from an article form that failed validation;
    # the library's own forms and the editor's upload require it.
    alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=120, blank=True)
    # Where the subject is, as fractions of the width and height from the top left:
    # every crop keeps this point in frame.
    focal_x = models.FloatField(
        "focal point across", default=0.5, validators=FOCAL_RANGE
    )
    focal_y = models.FloatField("focal point down", default=0.5, validators=FOCAL_RANGE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    wide_800 = focal_rendition("file", 800, 450)
    wide_1200 = focal_rendition("file", 1200, 675)
    standard_800 = focal_rendition("file", 800, 600)
    square_400 = focal_rendition("file", 400, 400)
    thumb = focal_rendition("file", 160, 90)

    objects = LibraryImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "image"

    def __str__(self):
        return self.alt_text or self.file.name.rpartition("/")[2]
