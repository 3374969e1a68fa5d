from django.conf import settings
from django.tasks import task

from . import counting


@task
def flush_views():
    """Move buffered views into the database and prune expired hourly buckets."""
    moved = counting.flush_buffer() if settings.VIEW_BUFFER == "redis" else None
    return {"moved": moved, "pruned": counting.prune()}
