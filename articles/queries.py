"""Query pieces that keep reader pages' work flat however big the archive grows."""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q


def any_of(subqueries, field="pk"):
    """Return a filter on field matching any row of the limited subqueries.

    PostgreSQL runs them as one UNION ALL, each part an index scan that stops at
    its limit; an OR of separate IN tests made it scan the whole table. SQLite
    cannot limit the parts of a UNION, so it gets the OR.
    """
    if connection.features.supports_slicing_ordering_in_compound:
        first, *rest = subqueries
        return Q(**{f"{field}__in": first.union(*rest, all=True) if rest else first})
    return reduce(or_, (Q(**{f"{field}__in": subquery}) for subquery in subqueries))
