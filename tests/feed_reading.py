"""Fetch the site's feeds and read them back as feed readers do."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser

from .fixed_site import NOW

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
FEEDS = ["articles:feed", "articles:feed-atom"]


def hours_ago(hours):
    return NOW - timedelta(hours=hours)


def fetch_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("channel/item")


def titles(items):
    return [item.findtext("title") for item in items]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed
