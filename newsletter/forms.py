from django import forms
from django.core.exceptions import ValidationError

from . import services
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
        if "period" in cleaned_data:
            digest = services.compose_digest(period=cleaned_data["period"])
            if digest is None:
                raise ValidationError(
                    "Nothing was published in this period, so there is nothing to send."
                )
            self.instance.subject = digest.subject
            self.instance.html = digest.html
            self.instance.text = digest.text
        return cleaned_data
