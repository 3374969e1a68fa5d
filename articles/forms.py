from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from taggit.models import Tag
from taggit.utils import parse_tags

from .models import Article, Status


class ArticleAdminForm(forms.ModelForm):
    """Edit an article in the admin; ArticleAdmin.get_form() sets can_publish."""

    can_publish = False

    # taggit's own field is free text; existing tags get the admin's autocomplete
    # (taggit's TagAdmin has search_fields) and new ones a plain text field.
    tags = forms.ModelMultipleChoiceField(
        Tag.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Article._meta.get_field("tags"), admin.site),
        help_text="Start typing to find existing tags.",
    )
    new_tags = forms.CharField(
        label="New tags",
        required=False,
        help_text="Tags that don't exist yet, separated by commas.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.can_publish and "status" in self.fields:
            # Only the menu shrinks: clean_status() explains a refused "published".
            self.fields["status"].widget.choices = [
                choice for choice in Status.choices if choice[0] != Status.PUBLISHED
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Status.PUBLISHED and not self.can_publish:
            raise forms.ValidationError(
                "Only editors can publish. Set the status to Draft, or to In review "
                "when the article is ready for an editor.",
                code="cannot_publish",
            )
        return status

    def clean_new_tags(self):
        names = parse_tags(self.cleaned_data["new_tags"])
        limit = Tag._meta.get_field("name").max_length
        if too_long := [name for name in names if len(name) > limit]:
            raise forms.ValidationError(
                "Tags may be at most %(limit)d characters long: shorten %(names)s.",
                code="tag_too_long",
                params={
                    "limit": limit,
                    "names": ", ".join(f"“{name}”" for name in too_long),
                },
            )
        return names

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("hero_image") and not cleaned_data.get("hero_alt"):
            self.add_error(
                "hero_alt",
                forms.ValidationError(
                    "Alt text is required when the article has a hero image: "
                    "describe the image for readers who cannot see it.",
                    code="alt_required",
                ),
            )
        if "tags" in cleaned_data:
            cleaned_data["tags"] = [
                *cleaned_data["tags"],
                *cleaned_data.get("new_tags", []),
            ]
        return cleaned_data
