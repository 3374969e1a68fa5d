import csv
from itertools import chain

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from common.links import absolute_url

from . import digests, emails, services, tasks
from .forms import DigestAddForm
from .models import BlockedDomain, Delivery, Digest, Subscriber, SubscriberStatus

EXPORT_FIELDS = [
    "email",
    "status",
    "source",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
    "bounced_at",
    "complained_at",
]


class Echo:
    """Hand back what csv.writer writes, so rows can be streamed one by one."""

    def write(self, value):
        return value


def _cell(value):
    if value is None:
        return ""
    # A leading =, +, - or @ makes spreadsheets run the cell as a formula.
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return f"'{text}" if text.startswith(("=", "+", "-", "@")) else text


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "created_at", "confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "status",
        "source",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "complained_at",
    ]
    actions = ["unsubscribe", "export_csv"]
    show_full_result_count = False

    def has_add_permission(self, request):
        # Everyone on the list confirmed by e-mail; nobody is added by hand.
        return False

    @admin.action(
        description="Unsubscribe selected subscribers", permissions=["change"]
    )
    def unsubscribe(self, request, queryset):
        count = services.unsubscribe(subscribers=queryset)
        self.message_user(request, f"Unsubscribed {count} subscriber(s).")

    @admin.action(description="Export selected subscribers as CSV")
    def export_csv(self, request, queryset):
        writer = csv.writer(Echo())
        rows = queryset.order_by("pk").values_list(*EXPORT_FIELDS).iterator(2000)
        lines = (
            writer.writerow([_cell(value) for value in row])
            for row in chain([EXPORT_FIELDS], rows)
        )
        response = StreamingHttpResponse(lines, content_type="text/csv")
        filename = f"subscribers-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            totals = changelist.queryset.order_by().aggregate(
                **{
                    status: Count("pk", filter=Q(status=status))
                    for status in SubscriberStatus.values
                }
            )
            response.context_data["status_totals"] = [
                (label, totals[status]) for status, label in SubscriberStatus.choices
            ]
        return response


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "reason", "created_at"]
    search_fields = ["domain", "reason"]


NEEDS_WORKER = (
    "Sending from here needs a task worker: set TASKS_BACKEND=database and run "
    "manage.py db_worker. Until then, manage.py send_digest sends it."
)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "period",
        "created_at",
        "queued_at",
        "sent_at",
        "delivered",
    ]
    list_filter = ["period", "sent_at"]
    readonly_fields = [
        "subject",
        "period",
        "created_at",
        "queued_at",
        "sent_at",
        "delivered",
        "preview",
    ]
    fields = readonly_fields

    show_full_result_count = False

    def get_queryset(self, request):
        # A subquery rather than a join, so that counting digests for the paginator
        # does not read every delivery ever made; the e-mails themselves are only
        # read by the preview.
        delivered = (
            Delivery.objects.filter(digest=OuterRef("pk"), sent_at__isnull=False)
            .order_by()
            .values("digest")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .defer("html", "text")
            .annotate(delivered_count=Coalesce(Subquery(delivered), 0))
        )

    @admin.display(description="delivered", ordering="delivered_count")
    def delivered(self, digest):
        return digest.delivered_count

    @admin.display(description="e-mail")
    def preview(self, digest):
        return format_html(
            '<p><a class="button" href="{}">Send…</a></p>'
            '<iframe src="{}" title="The e-mail as sent" '
            'style="width:100%;max-width:720px;height:900px;border:1px solid #ccc">'
            "</iframe>",
            reverse("admin:newsletter_digest_send", args=[digest.pk]),
            reverse("admin:newsletter_digest_preview", args=[digest.pk]),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DigestAddForm
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        # The add form checked there is news; the digest is built from it now.
        composed = digests.compose_digest(period=obj.period)
        obj.subject, obj.html, obj.text = composed.subject, composed.html, composed.text
        super().save_model(request, obj, form, change)

    def get_fields(self, request, obj=None):
        return ["period"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # A digest is what subscribers get; it is rebuilt, never edited.
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_digest_preview",
            ),
            path(
                "<int:pk>/send/",
                self.admin_site.admin_view(self.send_view),
                name="newsletter_digest_send",
            ),
            *super().get_urls(),
        ]

    # The digest's page shows this in an iframe.
    @xframe_options_sameorigin
    @csp_override({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]})
    def preview_view(self, request, pk):
        digest = get_object_or_404(Digest, pk=pk)
        if not self.has_view_permission(request, digest):
            raise PermissionDenied
        sample = absolute_url(reverse("newsletter:index"))
        return HttpResponse(emails.digest_html(digest, unsubscribe=sample))

    def send_view(self, request, pk):
        digest = get_object_or_404(Digest, pk=pk)
        if not request.user.has_perm("newsletter.send_digest"):
            raise PermissionDenied
        change_url = reverse("admin:newsletter_digest_change", args=[digest.pk])
        # Sent in the request, a large list would be cut off by the server's
        # timeout midway; only a task worker sends from here.
        can_send = tasks.runs_in_background()
        if request.method == "POST":
            if not can_send:
                messages.error(request, NEEDS_WORKER)
            else:
                tasks.send_digest.enqueue(digest.pk)
                messages.success(
                    request, f"“{digest}” is queued; the task worker sends it."
                )
            return redirect(change_url)
        context = {
            "can_send": can_send,
            "needs_worker": NEEDS_WORKER,
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "digest": digest,
            "recipient_count": digests.recipients(digest).count(),
            "change_url": change_url,
            "title": "Send this digest?",
        }
        return TemplateResponse(
            request, "admin/newsletter/digest/send_confirmation.html", context
        )
