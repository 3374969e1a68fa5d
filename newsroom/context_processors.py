from django.conf import settings

from articles.models import Category


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_categories": Category.objects.all,
    }
