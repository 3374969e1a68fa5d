"""What search needs from each database, below the models: web-search syntax for
SQLite's FTS5 and the age of a row in days."""

import re

from django.db import models

SEARCH_CONFIG = "english"
FTS_TABLE = "articles_search"

# A "quoted phrase" (its closing quote optional), or a run of anything else.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")


def fts5_query(text):
    """Translate web-search syntax into an FTS5 expression, or None if it has no terms.

    Follows websearch_to_tsquery: words are all required, "quoted words" form a
    phrase, a leading - excludes a word, and or offers alternatives. Every term is
    quoted, so punctuation and FTS5's own operators in the input are just text.
    """
    groups, excluded = [], []
    offer_alternative = False
    for match in TOKEN.finditer(text):
        negated, phrase, word = match.groups()
        if word is not None:
            if word.lower() == "or":
                offer_alternative = bool(groups)
                continue
            negated = "-" if word.startswith("-") else ""
            phrase = word.removeprefix("-")
        words = WORD.findall(phrase)
        if not words:
            continue
        term = '"{}"'.format(" ".join(words))
        if negated:
            excluded.append(term)
        elif offer_alternative:
            groups[-1].append(term)
        else:
            groups.append([term])
        offer_alternative = False
    if not groups:
        return None
    expression = " AND ".join(f"({' OR '.join(group)})" for group in groups)
    return " NOT ".join([f"({expression})", *excluded])


class AgeInDays(models.Func):
    """How many days ago a date-time was, as a float."""

    output_field = models.FloatField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (STATEMENT_TIMESTAMP() - %(expressions)s))"
            " / 86400.0)",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(JULIANDAY('now') - JULIANDAY(%(expressions)s))",
            **extra_context,
        )
