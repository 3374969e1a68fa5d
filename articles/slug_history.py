"""Keep every address an article had working: an old slug redirects to the new one."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import Article, SlugRedirect


@receiver(pre_save, sender=Article)
def remember_previous_slug(sender, instance, raw, **kwargs):
    if raw or instance.pk is None:
        instance._previous_slug = None
        return
    instance._previous_slug = (
        Article.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    )


@receiver(post_save, sender=Article)
def keep_old_slug_working(sender, instance, raw, **kwargs):
    if raw:
        return
    # The current slug always wins over a redirect that used to claim it.
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()
    previous = getattr(instance, "_previous_slug", None)
    if previous and previous != instance.slug:
        SlugRedirect.objects.update_or_create(
            old_slug=previous, defaults={"article": instance}
        )
