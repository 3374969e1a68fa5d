"""Domain signals: what other parts of the site react to, sent after commit.

Both are sent with sender=Article and the keyword arguments article and user (the
editor who did it, or None for a command).
"""

from django.dispatch import Signal

# An article went live, or was scheduled to go live at its publish time.
article_published = Signal()
# A published or scheduled article was taken back to draft.
article_unpublished = Signal()
