"""Keep tag names free of control characters, as the models do for their own text.

taggit's Tag is not ours to subclass, so its names are cleaned before each save.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.models import Tag

from common.text import strip_control_characters


@receiver(pre_save, sender=Tag)
def clean_tag_name(sender, instance, **kwargs):
    instance.name = strip_control_characters(instance.name)
