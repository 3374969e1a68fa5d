from django import forms

from .models import LibraryImage


class LibraryUploadForm(forms.ModelForm):
    """Add a picture to the library from the body editor; alt text is required."""

    class Meta:
        model = LibraryImage
        fields = ["file", "alt_text", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].required = True
        self.fields["alt_text"].error_messages["required"] = (
            "Describe the image for readers who cannot see it."
        )
