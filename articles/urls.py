from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("articles/preview/<int:pk>/", views.preview, name="preview"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/view/", views.count_view, name="view"),
    path(
        "category/<slug:slug>/",
        views.CategoryArticleListView.as_view(),
        name="category",
    ),
    # taggit keeps letters of every script in tag slugs ("zürich"); <slug:> would not.
    path("tag/<str:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("tag/<str:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
]
