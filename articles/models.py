import html

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag

from common.html import sanitize_html
from common.images import NewsImageField, rendition

WORDS_PER_MINUTE = 230
SEARCH_CONFIG = "english"

# What the editor offers; common.html enforces the same allowlist on save.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Code": True,
    "CodeBlock": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}


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
        """Narrow to the articles matching query, best match first.

        PostgreSQL ranks by full-text search over the headline (weighted most), the
        standfirst and tags, then the body; elsewhere every word has to appear in
        one of them, and the newest come first.
        """
        if connection.vendor == "postgresql":
            tag_names = Subquery(
                Tag.objects.filter(article=OuterRef("pk"))
                .values("article")
                .annotate(names=StringAgg("name", delimiter=Value(" ")))
                .values("names")
            )
            document = (
                SearchVector("title", weight="A", config=SEARCH_CONFIG)
                + SearchVector("dek", tag_names, weight="B", config=SEARCH_CONFIG)
                + SearchVector("body", weight="C", config=SEARCH_CONFIG)
            )
            terms = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
            return (
                self.annotate(document=document)
                .filter(document=terms)
                .annotate(rank=SearchRank(F("document"), terms))
                .order_by("-rank", "-published_at", "-id")
            )
        matches = self
        for word in query.replace('"', " ").split():
            matches = matches.filter(
                Q(title__icontains=word)
                | Q(dek__icontains=word)
                | Q(body__icontains=word)
                | Exists(
                    Tag.objects.filter(article=OuterRef("pk"), name__icontains=word)
                )
            )
        return matches.order_by("-published_at", "-id")

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
        extensions=BODY_EDITOR_EXTENSIONS, sanitize=sanitize_html, blank=True
    )
    hero_image = NewsImageField(upload_to="articles/%Y/%m/", blank=True)
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
    # Bumped by every save; publishing.save() refuses an edit made to an older one.
    version = models.PositiveIntegerField(default=1, editable=False)

    hero_400 = rendition("hero_image", 400, 225, "WEBP")
    hero_800 = rendition("hero_image", 800, 450, "WEBP")
    hero_1200 = rendition("hero_image", 1200, 675, "WEBP")
    hero_400_jpeg = rendition("hero_image", 400, 225, "JPEG")
    hero_800_jpeg = rendition("hero_image", 800, 450, "JPEG")
    hero_1200_jpeg = rendition("hero_image", 1200, 675, "JPEG")

    history = HistoricalRecords(
        excluded_fields=["view_count", "updated_at"], bases=[ArticleSnapshot]
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule and feature")]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

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
