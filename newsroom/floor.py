"""The benchmarks' floor: a bare view rendering a 40 KB template (BENCH_FLOOR=1).

`make bench` reports every page as a ratio to this view on the same server, so
the figures hold on any machine.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

ROWS = [
    {"number": number, "title": f"Row {number} of the floor page", "score": number * 7}
    for number in range(155)
]


@never_cache
def floor(request):
    # never_cache keeps the page cache from storing it: every request renders.
    return render(request, "bench/floor.html", {"rows": ROWS})
