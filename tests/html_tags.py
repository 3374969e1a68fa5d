"""Find tags in rendered HTML by their attributes, whatever order they are in."""

from html.parser import HTMLParser


class _TagReader(HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == self.name:
            self.found.append(dict(attrs))


def tags(html, name):
    """Return the attributes of each `name` tag in html, one dict per tag."""
    reader = _TagReader(name)
    reader.feed(html)
    reader.close()
    return reader.found


def has_tag(html, name, attrs):
    """Say whether html has a `name` tag with these attributes, and maybe others."""
    return any(found.items() >= attrs.items() for found in tags(html, name))
