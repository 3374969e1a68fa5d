"""JSON-LD and sharing cards of the home, section, tag and other site pages."""

from datetime import timedelta

import pytest
from django.urls import reverse

from common.models import SiteSettings

from .factories import image_upload
from .fixed_site import NOW
from .page_metadata import absolute, json_ld, meta

pytestmark = pytest.mark.usefixtures("fixed_site")


def test_home_page_describes_the_site_and_its_search(client, db):
    nodes = json_ld(client.get(reverse("home")))

    website = nodes["WebSite"]
    assert website["url"] == absolute("/")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == absolute(
        "/search/?q={search_term_string}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert nodes["NewsMediaOrganization"]["url"] == absolute("/")


def test_site_profiles_become_same_as(client, db):
    SiteSettings(
        name="The Daily Byte",
        x_url="https://x.com/dailybyte",
        mastodon_url="https://mastodon.example/@byte",
    ).save()

    response = client.get(reverse("home"))
    organization = json_ld(response)["NewsMediaOrganization"]

    assert organization["name"] == "The Daily Byte"
    assert organization["sameAs"] == [
        "https://x.com/dailybyte",
        "https://mastodon.example/@byte",
    ]
    assert meta(response)["twitter:site"] == ["@dailybyte"]


def test_uploaded_share_image_and_logo_are_used(client, db):
    SiteSettings(
        logo=image_upload("logo.png", size=(1200, 200), image_format="PNG"),
        share_image=image_upload("card.jpg", size=(2400, 1400)),
    ).save()
    site = SiteSettings.current()

    response = client.get(reverse("home"))

    assert meta(response)["og:image"] == [absolute(site.share_jpeg.url)]
    logo = json_ld(response)["NewsMediaOrganization"]["logo"]
    assert logo["url"] == absolute(site.logo_publisher.url)
    assert (logo["width"], logo["height"]) == (360, 60)


def test_category_page_is_a_collection_of_its_articles(
    client, make_article, make_category
):
    section = make_category(name="Science", slug="science")
    first = make_article(category=section, published_at=NOW - timedelta(hours=1))
    second = make_article(category=section, published_at=NOW - timedelta(hours=2))

    page = json_ld(client.get(section.get_absolute_url()))["CollectionPage"]

    assert page["name"] == "Science"
    assert page["url"] == absolute("/category/science/")
    assert [item["url"] for item in page["mainEntity"]["itemListElement"]] == [
        absolute(first.get_absolute_url()),
        absolute(second.get_absolute_url()),
    ]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Newsroom: Technology news and analysis"),
        ("/category/science/", "Section: Science · Newsroom"),
        ("/tag/chips/", "Topic: Chips · Newsroom"),
        ("/about/", "About us · Newsroom"),
        ("/newsletter/", "Newsroom: Technology news and analysis"),
    ],
)
def test_every_page_has_a_large_sharing_card_with_a_jpeg(
    client, make_article, make_category, path, title
):
    make_article(category=make_category(name="Science", slug="science"), tags=["Chips"])

    tags = meta(client.get(path))

    assert tags["og:title"] == [title]
    assert tags["og:image"] == [absolute("/static/img/share-default.jpg")]
    assert tags["og:image:width"] == ["1200"]
    assert tags["og:image:height"] == ["630"]
    assert tags["twitter:card"] == ["summary_large_image"]


def test_author_page_card_uses_a_jpeg_photo(client, make_article, make_author):
    author = make_author(name="Ana Ruiz", slug="ana", photo=image_upload("face.jpg"))
    make_article(authors=[author])

    tags = meta(client.get(author.get_absolute_url()))

    assert tags["og:type"] == ["profile"]
    assert tags["og:image"][0].endswith(".jpg")
    assert tags["twitter:card"] == ["summary"]
