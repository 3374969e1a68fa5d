from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("articles/preview/<int:pk>/", views.preview, name="preview"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
]
