"""The article admin's own views: the form's autosave, and comparing two versions."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from . import history
from .forms import AUTOSAVED_FIELDS
from .models import Article, Autosave


@require_POST
def autosave(request, model_admin, object_id=None):
    article = None
    if object_id is not None:
        article = get_object_or_404(Article, pk=object_id)
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    if "discard" in request.POST:
        Autosave.objects.filter(user=request.user, article=article).delete()
        return JsonResponse({"discarded": True})
    data = {
        name: request.POST.getlist(name)
        for name in AUTOSAVED_FIELDS
        if name in request.POST
    }
    saved, _ = Autosave.objects.update_or_create(
        user=request.user, article=article, defaults={"data": data}
    )
    when = date_format(timezone.localtime(saved.saved_at), "H:i:s")
    return JsonResponse({"saved_at": saved.saved_at.isoformat(), "label": when})


def restorable(request, article):
    """Return the editor's autosaved form data for article as initial values."""
    saved = Autosave.objects.filter(user=request.user, article=article).first()
    if saved is None:
        return None
    initial = {}
    for name in AUTOSAVED_FIELDS:
        if name in saved.data:
            values = saved.data[name]
            initial[name] = values if name == "tags" else values[-1]
    return initial


def autosave_context(request, article):
    """Return what the change form needs to autosave and to offer a restore."""
    saved = Autosave.objects.filter(user=request.user, article=article).first()
    newer = saved is not None and (
        article is None or saved.saved_at > article.updated_at
    )
    autosave_url = (
        reverse("admin:articles_article_autosave", args=[article.pk])
        if article is not None
        else reverse("admin:articles_article_autosave_new")
    )
    return {
        "autosave": saved if newer and "restore" not in request.GET else None,
        "autosave_url": autosave_url,
        "autosave_seconds": settings.ARTICLE_AUTOSAVE_SECONDS,
    }


def compare(request, model_admin, object_id):
    article = get_object_or_404(Article, pk=object_id)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    records = article.history.all()
    older = get_object_or_404(records, history_id=request.GET.get("from", 0))
    newer = get_object_or_404(records, history_id=request.GET.get("to", 0))
    if older.history_date > newer.history_date:
        older, newer = newer, older
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Compare versions of “{article}”",
        "opts": model_admin.opts,
        "original": article,
        "older": older,
        "newer": newer,
        "rows": history.compare(older, newer),
    }
    return TemplateResponse(request, "admin/articles/article/compare.html", context)
