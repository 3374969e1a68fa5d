from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from articles import sitemaps
from articles import views as article_views

from . import floor, views

admin.site.site_header = f"{settings.SITE_NAME} editors"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Newsroom desk"
# The article list needs the width; breadcrumbs and the index cover navigation.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", article_views.search, name="search"),
    *(
        path(f"{page}/", views.site_page, {"page": page}, name=page)
        for page in views.SITE_PAGES
    ),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        sitemap,
        {
            "sitemaps": sitemaps.NEWS_SITEMAPS,
            "template_name": "articles/news_sitemap.xml",
        },
        name="news-sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Browsers ask for /favicon.ico on pages that don't name an icon (the admin).
    path(
        "favicon.ico",
        views.favicon,
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("newsletter/", include("newsletter.urls")),
    path("", include("articles.urls")),
    path("", include("readership.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", floor.floor, name="bench-floor"))
