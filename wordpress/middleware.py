"""Answer the old WordPress addresses with a 301 to the page that replaced them.

Settings put this above newsroom.middleware.FetchPageMiddleware: the page cache keys
the home page only on ?page and ?q, so it would answer /?p=<id> with the cached home
page before any view ran. Ordinary pages cost nothing here; a 404 or a home page
with ?p= costs one indexed query.
"""

from django.http import HttpResponsePermanentRedirect

from .models import LegacyURL


class LegacyRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        number = request.GET.get("p", "")
        if request.path == "/" and number.isdigit():
            redirect = self.redirect(request, [f"/?p={int(number)}"])
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        path = request.path
        # WordPress answered with or without the trailing slash.
        paths = [path] if path.endswith("/") else [path, f"{path}/"]
        return self.redirect(request, paths) or response

    def redirect(self, request, paths):
        legacy = (
            LegacyURL.objects.filter(path__in=paths)
            .select_related("article", "category", "tag", "author")
            .order_by("path")
            .first()
        )
        url = legacy and legacy.target_url()
        if not url or url == request.path:
            return None
        return HttpResponsePermanentRedirect(url)
