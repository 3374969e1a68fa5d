"""Keep every address an article had working: an old slug redirects to the new one."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Article, SlugRedirect


@receiver(post_save, sender=Article)
def keep_old_slug_working(sender, instance, raw, **kwargs):
    if raw:
        return
    # The current slug always wins over a redirect that used to claim it.
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()
    # Noted before the save by models.remember_saved_row.
    previous = getattr(instance, "_previous_slug", None)
    if previous and previous != instance.slug:
        SlugRedirect.objects.update_or_create(
            old_slug=previous, defaults={"article": instance}
        )
