from django import template

from newsletter.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/signup_form.html")
def signup_form(prefix="signup"):
    """Render an empty signup form whose element ids start with prefix."""
    return {"form": SubscribeForm(), "prefix": prefix}
