"""Read reader pages as a visitor would, and build the story they show."""

from html.parser import HTMLParser

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    days_ago,
    image_upload,
)


class Outline(HTMLParser):
    """Collect heading levels, images without alt text and the sidebar's links."""

    def __init__(self):
        super().__init__()
        self.headings = []
        self.images_without_alt = []
        self.sidebar_links = []
        self.sidebar_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        # alt="" is right for a decorative image; no alt at all never is.
        if tag == "img" and attrs.get("alt") is None:
            self.images_without_alt.append(attrs.get("src"))
        if tag == "aside":
            self.sidebar_depth += 1
        if self.sidebar_depth and tag == "a":
            self.sidebar_links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "aside":
            self.sidebar_depth -= 1


def outline(response):
    parser = Outline()
    parser.feed(response.text)
    return parser


def main_column(response):
    """Return the page up to its sidebar, where the widgets list other stories."""
    return response.text.split('<aside class="sidebar"')[0]


def publish_story():
    """Publish a story with two authors, photos, a hero image and tags."""
    ana = AuthorFactory(
        name="Ana Ruiz",
        slug="ana-ruiz",
        job_title="Chips editor",
        short_bio="Ana covers semiconductors.",
        website="https://ana.example.org/",
        mastodon_url="https://social.example.org/@ana",
        photo=image_upload("ana.jpg", size=(200, 200)),
    )
    ben = AuthorFactory(name="Ben Ode", slug="ben-ode")
    return ArticleFactory(
        title="Fab opens in the desert",
        slug="fab-opens",
        dek="The plant will make the smallest chips yet.",
        body="<p>The <strong>first wafers</strong> ship in May.</p><h2>Water</h2>",
        category=CategoryFactory(name="Hardware", slug="hardware"),
        hero_image=image_upload("hero.jpg", size=(1600, 900)),
        hero_alt="A clean room seen through glass",
        hero_caption="Inside the clean room.",
        hero_credit="Photo: Lee Park",
        authors=[ana, ben],
        tags=["Chips", "Water use"],
        published_at=days_ago(1),
    )
