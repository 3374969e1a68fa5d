"""Find WordPress shortcodes the way WordPress does, without knowing the plugins.

WordPress only expands the shortcodes that its plugins registered; an export does
not say which those were. A bracketed word counts as a shortcode when it is one
WordPress itself or a common plugin registers, or when it looks like one: it has
attributes, a closing tag, or a "/]". So "[sic]" or "[Updated]" in a story stays text.
"""

import html
import re

COMMON_NAMES = {
    "caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist",
    "contact-form-7", "contact-form", "wpforms", "gravityform", "ninja_form",
    "youtube", "vimeo", "tweet", "twitter", "instagram", "googlemaps", "code",
    "sourcecode", "php", "spoiler", "button", "row", "column", "vc_row",
    "vc_column", "vc_column_text", "et_pb_section", "et_pb_row", "et_pb_text",
    "toc", "ad", "adsense", "ads", "related", "related_posts", "poll",
}  # fmt: skip
CANDIDATE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:[^\[\]])*?)(/?)\]")
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)


def shortcode_names(text):
    """Return the names in text that WordPress would have treated as shortcodes."""
    names = set()
    for match in CANDIDATE.finditer(text):
        closing, name, attributes, self_closing = match.groups()
        lowered = name.lower()
        if (
            lowered in COMMON_NAMES
            or closing
            or self_closing
            or "=" in attributes
            or "_" in name
        ):
            names.add(name)
    return names


def shortcode_regex(names):
    """Return WordPress's get_shortcode_regex() for names."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len)[::-1])
    return re.compile(
        r"\[(\[?)"
        rf"({alternatives})"
        r"(?![\w-])"
        r"([^\]\/]*(?:\/(?!\])[^\]\/]*)*?)"
        r"(?:(\/)\]|\](?:([^\[]*+(?:\[(?!\/\2\])[^\[]*+)*+)\[\/\2\])?)"
        r"(\]?)",
        re.S,
    )


def parse_attributes(text):
    """Return a shortcode's attributes as shortcode_parse_atts() reads them."""
    text = html.unescape(text).replace("\u00a0", " ").replace("\u200b", " ")
    attributes = {}
    for match in ATTRIBUTE.finditer(text):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                attributes[groups[name_index].lower()] = groups[name_index + 1]
                break
    return attributes


def expand(text, handle):
    """Replace each shortcode in text by handle(name, attributes, content)."""
    names = shortcode_names(text)
    if not names:
        return text
    pattern = shortcode_regex(names)

    def replace(match):
        opening, name, attributes, _, content, closing = match.groups()
        if opening == "[" and closing == "]":
            # [[name]] is WordPress's escape for a literal [name].
            return match.group()[1:-1]
        inner = expand(content, handle) if content else ""
        return handle(name, parse_attributes(attributes), inner)

    return pattern.sub(replace, text)
