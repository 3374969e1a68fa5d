from django.contrib import admin
from django.utils.html import format_html

from .models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "name", "job_title", "user"]
    list_display_links = ["thumbnail", "name"]
    list_select_related = ["user"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "user"]}),
        ("Bio", {"fields": ["short_bio", "bio"]}),
        ("Photo", {"fields": ["photo", "photo_preview"]}),
        (
            "Links",
            {
                "fields": [
                    "website",
                    "x_url",
                    "mastodon_url",
                    "bluesky_url",
                    "linkedin_url",
                    "github_url",
                ]
            },
        ),
    ]

    @admin.display(description="photo")
    def thumbnail(self, author):
        if not author.photo:
            return ""
        return format_html(
            '<img src="{}" alt="" width="48" height="48" loading="lazy">',
            author.photo_96.url,
        )

    @admin.display(description="current photo")
    def photo_preview(self, author):
        if not author.photo:
            return "No photo yet."
        return format_html(
            '<img src="{}" alt="{}" width="192" height="192">',
            author.photo_192.url,
            author.name,
        )
