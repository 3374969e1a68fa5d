import re

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from taggit.models import Tag

from common.images import ImageUploadField, validate_image_file
from imagelibrary.models import LibraryImage
from imagelibrary.widgets import LibraryPickerWidget

from . import history, permissions, publishing
from .models import Article, Status

IMAGE_SOURCE = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]*)\"")
# What autosave keeps and a restore fills in: the story, never its publishing state.
AUTOSAVED_FIELDS = [
    "title",
    "slug",
    "dek",
    "body",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "category",
    "tags",
    "seo_title",
    "seo_description",
]


class TagWidget(forms.SelectMultiple):
    """A select of tag names that admin-tags.js turns into a type-ahead tag box."""

    class Media:
        css = {
            "all": [
                "admin/css/vendor/select2/select2.min.css",
                "admin/css/autocomplete.css",
            ]
        }
        js = [
            "admin/js/vendor/jquery/jquery.min.js",
            "admin/js/vendor/select2/select2.full.min.js",
            "admin/js/jquery.init.js",
            "js/admin-tags.js",
        ]

    def get_context(self, name, value, attrs):
        # Only the chosen names are options; suggestions come from the admin's
        # autocomplete view as the editor types.
        self.choices = [(tag, tag) for tag in value or []]
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-tag-input"] = reverse("admin:autocomplete")
        return context

    def format_value(self, value):
        return [tag.name if isinstance(tag, Tag) else str(tag) for tag in value or []]


class TagField(forms.MultipleChoiceField):
    """Tag names, each kept whole: "Quasar X1" is one tag, not two."""

    widget = TagWidget

    def valid_value(self, value):
        return True

    def prepare_value(self, value):
        return [tag.name if isinstance(tag, Tag) else tag for tag in value or []]

    def clean(self, value):
        names = []
        for name in super().clean(value):
            name = " ".join(name.split())
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
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
        # An existing tag keeps its spelling, whatever case the editor typed.
        existing = {
            tag.casefold(): tag
            for tag in Tag.objects.filter(name__in=names).values_list("name", flat=True)
        }
        for name in names:
            if name.casefold() not in existing:
                match = Tag.objects.filter(name__iexact=name).first()
                if match is not None:
                    existing[name.casefold()] = match.name
        return [existing.get(name.casefold(), name) for name in names]


def conflict_message(article, seen_version):
    """Explain who saved article since seen_version and what they changed."""
    records = list(article.history.order_by("history_date", "history_id"))
    lines = []
    for previous, record in zip([None, *records], records, strict=False):
        if record.version is None or record.version <= seen_version:
            continue
        who = record.history_user.get_username() if record.history_user else "A command"
        when = date_format(timezone.localtime(record.history_date), "j M Y, H:i")
        reason = record.history_change_reason or "Saved"
        lines.append((who, when, reason, history.change_summary(record, previous)))
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    return format_html(
        "Someone else saved this article after you opened it, so your save was "
        "refused and nothing was overwritten. Since you opened it:"
        "<ul>{}</ul>Your text is still in the form below: copy what you need, then "
        '<a href="{}" target="_blank" rel="noopener">open the current version</a> '
        "and make your changes there.",
        format_html_join(
            "", "<li>{} at {}: {} ({})</li>", lines or [("Someone", "", "", "")]
        ),
        change_url,
    )


class ArticleAdminForm(forms.ModelForm):
    """Edit an article in the admin.

    ArticleAdmin.get_form() sets can_publish, user, action (the button pressed:
    one of publishing.ACTIONS or None) and autosave (form data to restore).
    """

    can_publish = False
    user = None
    action = None
    autosave = None

    # The version the form was opened at; "version" itself is not editable.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    tags = TagField(
        required=False,
        help_text="Type to find existing tags; press Enter or comma to add a new one. "
        "A tag may have several words.",
    )
    take_over_slug = forms.BooleanField(
        label="Take over this address",
        required=False,
        help_text="Only when the slug redirects to another article: its old link "
        "then opens this one.",
    )
    hero_library = forms.ModelChoiceField(
        LibraryImage.objects.all(),
        label="From the library",
        required=False,
        widget=LibraryPickerWidget,
        help_text="Choose a picture from the media library, or upload a new one.",
    )
    hero_upload = ImageUploadField(
        label="Upload a new image",
        required=False,
        help_text="JPEG, PNG, WebP or GIF. It is added to the media library.",
    )
    hero_remove = forms.BooleanField(
        label="Remove the image", required=False, help_text="The article has none."
    )

    def __init__(self, *args, **kwargs):
        if self.autosave:
            kwargs["initial"] = {**self.autosave, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        record = history.to_record(self.instance)
        if self.instance.pk is not None:
            # A restore starts from the saved version, not from the old record's.
            current = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.initial["seen_version"] = current
        if record is not None:
            self.initial["tags"] = record.tag_names
        if self.instance.hero_image and "hero_library" not in self.initial:
            self.initial["hero_library"] = LibraryImage.objects.filter(
                file=self.instance.hero_image.name
            ).first()
        if not self.can_publish:
            self.fields.pop("take_over_slug", None)
            if "status" in self.fields:
                # Only the menu shrinks: clean_status() explains a refused "published".
                self.fields["status"].widget.choices = [
                    choice for choice in Status.choices if choice[0] != Status.PUBLISHED
                ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Status.PUBLISHED and not self.can_publish:
            raise forms.ValidationError(
                "Only editors can publish. Set the status to Draft, or press "
                "“Submit for review” when the article is ready for an editor.",
                code="cannot_publish",
            )
        return status

    def clean_body(self):
        body = self.cleaned_data["body"]
        if settings.BODY_EXTERNAL_IMAGES:
            return body
        media = default_storage.url("").rstrip("/") + "/"
        if external := [
            src for src in IMAGE_SOURCE.findall(body) if not src.startswith(media)
        ]:
            raise forms.ValidationError(
                "Images in the body must be uploaded to the site: use the image "
                "button in the editor's toolbar instead of pasting %(sources)s.",
                code="external_image",
                params={"sources": ", ".join(external)},
            )
        return body

    def clean_hero_upload(self):
        upload = self.cleaned_data.get("hero_upload")
        if upload:
            validate_image_file(upload)
        return upload

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        self.instance.slug = slug
        claim = publishing.slug_claim(self.instance)
        if claim is None:
            return slug
        other = claim.article
        where = format_html(
            "“{}” ({})",
            other.title,
            reverse("admin:articles_article_change", args=[other.pk]),
        )
        if not permissions.can_take_over_slug(self.user):
            raise forms.ValidationError(
                format_html(
                    "This address is the old address of {}, and readers of that "
                    "article still use it. Choose another slug.",
                    where,
                ),
                code="slug_taken",
            )
        if not self.data.get(self.add_prefix("take_over_slug")):
            raise forms.ValidationError(
                format_html(
                    "This address redirects to {}. Tick “Take over this address” "
                    "to give it to this article: that article's old link will "
                    "then open this one.",
                    where,
                ),
                code="slug_redirects",
            )
        return slug

    def clean(self):
        cleaned_data = super().clean()
        self._check_version(cleaned_data.get("seen_version"))
        if self.action == "schedule":
            published_at = cleaned_data.get("published_at")
            if published_at is None or published_at <= timezone.now():
                self.add_error(
                    "published_at",
                    forms.ValidationError(
                        "Set a publish time in the future to schedule the article.",
                        code="schedule_in_past",
                    ),
                )
        if self.action in {"publish", "schedule", "unpublish"} and not self.can_publish:
            raise forms.ValidationError("Only editors can publish.", code="denied")
        chosen = cleaned_data.get("hero_library")
        has_image = not cleaned_data.get("hero_remove") and bool(
            cleaned_data.get("hero_upload") or chosen or self.instance.hero_image
        )
        if chosen and not cleaned_data.get("hero_alt"):
            cleaned_data["hero_alt"] = chosen.alt_text
        if has_image and not cleaned_data.get("hero_alt"):
            self.add_error(
                "hero_alt",
                forms.ValidationError(
                    "Alt text is required when the article has an image: "
                    "describe the image for readers who cannot see it.",
                    code="alt_required",
                ),
            )
        return cleaned_data

    def _check_version(self, version):
        if self.instance.pk is None:
            return
        current = (
            Article.objects.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        seen = current if version is None else version
        self.instance.version = seen
        if current is not None and seen != current:
            raise forms.ValidationError(
                conflict_message(self.instance, seen), code="edit_conflict"
            )

    def full_clean(self):
        super().full_clean()
        upload = getattr(self, "cleaned_data", {}).get("hero_upload")
        if self.errors and upload:
            # Keep a good upload through an error elsewhere: it goes into the
            # library now, and the form comes back with it chosen.
            kept = LibraryImage.objects.create(
                file=upload,
                alt_text=self.cleaned_data.get("hero_alt", ""),
                caption=self.cleaned_data.get("hero_caption", ""),
                credit=self.cleaned_data.get("hero_credit", ""),
                uploaded_by=self.user,
            )
            self.data = self.data.copy()
            self.data[self.add_prefix("hero_library")] = str(kept.pk)
            self.fields["hero_library"].widget.kept_upload = True

    def save(self, commit=True):
        article = super().save(commit=False)
        data = self.cleaned_data
        chosen = data.get("hero_library")
        if upload := data.get("hero_upload"):
            chosen = LibraryImage.objects.create(
                file=upload,
                alt_text=data.get("hero_alt", ""),
                caption=data.get("hero_caption", ""),
                credit=data.get("hero_credit", ""),
                uploaded_by=self.user,
            )
        if data.get("hero_remove"):
            article.hero_image = ""
        elif chosen is not None and chosen.file.name != article.hero_image.name:
            # The article shows the library's stored file; nothing is copied.
            article.hero_image.name = chosen.file.name
            article.hero_caption = article.hero_caption or chosen.caption
            article.hero_credit = article.hero_credit or chosen.credit
        if commit:
            article.save()
            self._save_m2m()
        return article
