from django.urls import path

from . import feeds, views

app_name = "authors"

urlpatterns = [
    path("author/<slug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed(), name="feed"),
]
