from django.urls import path

from . import feeds, views
from .listings import AUTHOR, CATEGORY, TAG

app_name = "articles"

urlpatterns = [
    path("articles/preview/<int:pk>/", views.preview, name="preview"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleFeed(atom=True), name="feed-atom"),
]
for listing, slug in [(CATEGORY, "slug"), (TAG, "str"), (AUTHOR, "slug")]:
    # taggit keeps letters of every script in tag slugs ("zürich"); <slug:> would not.
    route = f"{listing.kind}/<{slug}:slug>/"
    urlpatterns += [
        path(route, views.ListingView.as_view(listing=listing), name=listing.kind),
        path(f"{route}feed/", feeds.ArticleFeed(listing), name=f"{listing.kind}-feed"),
        path(
            f"{route}feed/atom/",
            feeds.ArticleFeed(listing, atom=True),
            name=f"{listing.kind}-feed-atom",
        ),
    ]
