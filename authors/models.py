from django.conf import settings
from django.db import models
from django.urls import reverse

from common.images import NewsImageField, rendition
from common.text import strip_control_characters


class Author(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The login this author uses in the admin, if any.",
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    short_bio = models.CharField(
        max_length=280, blank=True, help_text="One or two sentences for bylines."
    )
    bio = models.TextField(blank=True, help_text="The full bio on the author page.")
    photo = NewsImageField(upload_to="authors/%Y/", blank=True)
    website = models.URLField(blank=True)
    x_url = models.URLField("X profile", blank=True)
    mastodon_url = models.URLField("Mastodon profile", blank=True)
    bluesky_url = models.URLField("Bluesky profile", blank=True)
    linkedin_url = models.URLField("LinkedIn profile", blank=True)
    github_url = models.URLField("GitHub profile", blank=True)

    photo_96 = rendition("photo", 96, 96, "WEBP")
    photo_192 = rendition("photo", 192, 192, "WEBP")
    photo_384 = rendition("photo", 384, 384, "WEBP")
    photo_192_jpeg = rendition("photo", 192, 192, "JPEG")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Bylines reach feeds and structured data, where these break XML.
        for field in ("name", "job_title", "short_bio"):
            setattr(self, field, strip_control_characters(getattr(self, field)))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def social_links(self):
        """Return (label, url) pairs for the profiles this author has filled in."""
        return [
            (field.verbose_name.removesuffix(" profile"), getattr(self, field.name))
            for field in self._meta.fields
            if field.name.endswith("_url") and getattr(self, field.name)
        ]
