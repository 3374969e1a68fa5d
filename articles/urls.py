from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("articles/preview/<int:pk>/", views.preview, name="preview"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path(
        "category/<slug:slug>/",
        views.CategoryArticleListView.as_view(),
        name="category",
    ),
    path("tag/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
]
