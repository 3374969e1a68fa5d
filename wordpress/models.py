from django.db import models
from django.db.models import Q
from django.urls import reverse


class Kind(models.TextChoices):
    POST = "post", "Post"
    AUTHOR = "author", "Author"
    CATEGORY = "category", "Category"
    TAG = "tag", "Tag"


class ImportedItem(models.Model):
    """A WordPress post, author or term brought over, and what it became here."""

    site = models.CharField(
        max_length=200, help_text="The WordPress site's address, without scheme."
    )
    kind = models.CharField(max_length=12, choices=Kind)
    source_id = models.CharField(
        max_length=200, help_text="Post id, author login or term slug in WordPress."
    )
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        "authors.Author", models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        "articles.Category", models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        "taggit.Tag", models.CASCADE, null=True, blank=True, related_name="+"
    )
    is_owned = models.BooleanField(
        default=True,
        help_text="Created by the import, so a later import may update it.",
    )
    digest = models.CharField(max_length=64, blank=True)
    # WordPress's count at the last import: a later import adds only the difference,
    # so views counted here since are kept.
    views = models.PositiveBigIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "source_id"], name="imported_item_unique"
            )
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.source_id}"


class ImportedFile(models.Model):
    """An uploads file stored here, so a later import reuses it, not stores it again."""

    site = models.CharField(max_length=200)
    source_path = models.CharField(max_length=500)
    size = models.PositiveBigIntegerField()
    mtime_ns = models.BigIntegerField()
    stored_name = models.CharField(max_length=500)
    # The library picture showing the stored file, and a digest of the export's alt
    # text and caption when the import last wrote them: a later import rewrites them
    # only when the export changes, so an editor's wording survives reruns.
    library_image = models.ForeignKey(
        "imagelibrary.LibraryImage",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    library_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "source_path"], name="imported_file_unique"
            )
        ]
        # Two paths can share a stored file (a missing resized copy is stored as
        # its original), and the import looks up the file's picture by its name.
        indexes = [models.Index(fields=["stored_name"], name="imported_file_name")]

    def __str__(self):
        return f"{self.source_path} → {self.stored_name}"


class LegacyURL(models.Model):
    """An address on the old WordPress site that now answers 301 to its page here."""

    path = models.CharField(max_length=500, unique=True)
    site = models.CharField(max_length=200)
    # Foreign keys, not stored addresses, so later slug changes still resolve.
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        "articles.Category", models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        "taggit.Tag", models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        "authors.Author", models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "legacy URL"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, category=None, tag=None, author=None)
                    | Q(article=None, category__isnull=False, tag=None, author=None)
                    | Q(article=None, category=None, tag__isnull=False, author=None)
                    | Q(article=None, category=None, tag=None, author__isnull=False)
                ),
                name="legacy_url_one_target",
            )
        ]

    def __str__(self):
        return self.path

    def target_url(self):
        """Return the address to redirect to, or None while the article is not live."""
        if self.article_id:
            return self.article.get_absolute_url() if self.article.is_live else None
        if self.category_id:
            return self.category.get_absolute_url()
        if self.tag_id:
            return reverse("articles:tag", kwargs={"slug": self.tag.slug})
        return self.author.get_absolute_url()
