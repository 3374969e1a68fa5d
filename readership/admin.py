from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from . import charts, rankings
from .models import BeaconOutcome, Readership


@admin.register(Readership)
class ReadershipAdmin(admin.ModelAdmin):
    """The readership page: top articles per window, daily views, beacon outcomes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Readership",
            "opts": self.opts,
            "trending": rankings.trending(10),
            "rankings": [
                (title, rankings.most_viewed(window, 10))
                for window, title in rankings.WINDOWS.items()
            ],
            "chart": charts.bar_chart(
                charts.daily_totals(90),
                label="Views per day on the whole site, last 90 days",
            ),
            "outcomes": BeaconOutcome.labels,
            "outcome_rows": charts.beacon_outcomes(30),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/readership/readership.html", context)
