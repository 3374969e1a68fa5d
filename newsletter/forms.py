from django import forms
from django.core.exceptions import ValidationError

from . import digests
from .models import Digest


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter a valid e-mail address, like name@example.com.",
        },
    )
    consent = forms.BooleanField(
        label="Send me the newsletter. I can unsubscribe with one click at any time.",
        error_messages={"required": "Tick the box to agree to receive the newsletter."},
    )
    # The honeypot: hidden from people, filled in by bots that fill in everything.
    website = forms.CharField(required=False)

    def is_bot(self):
        return bool(self.data.get("website", "").strip())


class DigestAddForm(forms.ModelForm):
    class Meta:
        model = Digest
        fields = ["period"]

    def clean(self):
        cleaned_data = super().clean()
        period = cleaned_data.get("period")
        if period and not digests.has_news(period=period):
            raise ValidationError(
                "Nothing was published in this period, so there is nothing to send."
            )
        return cleaned_data
