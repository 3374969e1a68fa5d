import html

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from common.html import EDITOR_EXTENSIONS, sanitize_html
from common.images import NewsImageField, filled_size, rendition
from common.text import strip_control_characters

from .search import ranked_matches

WORDS_PER_MINUTE = 230
# The edits that change what readers read; others (featuring, picking, counting a
# view) leave content_modified_at alone.
CONTENT_FIELDS = ("title", "dek", "body", "hero_image")

# Text fields that feeds, sitemaps and structured data carry, kept free of control
# characters (a vertical tab pasted from a word processor breaks XML).
TEXT_FIELDS = (
    "title",
    "dek",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "seo_title",
    "seo_description",
)


def hero_size(image):
    """Return (width, height) of a stored image, or (None, None) if unreadable."""
    if not image:
        return None, None
    try:
        return image.width, image.height
    except (OSError, ValueError):
        return None, None


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the section navigation, lowest first."
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = strip_control_characters(self.name)
        self.description = strip_control_characters(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class ArticleSnapshot(models.Model):
    """What a history record keeps beside the article's own fields."""

    # Author ids in byline order and tag names: simple-history tracks neither.
    byline_ids = models.JSONField(default=list)
    tag_names = models.JSONField(default=list)

    class Meta:
        abstract = True


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def for_display(self):
        # Bylines in their editorial order, each with its author, in one query.
        return self.select_related("category").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def search(self, query):
        """Narrow to the articles matching query, best and newest matches first.

        The query uses web-search syntax: "quoted phrases", -excluded words and or.
        articles.search holds how each database matches and ranks.
        """
        return ranked_matches(self, query)

    def editors_picks(self):
        now = timezone.now()
        return (
            self.published()
            .filter(is_editors_pick=True)
            .filter(Q(pick_until__isnull=True) | Q(pick_until__gt=now))
            .order_by("pick_order", "-published_at")
        )


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The article's address. Changing it keeps the old address working.",
    )
    dek = models.CharField(
        "standfirst",
        max_length=300,
        blank=True,
        help_text="The line under the headline, also used as the excerpt.",
    )
    body = ProseEditorField(
        extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html, blank=True
    )
    hero_image = NewsImageField(upload_to="articles/%Y/%m/", blank=True)
    # The stored hero's size, so pages can say how big each rendition is (renditions
    # never enlarge) without opening the file.
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    hero_caption = models.CharField("caption", max_length=300, blank=True)
    hero_credit = models.CharField("credit", max_length=120, blank=True)
    category = models.ForeignKey(Category, models.PROTECT, related_name="articles")
    tags = TaggableManager(blank=True)
    authors = models.ManyToManyField(
        "authors.Author", through="Byline", related_name="articles"
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        db_index=True,
        help_text="A future time schedules the article; it goes live on its own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    content_modified_at = models.DateTimeField(
        "content modified",
        null=True,
        editable=False,
        help_text="The last edit of the headline, standfirst, body or hero image.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_featured = models.BooleanField("featured", default=False)
    is_editors_pick = models.BooleanField("editor's pick", default=False)
    pick_order = models.PositiveSmallIntegerField(
        "pick order", default=0, help_text="Lowest first in “Don't miss”."
    )
    pick_until = models.DateTimeField(
        "pick ends",
        null=True,
        blank=True,
        help_text="After this time the article leaves “Don't miss”.",
    )
    seo_title = models.CharField(
        "SEO title",
        max_length=70,
        blank=True,
        help_text="For search results and sharing; the headline if empty.",
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="For search results and sharing; the standfirst if empty.",
    )
    is_noindex = models.BooleanField(
        "hide from search engines",
        default=False,
        help_text="Adds noindex and leaves the article out of sitemaps.",
    )
    view_count = models.PositiveBigIntegerField("views", default=0, editable=False)
    # Kept up to date by articles.search_index on PostgreSQL, which also owns its GIN
    # index; SQLite keeps an FTS5 table instead and leaves this empty.
    search_vector = SearchVectorField(null=True, editable=False)
    # Bumped by every save; publishing.save() refuses an edit made to an older one.
    version = models.PositiveIntegerField(default=1, editable=False)

    hero_400 = rendition("hero_image", 400, 225, "WEBP")
    hero_800 = rendition("hero_image", 800, 450, "WEBP")
    hero_1200 = rendition("hero_image", 1200, 675, "WEBP")
    hero_400_jpeg = rendition("hero_image", 400, 225, "JPEG")
    hero_800_jpeg = rendition("hero_image", 800, 450, "JPEG")
    hero_1200_jpeg = rendition("hero_image", 1200, 675, "JPEG")
    # Sharing cards (1.91:1) and the 4:3 and 1:1 crops search engines ask for.
    hero_share_jpeg = rendition("hero_image", 1200, 630, "JPEG")
    hero_1200x900_jpeg = rendition("hero_image", 1200, 900, "JPEG")
    hero_1200x1200_jpeg = rendition("hero_image", 1200, 1200, "JPEG")

    history = HistoricalRecords(
        excluded_fields=[
            "view_count",
            "updated_at",
            "content_modified_at",
            "search_vector",
            "hero_width",
            "hero_height",
        ],
        bases=[ArticleSnapshot],
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule and feature")]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            ),
            # Editor's picks are a handful among thousands: "Don't miss" and the
            # ends of picks read this small index instead of the whole table.
            models.Index(
                fields=["pick_order", "-published_at"],
                condition=Q(is_editors_pick=True),
                name="article_pick_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for name in TEXT_FIELDS:
            setattr(self, name, strip_control_characters(getattr(self, name)))
        self.body = sanitize_html(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.is_content_edited():
            self.content_modified_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "content_modified_at"}
        hero_changed = self.is_hero_changed()
        super().save(*args, **kwargs)
        if hero_changed:
            # Measured after saving: the stored file is the upright, normalised one.
            self.hero_width, self.hero_height = hero_size(self.hero_image)
            Article.objects.filter(pk=self.pk).update(
                hero_width=self.hero_width, hero_height=self.hero_height
            )
        self._loaded_content = self.content_snapshot()

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        article = super().from_db(db, field_names, values, **kwargs)
        article._loaded_content = article.content_snapshot()
        return article

    def content_snapshot(self):
        # Deferred fields are left out: they cannot have been edited.
        return {
            name: str(self.__dict__[name])
            if name == "hero_image"
            else self.__dict__[name]
            for name in CONTENT_FIELDS
            if name in self.__dict__
        }

    def is_hero_changed(self):
        loaded = getattr(self, "_loaded_content", None)
        if loaded is None:
            return bool(self.hero_image)
        return (
            "hero_image" in loaded
            and self.content_snapshot().get("hero_image") != loaded["hero_image"]
        )

    def hero_rendition_size(self, width, height):
        """Return the size of the hero's width×height rendition, or None if unknown."""
        if not (self.hero_width and self.hero_height):
            return None
        return filled_size((self.hero_width, self.hero_height), (width, height))

    def is_content_edited(self):
        loaded = getattr(self, "_loaded_content", None)
        if loaded is None:
            return True
        current = self.content_snapshot()
        return any(current.get(name, value) != value for name, value in loaded.items())

    @property
    def modified_at(self):
        """Return when readers' content last changed, or when it went out."""
        return self.content_modified_at or self.published_at

    @property
    def is_live(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def byline_authors(self):
        """Return the authors in byline order (prefetched by for_display())."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def body_text(self):
        # Plain text, so templates and feeds escape it exactly once.
        return html.unescape(strip_tags(self.body))

    @property
    def excerpt(self):
        return self.dek or Truncator(self.body_text).words(30)

    @property
    def reading_minutes(self):
        return max(1, round(len(self.body_text.split()) / WORDS_PER_MINUTE))

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.seo_description or Truncator(self.excerpt).chars(160)


class Byline(models.Model):
    article = models.ForeignKey(Article, models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="byline_unique_author"
            )
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class SlugRedirect(models.Model):
    """An address an article used to have, kept so old links still work."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class Correction(models.Model):
    """A dated correction or editor's note shown at the end of a published article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        NOTE = "note", "Editor's note"

    article = models.ForeignKey(Article, models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(help_text="Plain text: what was wrong and what is right.")
    created_at = models.DateTimeField("date", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"


class Autosave(models.Model):
    """An editor's unsaved form, kept so it can be restored; it never publishes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    # None while the article has never been saved.
    article = models.ForeignKey(
        Article, models.CASCADE, null=True, blank=True, related_name="autosaves"
    )
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_article",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_one_new_article",
            ),
        ]

    def __str__(self):
        return f"Autosave by {self.user} of {self.article or 'a new article'}"


@receiver(pre_save, sender=Article)
def remember_saved_row(sender, instance, raw, **kwargs):
    """Note the stored slug and whether the stored article was live, before a save.

    Slug history redirects the old slug and the page cache retires what the save
    takes off the site; both read these, so the row is read once.
    """
    saved = None
    if not raw and instance.pk is not None:
        saved = (
            Article.objects.filter(pk=instance.pk)
            .values_list("slug", "status", "published_at")
            .first()
        )
    slug, status, published_at = saved or (None, None, None)
    instance._previous_slug = slug
    instance._was_live = (
        status == Status.PUBLISHED
        and published_at is not None
        and published_at <= timezone.now()
    )
