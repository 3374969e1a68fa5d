from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import readership
from .forms import ArticleAdminForm
from .models import Article, Byline, Category, Status

# What only editors (holders of articles.publish_article) may set.
PUBLISHING_FIELDS = [
    "published_at",
    "is_featured",
    "is_editors_pick",
    "pick_order",
    "pick_until",
]
LIST_AND_FORM = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def can_publish(user):
    return user.has_perm("articles.publish_article")


def is_own(user, article):
    """Return whether user created article or is one of its bylined authors."""
    return article.created_by_id == user.pk or any(
        byline.author.user_id == user.pk for byline in article.bylines.all()
    )


def owned_by(user):
    return Q(created_by=user) | Q(
        pk__in=Byline.objects.filter(author__user=user).values("article_id")
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count", "live_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        live = (
            Article.objects.published()
            .filter(category=OuterRef("pk"))
            .order_by()
            .values("category")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("articles"),
                live_count=Coalesce(
                    Subquery(live, output_field=IntegerField()), Value(0)
                ),
            )
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, category):
        return category.article_count

    @admin.display(description="published", ordering="live_count")
    def live_count(self, category):
        return category.live_count


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    extra = 0
    min_num = 1
    verbose_name = "author"
    verbose_name_plural = "authors (lowest position first)"


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline]
    list_display = [
        "thumbnail",
        "title",
        "status_display",
        "byline",
        "category",
        "published_at_display",
        "view_count",
    ]
    list_display_links = ["title"]
    list_filter = [
        "status",
        "category",
        "authors",
        "is_editors_pick",
        "is_featured",
        "published_at",
    ]
    list_select_related = ["category"]
    list_per_page = 50
    search_fields = ["title", "dek", "authors__name"]
    date_hierarchy = "published_at"
    # Unscheduled drafts first on every database, then the newest.
    ordering = [F("published_at").desc(nulls_first=True), "-created_at"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category"]
    readonly_fields = ["hero_preview", "views_chart"]
    save_on_top = True
    actions = ["publish_now", "unpublish", "mark_editors_pick", "unmark_editors_pick"]
    history_list_display = ["status"]
    fieldsets = [
        ("Story", {"fields": ["title", "slug", "dek", "body"]}),
        (
            "Image",
            {
                "fields": [
                    "hero_image",
                    "hero_preview",
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                ]
            },
        ),
        (
            "Filing",
            {"fields": ["category", "tags", "new_tags", "status", "published_at"]},
        ),
        (
            "Promotion",
            {"fields": ["is_featured", "is_editors_pick", "pick_order", "pick_until"]},
        ),
        (
            "SEO",
            {
                "fields": ["seo_title", "seo_description", "is_noindex"],
                "classes": ["collapse"],
            },
        ),
        ("Readership", {"fields": ["views_chart"]}),
    ]

    def get_urls(self):
        view = partial(readership.readership_view, model_admin=self)
        return [
            path(
                "readership/",
                self.admin_site.admin_view(view),
                name="articles_readership",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).for_display()
        if can_publish(request.user):
            return queryset
        return queryset.filter(owned_by(request.user))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only: the "new tags" box has nothing to show.
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "new_tags"],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if can_publish(request.user):
            return readonly
        return [*readonly, *PUBLISHING_FIELDS]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = can_publish(request.user)
        return form

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or can_publish(request.user) or is_own(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return is_own(request.user, obj) and obj.status != Status.PUBLISHED

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_history_permission(self, request, obj=None):
        return self.has_publish_permission(request) and self.has_change_permission(
            request, obj
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history only hides the Revert button; refuse the POST as well.
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def view_on_site(self, article):
        # Unpublished work has no public page yet; the Preview link covers it.
        return article.get_absolute_url() if article.is_live else None

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="image")
    def thumbnail(self, article):
        if not article.hero_image:
            return ""
        return format_html(
            '<img src="{}" alt="" width="64" height="36" loading="lazy">',
            article.hero_400.url,
        )

    @admin.display(description="status", ordering="status")
    def status_display(self, article):
        return "Scheduled" if article.is_scheduled else article.get_status_display()

    @admin.display(description="publish time", ordering="published_at")
    def published_at_display(self, article):
        if article.published_at is None:
            return ""
        return date_format(timezone.localtime(article.published_at), "j M Y, H:i")

    @admin.display(description="authors")
    def byline(self, article):
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description="views")
    def views_chart(self, article):
        return readership.article_chart(article)

    @admin.display(description="current image")
    def hero_preview(self, article):
        if not article.hero_image:
            return "No image yet."
        return format_html(
            '<img src="{}" alt="{}" width="400" height="225">',
            article.hero_400.url,
            article.hero_alt,
        )

    def _report(self, request, count, singular, plural):
        self.message_user(
            request,
            ngettext(singular, plural, count) % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )

    def _save_each(self, articles, change, reason):
        count = 0
        for article in articles:
            if change(article):
                article._change_reason = reason
                article.save()
                count += 1
        return count

    @admin.action(
        permissions=["publish"],
        description="Publish now",
        description_plural="Publish selected articles now",
        location=LIST_AND_FORM,
    )
    def publish_now(self, request, queryset):
        now = timezone.now()

        def change(article):
            if article.is_live:
                return False
            article.status = Status.PUBLISHED
            if article.published_at is None or article.published_at > now:
                article.published_at = now
            return True

        count = self._save_each(queryset, change, "Published now")
        self._report(
            request,
            count,
            "Published %(count)d article.",
            "Published %(count)d articles.",
        )

    @admin.action(
        permissions=["publish"],
        description="Unpublish (back to draft)",
        description_plural="Unpublish selected articles (back to draft)",
        location=LIST_AND_FORM,
    )
    def unpublish(self, request, queryset):
        def change(article):
            if article.status != Status.PUBLISHED:
                return False
            article.status = Status.DRAFT
            return True

        count = self._save_each(queryset, change, "Unpublished")
        self._report(
            request,
            count,
            "Moved %(count)d article back to draft.",
            "Moved %(count)d articles back to draft.",
        )

    @admin.action(
        permissions=["publish"],
        description="Mark as editor's pick",
        description_plural="Mark selected articles as editor's picks",
        location=LIST_AND_FORM,
    )
    def mark_editors_pick(self, request, queryset):
        now = timezone.now()

        def change(article):
            expired = article.pick_until is not None and article.pick_until <= now
            if article.is_editors_pick and not expired:
                return False
            article.is_editors_pick = True
            # An expired end time would keep the article out of "Don't miss".
            if expired:
                article.pick_until = None
            return True

        count = self._save_each(queryset, change, "Marked as editor's pick")
        self._report(
            request,
            count,
            "Marked %(count)d article as an editor's pick.",
            "Marked %(count)d articles as editor's picks.",
        )

    @admin.action(
        permissions=["publish"],
        description="Remove from editor's picks",
        description_plural="Remove selected articles from editor's picks",
        location=LIST_AND_FORM,
    )
    def unmark_editors_pick(self, request, queryset):
        def change(article):
            if not article.is_editors_pick:
                return False
            article.is_editors_pick = False
            return True

        count = self._save_each(queryset, change, "Removed from editor's picks")
        self._report(
            request,
            count,
            "Removed %(count)d article from editor's picks.",
            "Removed %(count)d articles from editor's picks.",
        )
