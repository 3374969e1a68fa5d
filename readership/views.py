from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import counting


# The beacon carries no CSRF token, so cached pages can send it; counting.refusal()
# checks its Origin instead.
@csrf_exempt
@require_POST
def count_view(request, slug):
    response = HttpResponse(status=counting.record_beacon(request, slug))
    response["Cache-Control"] = "no-store"
    return response
