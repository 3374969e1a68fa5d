from django.urls import path

from . import views

app_name = "readership"

urlpatterns = [
    path("articles/<slug:slug>/view/", views.count_view, name="view"),
]
