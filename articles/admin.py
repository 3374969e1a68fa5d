"""The article admin. Its publishing actions, its own views (autosave, comparing
versions) and the category admin live in admin_actions, admin_views and
admin_categories; permissions and publishing rules in permissions and publishing."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from common.images import thumbnail

from . import admin_views, history, permissions, publishing
from .admin_actions import ACTION_DONE, LIST_ACTIONS, pressed_action
from .admin_categories import CategoryAdmin
from .forms import ArticleAdminForm
from .models import Article, Autosave, Byline, Category, Correction, Status

admin.site.register(Category, CategoryAdmin)


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    extra = 0
    min_num = 1
    verbose_name = "author"
    verbose_name_plural = "authors (drag to reorder)"
    classes = ["sortable-bylines"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    fields = ["kind", "created_at", "text"]
    extra = 0
    verbose_name = "correction or editor's note"
    verbose_name_plural = "corrections and editor's notes"

    def has_add_permission(self, request, obj=None):
        # Corrections belong to published work, and editors append them.
        return (
            obj is not None
            and obj.status == Status.PUBLISHED
            and permissions.can_publish(request.user)
        )

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("review", "Needs review"), ("scheduled", "Scheduled")]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(status=Status.REVIEW)
        if self.value() == "scheduled":
            return queryset.filter(
                status=Status.PUBLISHED, published_at__gt=timezone.now()
            )
        return queryset


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline, CorrectionInline]
    list_display = [
        "thumbnail",
        "title",
        "status_display",
        "byline",
        "category",
        "published_at_display",
        "is_featured",
        "is_editors_pick",
        "view_count",
    ]
    list_display_links = ["title"]
    list_filter = [
        NeedsReviewFilter,
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
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        js = ["js/admin-article.js"]

    actions = LIST_ACTIONS
    history_list_display = ["changes"]
    object_history_list_template = "admin/articles/article/history_list.html"
    fieldsets = [
        (
            "Story",
            {
                "fields": [
                    "seen_version",
                    "title",
                    "slug",
                    "take_over_slug",
                    "dek",
                    "body",
                ]
            },
        ),
        (
            "Image",
            {
                "fields": [
                    "hero_preview",
                    "hero_library",
                    "hero_upload",
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                    "hero_remove",
                ]
            },
        ),
        (
            "Filing",
            {"fields": ["category", "tags", "status", "published_at"]},
        ),
        (
            "Promotion",
            {"fields": ["is_featured", "is_editors_pick", "pick_order", "pick_until"]},
        ),
        (
            "SEO",
            {
                "fields": ["seo_title", "seo_description", "is_noindex"],
                "description": "Leave empty to use the headline and standfirst; "
                "the previews below show what search engines and social sites get.",
            },
        ),
    ]

    def get_inlines(self, request, obj):
        # Corrections are appended to published articles only.
        if obj is None or obj.status != Status.PUBLISHED:
            return [BylineInline]
        return self.inlines

    def get_queryset(self, request):
        queryset = super().get_queryset(request).for_display()
        return permissions.visible_articles(request.user, queryset)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            hidden = (
                set() if permissions.can_publish(request.user) else {"take_over_slug"}
            )
        else:
            # Read-only: show the image itself instead of the boxes that change it.
            hidden = {
                "seen_version",
                "take_over_slug",
                "hero_library",
                "hero_upload",
                "hero_remove",
            }
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in hidden],
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
        form.user = request.user
        form.action = pressed_action(request)
        form.autosave = None
        if request.method == "GET" and "restore" in request.GET:
            form.autosave = admin_views.restorable(request, obj)
        return form

    def get_urls(self):
        return [
            path(
                "add/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave_new",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id=None):
        return admin_views.autosave(request, self, object_id)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except publishing.EditConflict:
            # Someone saved between this form's check and its save: the whole save
            # rolled back, and showing the form again reports the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context |= {
            **admin_views.autosave_context(request, obj),
            "library_upload_url": reverse("admin:imagelibrary_libraryimage_upload"),
            "can_publish": permissions.can_publish(request.user),
            "site_time_zone": settings.TIME_ZONE,
            "future_draft": obj is not None and self.is_future_draft(obj),
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def is_future_draft(article):
        return (
            article.status != Status.PUBLISHED
            and article.published_at is not None
            and article.published_at > timezone.now()
        )

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
        record = history.to_record(obj)
        publishing.save(
            obj,
            user=request.user,
            action=form.action,
            take_over_slug=form.cleaned_data.get("take_over_slug", False),
        )
        if record is not None:
            history.restore_related(obj, record)
            history.refresh_latest(obj)
        # The form's content is saved now, so its autosave has done its job.
        Autosave.objects.filter(
            user=request.user, article=obj if change else None
        ).delete()
        if self.is_future_draft(obj):
            when = date_format(timezone.localtime(obj.published_at), "j M Y, H:i T")
            self.message_user(
                request,
                f"“{obj}” has a publish time ({when}) but is a "
                f"{obj.get_status_display().lower()}, so it will not go live then. "
                "Press “Schedule” to publish it at that time.",
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            if formset.model is Correction:
                for correction in formset.save(commit=False):
                    correction.created_by = correction.created_by or request.user
        super().save_related(request, form, formsets, change)
        history.refresh_latest(form.instance)

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("articles:preview", args=[obj.pk]))
        if (action := pressed_action(request)) is not None:
            self.message_user(request, ACTION_DONE[action] % obj, messages.SUCCESS)
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("articles:preview", args=[obj.pk]))
        if (action := pressed_action(request)) is not None:
            self.message_user(request, ACTION_DONE[action] % obj, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

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

    @admin.display(description="changes")
    def changes(self, record):
        return history.change_summary(record, record.prev_record)

    def set_history_delta_changes(self, request, page_obj, **kwargs):
        # The list shows changes() instead of every field's old and new value.
        return None

    def compare_view(self, request, object_id):
        return admin_views.compare(request, self, object_id)

    @admin.display(description="current image")
    def hero_preview(self, article):
        url = article.hero_image and article.hero_400.url
        return thumbnail(url, 400, 225, alt=article.hero_alt) or "No image yet."
