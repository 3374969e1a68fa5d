from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from common.images import thumbnail

from . import permissions, publishing
from .forms import ArticleAdminForm
from .models import Article, Byline, Category

LIST_AND_FORM = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def publishing_action(name, operation, description, description_plural, done):
    """Make an admin action that runs a publishing operation and reports its count.

    done is a (singular, plural) pair of messages with a %(count)d placeholder.
    """

    @admin.action(
        permissions=["publish"],
        description=description,
        description_plural=description_plural,
        location=LIST_AND_FORM,
    )
    def action(model_admin, request, queryset):
        count = operation(queryset, user=request.user)
        model_admin.message_user(
            request,
            ngettext(*done, count) % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )

    action.__name__ = name
    return action


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
    readonly_fields = ["hero_preview"]
    save_on_top = True
    actions = [
        publishing_action(
            "publish_now",
            publishing.publish,
            "Publish now",
            "Publish selected articles now",
            ("Published %(count)d article.", "Published %(count)d articles."),
        ),
        publishing_action(
            "unpublish",
            publishing.unpublish,
            "Unpublish (back to draft)",
            "Unpublish selected articles (back to draft)",
            (
                "Moved %(count)d article back to draft.",
                "Moved %(count)d articles back to draft.",
            ),
        ),
        publishing_action(
            "mark_editors_pick",
            publishing.pick,
            "Mark as editor's pick",
            "Mark selected articles as editor's picks",
            (
                "Marked %(count)d article as an editor's pick.",
                "Marked %(count)d articles as editor's picks.",
            ),
        ),
        publishing_action(
            "unmark_editors_pick",
            publishing.unpick,
            "Remove from editor's picks",
            "Remove selected articles from editor's picks",
            (
                "Removed %(count)d article from editor's picks.",
                "Removed %(count)d articles from editor's picks.",
            ),
        ),
    ]
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
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).for_display()
        return permissions.visible_articles(request.user, queryset)

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
        if permissions.can_publish(request.user):
            return readonly
        return [*readonly, *permissions.PUBLISHING_FIELDS]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = permissions.can_publish(request.user)
        return form

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return permissions.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.can_change(request.user, obj)

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

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
        publishing.save(obj, user=request.user)

    @admin.display(description="image")
    def thumbnail(self, article):
        return thumbnail(article.hero_image and article.hero_400.url, 64, 36)

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

    @admin.display(description="current image")
    def hero_preview(self, article):
        url = article.hero_image and article.hero_400.url
        return thumbnail(url, 400, 225, alt=article.hero_alt) or "No image yet."
