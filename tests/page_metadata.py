"""Read a page's JSON-LD and meta tags back as search engines and networks read them."""

import json

from lxml import html as lxml_html

from .fixed_site import SITE_URL


def absolute(path):
    return SITE_URL + path


def json_ld(response):
    """Return the page's one JSON-LD @graph, by node type."""
    assert response.status_code == 200
    document = lxml_html.fromstring(response.content)
    scripts = document.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert data["@context"] == "https://schema.org"
    nodes = {}
    for node in data["@graph"]:
        nodes.setdefault(node["@type"], node)
    return nodes


def meta(response):
    """Return the page's <meta property|name> values, each name's first one."""
    document = lxml_html.fromstring(response.content)
    found = {}
    for tag in document.xpath("//head/meta"):
        name = tag.get("property") or tag.get("name")
        if name:
            found.setdefault(name, []).append(tag.get("content"))
    return found
