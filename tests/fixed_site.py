"""The moment and address at which feeds, sitemaps and structured data are read."""

from datetime import UTC, datetime

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SITE_URL = "https://news.example.com"
