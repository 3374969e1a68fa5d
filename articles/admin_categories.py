"""The category admin: sections in navigation order, with their article counts."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Article


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
