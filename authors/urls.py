from django.urls import path

from . import views

app_name = "authors"

urlpatterns = [
    path("author/<slug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
]
