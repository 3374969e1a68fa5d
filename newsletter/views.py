from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from common.http import client_network, is_same_site

from . import services, tokens
from .forms import SubscribeForm
from .models import Subscriber, SubscriberStatus, mailbox_of, normalize_email
from .protection import signup_wait

# One answer for new, pending, confirmed and unsubscribed addresses alike, so the
# form cannot be used to find out who subscribes.
CHECK_INBOX = (
    "Almost done: if this address isn't subscribed yet, we've sent it an e-mail "
    "with a link to confirm. Check your inbox (and the spam folder)."
)
NOT_SAME_SITE = "Please sign up using the form on our own site."
INVALID = "Please check the form and try again."


def index(request):
    return render(request, "newsletter/index.html", {"form": SubscribeForm()})


def thanks(request):
    return render(request, "newsletter/thanks.html", {"message": CHECK_INBOX})


def _wants_json(request):
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


def _answer(request, message, *, status, template="newsletter/message.html"):
    if _wants_json(request):
        return JsonResponse({"message": message}, status=status)
    return render(request, template, {"message": message}, status=status)


def _rate_limited(request, seconds):
    minutes = -(-seconds // 60)
    message = (
        "Too many sign-up attempts. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
    response = _answer(request, message, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _accepted(request):
    if _wants_json(request):
        return JsonResponse({"message": CHECK_INBOX})
    return redirect("newsletter:thanks")


def _source(request):
    path = urlsplit(request.headers.get("Referer", "")).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    # A signup from a confirm or unsubscribe page must not keep that link's token.
    return match.view_name if "token" in match.kwargs else path


# The form sits on cached pages shared by every reader, so it carries no CSRF token
# and sets no cookie; is_same_site() checks the Origin / Sec-Fetch-Site headers instead.
@csrf_exempt
@never_cache
@require_POST
def subscribe(request):
    if not is_same_site(request):
        return _answer(request, NOT_SAME_SITE, status=403)
    limit = settings.NEWSLETTER_SIGNUPS_PER_CLIENT
    if wait := signup_wait("client", client_network(request), limit=limit):
        return _rate_limited(request, wait)
    form = SubscribeForm(request.POST)
    if form.is_bot():
        return _accepted(request)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse(
                {"message": INVALID, "errors": form.errors.get_json_data()},
                status=400,
            )
        return render(request, "newsletter/index.html", {"form": form}, status=400)
    email = normalize_email(form.cleaned_data["email"])
    limit = settings.NEWSLETTER_SIGNUPS_PER_ADDRESS
    if wait := signup_wait("address", mailbox_of(email), limit=limit):
        return _rate_limited(request, wait)
    services.subscribe(email=email, source=_source(request))
    return _accepted(request)


def _invalid_link(request, *, expired=False):
    return render(
        request,
        "newsletter/link_invalid.html",
        {"form": SubscribeForm(), "expired": expired},
        status=400,
    )


# The signed token in the URL proves the request comes from the mailbox owner, which
# is what a CSRF token would prove; mail clients' one-click unsubscribe (RFC 8058)
# also POSTs from outside the site.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber = tokens.subscriber_from_token(token, purpose="confirm")
    except signing.BadSignature as error:
        return _invalid_link(
            request, expired=isinstance(error, signing.SignatureExpired)
        )
    if subscriber.status not in {SubscriberStatus.PENDING, SubscriberStatus.CONFIRMED}:
        return _invalid_link(request)
    # Mail scanners open links, so only the page's button (a POST) confirms.
    if request.method == "POST":
        services.confirm(subscriber=subscriber)
        return render(request, "newsletter/confirmed.html")
    return render(
        request,
        "newsletter/confirm.html",
        {"is_confirmed": subscriber.status == SubscriberStatus.CONFIRMED},
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = tokens.subscriber_from_token(token, purpose="unsubscribe")
    except signing.BadSignature:
        return _invalid_link(request)
    if request.method == "POST":
        services.unsubscribe(subscribers=Subscriber.objects.filter(pk=subscriber.pk))
        return render(
            request, "newsletter/unsubscribed.html", {"form": SubscribeForm()}
        )
    is_subscribed = subscriber.status in {
        SubscriberStatus.PENDING,
        SubscriberStatus.CONFIRMED,
    }
    return render(
        request, "newsletter/unsubscribe.html", {"is_subscribed": is_subscribed}
    )
