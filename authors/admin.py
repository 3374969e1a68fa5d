from django.contrib import admin

from common.images import thumbnail

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
        return thumbnail(author.photo and author.photo_96.url, 48, 48)

    @admin.display(description="current photo")
    def photo_preview(self, author):
        url = author.photo and author.photo_192.url
        return thumbnail(url, 192, 192, alt=author.name) or "No photo yet."
