from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category
from common.models import SiteSettings


def site(request):
    identity = SimpleLazyObject(SiteSettings.current)
    return {
        "site": identity,
        "site_name": SimpleLazyObject(lambda: identity.name),
        "site_url": settings.SITE_URL,
        "nav_categories": Category.objects.all,
    }
