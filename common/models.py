from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.templatetags.static import static
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit

from .images import NewsImageField, rendition
from .links import absolute_url
from .text import strip_control_characters

CACHE_KEY = "site:settings"
# Shown until an editor uploads the site's own pictures.
DEFAULT_LOGO = ("img/logo-publisher.png", 325, 60)
DEFAULT_SHARE_IMAGE = "img/share-default.jpg"
SHARE_SIZE = (1200, 630)


def default_site_name():
    return settings.SITE_NAME


class SiteSettings(models.Model):
    """The site's identity, one row edited by editors in the admin."""

    name = models.CharField(max_length=80, default=default_site_name)
    tagline = models.CharField(
        max_length=160,
        default="Technology news and analysis",
        help_text="A few words under the name: titles, the footer and search results.",
    )
    description = models.CharField(
        max_length=300,
        default="Independent reporting on the technology that shapes how we live "
        "and work.",
        help_text="One or two sentences about the site, in the footer and for sharing.",
    )
    logo = NewsImageField(
        upload_to="site/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text="A wide logo on a transparent or white background (PNG). Search "
        "engines show it scaled to fit 600×60.",
    )
    # Stored so that pages need not open the file to size the publisher logo.
    logo_width = models.PositiveIntegerField(null=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, editable=False)
    share_image = NewsImageField(
        "default share image",
        upload_to="site/",
        blank=True,
        help_text="Shown when a page without its own picture is shared; cropped to "
        "1200×630.",
    )
    about = models.TextField(blank=True, help_text="The About page: who we are.")
    masthead = models.TextField(
        blank=True, help_text="The editors and staff, one per line, on the About page."
    )
    contact_email = models.EmailField(blank=True)
    contact = models.TextField(
        blank=True, help_text="The Contact page: how to reach the newsroom."
    )
    privacy = models.TextField(blank=True, help_text="The Privacy page.")
    x_url = models.URLField("X profile", blank=True)
    mastodon_url = models.URLField("Mastodon profile", blank=True)
    bluesky_url = models.URLField("Bluesky profile", blank=True)
    facebook_url = models.URLField("Facebook page", blank=True)
    linkedin_url = models.URLField("LinkedIn page", blank=True)
    youtube_url = models.URLField("YouTube channel", blank=True)

    logo_publisher = ImageSpecField(
        source="logo", processors=[ResizeToFit(600, 60)], format="PNG"
    )
    share_jpeg = rendition("share_image", *SHARE_SIZE, "JPEG")

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One row: whatever the admin posts edits it.
        self.pk = 1
        for field in ("name", "tagline", "description"):
            setattr(self, field, strip_control_characters(getattr(self, field)))
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def current(cls):
        """Return the saved settings, or the defaults before any save; cached."""
        found = cache.get(CACHE_KEY)
        if found is None:
            found = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(CACHE_KEY, found, timeout=None)
        return found

    @property
    def logo_url(self):
        if self.logo:
            return absolute_url(self.logo_publisher.url)
        return absolute_url(static(DEFAULT_LOGO[0]))

    @property
    def logo_size(self):
        """Return the publisher logo's (width, height), within 600×60."""
        if not self.logo:
            return DEFAULT_LOGO[1:]
        width, height = self.logo_width, self.logo_height
        scale = min(600 / width, 60 / height)
        return round(width * scale), round(height * scale)

    @property
    def share_image_url(self):
        if self.share_image:
            return absolute_url(self.share_jpeg.url)
        return absolute_url(static(DEFAULT_SHARE_IMAGE))

    @property
    def x_handle(self):
        """Return the X account as @name, for twitter:site, or ""."""
        name = self.x_url.rstrip("/").rpartition("/")[2]
        return f"@{name}" if name else ""

    def social_links(self):
        """Return (label, url) pairs for the profiles filled in."""
        return [
            (field.verbose_name.rsplit(" ", 1)[0], getattr(self, field.name))
            for field in self._meta.fields
            if field.name.endswith("_url") and getattr(self, field.name)
        ]
