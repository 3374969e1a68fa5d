"""JSON-LD and sharing cards of an article page and its authors' pages."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from articles.models import Article
from common.models import SiteSettings

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, image_upload
from .fixed_site import NOW
from .page_metadata import absolute, json_ld, meta

pytestmark = pytest.mark.usefixtures("fixed_site")


def publish_story():
    """Publish a story two days ago, correct it a day later and feature it now."""
    author = AuthorFactory(
        name="Ana Ruiz",
        slug="ana-ruiz",
        job_title="Science editor",
        website="https://ana.example.org",
        x_url="https://x.com/anaruiz",
    )
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        article = ArticleFactory(
            title="Fab opens in the desert",
            slug="fab-opens",
            dek="The first wafers are out.",
            body="<p>Chips <b>everywhere</b>.</p>",
            # Big enough for every crop at full size: renditions never enlarge.
            hero_image=image_upload("hero.jpg", size=(2400, 1600)),
            hero_alt="The fab at dawn",
            category=CategoryFactory(name="Hardware", slug="hardware"),
            authors=[author, AuthorFactory(name="Ben Ode", slug="ben-ode")],
            tags=["Chips", "Arizona"],
            published_at=NOW - timedelta(days=2),
        )
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        article.body = "<p>Chips <b>everywhere</b>, and a correction.</p>"
        article.save()
    # Featuring it later changes no content, so no date.
    article.is_featured = True
    article.save()
    return article


@pytest.fixture(scope="module")
def published_story(module_db, module_media):
    """Publish the story once for the module; what a test changes rolls back."""
    # The tests' own clock is not running yet: module fixtures come first.
    with module_db(), time_machine.travel(NOW, tick=False):
        return publish_story()


def test_article_page_describes_a_news_article(client, story):
    nodes = json_ld(client.get(story.get_absolute_url()))

    article = nodes["NewsArticle"]
    assert article["headline"] == "Fab opens in the desert"
    assert article["description"] == "The first wafers are out."
    assert article["url"] == absolute("/articles/fab-opens/")
    assert article["mainEntityOfPage"]["@id"] == absolute("/articles/fab-opens/")
    assert article["datePublished"] == "2026-03-08T12:00:00+00:00"
    assert article["dateModified"] == "2026-03-09T12:00:00+00:00"
    assert article["articleSection"] == "Hardware"
    assert sorted(article["keywords"]) == ["Arizona", "Chips"]
    assert article["isAccessibleForFree"] is True
    assert article["publisher"] == {"@id": absolute("/#organization")}
    assert [author["name"] for author in article["author"]] == ["Ana Ruiz", "Ben Ode"]
    ana = article["author"][0]
    assert ana["@type"] == "Person"
    assert ana["url"] == absolute("/author/ana-ruiz/")
    assert ana["sameAs"] == ["https://ana.example.org", "https://x.com/anaruiz"]
    assert ana["jobTitle"] == "Science editor"
    assert [(image["width"], image["height"]) for image in article["image"]] == [
        (1200, 675),
        (1200, 900),
        (1200, 1200),
    ]
    assert article["image"][0]["url"] == absolute(story.hero_1200_jpeg.url)


def test_article_page_has_breadcrumbs_and_the_publisher(client, story):
    nodes = json_ld(client.get(story.get_absolute_url()))

    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [(crumb["position"], crumb["name"], crumb["item"]) for crumb in crumbs] == [
        (1, "Home", absolute("/")),
        (2, "Hardware", absolute("/category/hardware/")),
        (3, "Fab opens in the desert", absolute("/articles/fab-opens/")),
    ]
    publisher = nodes["NewsMediaOrganization"]
    assert publisher["@id"] == absolute("/#organization")
    assert publisher["name"] == "Newsroom"
    assert publisher["logo"]["url"] == absolute("/static/img/logo-publisher.png")
    assert publisher["logo"]["width"] <= 600
    assert publisher["logo"]["height"] <= 60


def test_news_article_meets_googles_rich_result_rules(client, story):
    """Google's NewsArticle guidelines, field by field, read offline."""
    article = json_ld(client.get(story.get_absolute_url()))["NewsArticle"]

    # headline: text, at most 110 characters.
    assert isinstance(article["headline"], str)
    assert 0 < len(article["headline"]) <= 110
    # image: crawlable absolute URLs, at least 50,000 pixels, 16:9, 4:3 and 1:1,
    # and (for Discover) at least 1200 px wide.
    ratios = set()
    for image in article["image"]:
        assert image["url"].startswith("https://news.example.com/")
        assert image["width"] * image["height"] >= 50_000
        assert image["width"] >= 1200
        ratios.add(round(image["width"] / image["height"], 2))
    assert ratios == {round(16 / 9, 2), round(4 / 3, 2), 1.0}
    # datePublished and dateModified: ISO 8601 with a time zone, in order.
    published = datetime.fromisoformat(article["datePublished"])
    modified = datetime.fromisoformat(article["dateModified"])
    assert published.tzinfo and modified.tzinfo
    assert modified >= published
    # author: Person or Organization, with a name only (no job title or prefix in
    # it), and a url or sameAs to tell the author apart.
    for author in article["author"]:
        assert author["@type"] in {"Person", "Organization"}
        assert author["name"] and "By " not in author["name"]
        assert author.get("url") or author.get("sameAs")
    # publisher: an organisation with a name and a logo.
    assert article["publisher"]["@id"]


def test_corrections_the_page_fetched_go_into_the_article(client, story):
    from articles.models import Correction

    Correction.objects.create(
        article=story, text="An earlier version misspelt the town.", created_at=NOW
    )

    article = json_ld(client.get(story.get_absolute_url()))["NewsArticle"]

    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misspelt the town.",
            "datePublished": "2026-03-10T12:00:00+00:00",
        }
    ]


def test_article_sharing_card(client, story):
    tags = meta(client.get(story.get_absolute_url()))

    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Fab opens in the desert"]
    assert tags["og:image"] == [absolute(story.hero_share_jpeg.url)]
    assert tags["og:image:width"] == ["1200"]
    assert tags["og:image:height"] == ["630"]
    assert tags["og:image:type"] == ["image/jpeg"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["article:published_time"] == ["2026-03-08T12:00:00+00:00"]
    assert tags["article:modified_time"] == ["2026-03-09T12:00:00+00:00"]
    assert tags["article:section"] == ["Hardware"]
    assert sorted(tags["article:tag"]) == ["Arizona", "Chips"]
    assert tags["article:author"] == [
        absolute("/author/ana-ruiz/"),
        absolute("/author/ben-ode/"),
    ]


def test_author_page_is_a_profile_of_a_person(client, story):
    page = json_ld(client.get(reverse("articles:author", args=["ana-ruiz"])))[
        "ProfilePage"
    ]

    assert page["mainEntity"]["@type"] == "Person"
    assert page["mainEntity"]["name"] == "Ana Ruiz"
    assert page["mainEntity"]["sameAs"] == [
        "https://ana.example.org",
        "https://x.com/anaruiz",
    ]


def test_json_ld_carries_the_csp_nonce_when_there_is_one(rf, story):
    from django.template import Context, Template

    request = rf.get("/")
    template = Template("{% load structured_data %}{% home_json_ld %}")
    rendered = template.render(
        Context(
            {"request": request, "site": SiteSettings.current(), "csp_nonce": "abc"}
        )
    )

    assert rendered.startswith('<script type="application/ld+json" nonce="abc">')


def test_long_headline_is_cut_to_110_characters(client, make_article):
    article = make_article(title="A" * 150 + " long title")

    headline = json_ld(client.get(article.get_absolute_url()))["NewsArticle"][
        "headline"
    ]

    assert len(headline) == 110
    assert headline.endswith("…")


def test_article_without_hero_uses_the_sites_share_image(client, make_article):
    article = make_article()

    nodes = json_ld(client.get(article.get_absolute_url()))

    assert nodes["NewsArticle"]["image"] == [absolute("/static/img/share-default.jpg")]


def test_json_ld_cannot_close_its_script(client, make_article):
    article = make_article(title="</script><script>alert(1)</script> & <!--")

    response = client.get(article.get_absolute_url())

    assert "</script><script>alert(1)" not in response.text
    headline = json_ld(response)["NewsArticle"]["headline"]
    assert headline == "</script><script>alert(1)</script> & <!--"


def test_preview_of_a_draft_describes_it_without_dates(editor_client, make_article):
    draft = make_article(status="draft", published_at=None)

    response = editor_client.get(reverse("articles:preview", args=[draft.pk]))

    article = json_ld(response)["NewsArticle"]
    assert "datePublished" not in article
    assert article["headline"] == draft.title


def test_small_hero_is_described_at_the_sizes_its_renditions_really_have(
    client, make_article
):
    article = make_article(hero_image=image_upload("small.jpg", size=(800, 600)))

    response = client.get(article.get_absolute_url())

    images = json_ld(response)["NewsArticle"]["image"]
    assert [(image["width"], image["height"]) for image in images] == [
        (800, 450),
        (800, 600),
        (600, 600),
    ]
    tags = meta(response)
    assert (tags["og:image:width"], tags["og:image:height"]) == (["800"], ["420"])
    # The sizes claimed are the files' own.
    for spec, (width, height) in [
        ("hero_1200_jpeg", (800, 450)),
        ("hero_1200x900_jpeg", (800, 600)),
        ("hero_1200x1200_jpeg", (600, 600)),
        ("hero_share_jpeg", (800, 420)),
    ]:
        with Image.open(getattr(article, spec).path) as rendition:
            assert rendition.size == (width, height)


def test_hero_is_measured_when_it_changes_and_only_then(make_article):
    article = make_article(hero_image=image_upload("one.jpg", size=(1600, 900)))
    assert (article.hero_width, article.hero_height) == (1600, 900)

    article.hero_image = image_upload("two.jpg", size=(1000, 1000))
    article.save()
    article.refresh_from_db()
    assert (article.hero_width, article.hero_height) == (1000, 1000)

    # Measuring opens the stored file; an edit that keeps the hero must not.
    Article.objects.filter(pk=article.pk).update(hero_width=1, hero_height=1)
    article.refresh_from_db()
    article.title = "Retitled"
    article.save()
    article.refresh_from_db()
    assert (article.hero_width, article.hero_height) == (1, 1)

    article.hero_image = ""
    article.save()
    article.refresh_from_db()
    assert (article.hero_width, article.hero_height) == (None, None)
