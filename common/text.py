"""Plain text that XML, feeds and sitemaps can always carry."""

import re

# XML 1.0 allows tab, newline and carriage return, and no other C0 control
# character; DEL and the C1 block are legal XML but never meant in an article.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text):
    """Return text without the control characters XML cannot carry."""
    if not text:
        return text
    return CONTROL_CHARACTERS.sub("", text)
