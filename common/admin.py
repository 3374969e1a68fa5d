from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "tagline", "description"]}),
        ("Pictures", {"fields": ["logo", "share_image"]}),
        (
            "Pages",
            {"fields": ["about", "masthead", "contact_email", "contact", "privacy"]},
        ),
        (
            "Social profiles",
            {
                "fields": [
                    "x_url",
                    "mastodon_url",
                    "bluesky_url",
                    "facebook_url",
                    "linkedin_url",
                    "youtube_url",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # One row, created on first visit: the list would only ever link to it.
        settings = SiteSettings.current()
        if settings._state.adding:
            settings.save()
        return redirect("admin:common_sitesettings_change", settings.pk)
