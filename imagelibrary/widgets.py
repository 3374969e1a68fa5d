from django import forms
from django.urls import reverse

from .models import LibraryImage


class LibraryPickerWidget(forms.HiddenInput):
    """A chosen library image's id, with its preview and a searchable picker."""

    template_name = "imagelibrary/picker.html"
    # Set by a form that kept an upload in the library through a validation error.
    kept_upload = False

    @property
    def is_hidden(self):
        # The admin hides the rows of hidden inputs; this one shows a picker.
        return False

    class Media:
        css = {"all": ["css/admin-library.css"]}
        js = ["js/admin-library.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        if value not in (None, ""):
            chosen = LibraryImage.objects.filter(pk=value).first()
        context["chosen"] = chosen
        context["kept_upload"] = self.kept_upload
        context["search_url"] = reverse("admin:imagelibrary_libraryimage_search")
        return context
