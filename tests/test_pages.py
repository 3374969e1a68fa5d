"""What readers see on the home, article, section, tag, author and error pages."""

from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error
from pytest_django.asserts import assertContains, assertInHTML

from articles.models import Article, Status
from readership.models import DailyViews

from .factories import image_upload
from .html_tags import has_tag, tags


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


def days_ago(days):
    return timezone.now() - timezone.timedelta(days=days)


@pytest.fixture
def story(make_article, make_author, make_category):
    """A published story with two authors, photos, a hero image and tags."""
    ana = make_author(
        name="Ana Ruiz",
        slug="ana-ruiz",
        job_title="Chips editor",
        short_bio="Ana covers semiconductors.",
        website="https://ana.example.org/",
        mastodon_url="https://social.example.org/@ana",
        photo=image_upload("ana.jpg", size=(200, 200)),
    )
    ben = make_author(name="Ben Ode", slug="ben-ode")
    return make_article(
        title="Fab opens in the desert",
        slug="fab-opens",
        dek="The plant will make the smallest chips yet.",
        body="<p>The <strong>first wafers</strong> ship in May.</p><h2>Water</h2>",
        category=make_category(name="Hardware", slug="hardware"),
        hero_image=image_upload("hero.jpg", size=(1600, 900)),
        hero_alt="A clean room seen through glass",
        hero_caption="Inside the clean room.",
        hero_credit="Photo: Lee Park",
        authors=[ana, ben],
        tags=["Chips", "Water use"],
        published_at=days_ago(1),
    )


def test_article_page_shows_the_story(client, story):
    response = client.get(story.get_absolute_url())
    html = response.text

    kicker = '<a class="kicker" href="/category/hardware/">Hardware</a>'
    assertContains(response, kicker, html=True)
    title = '<h1 class="story__title">Fab opens in the desert</h1>'
    assertContains(response, title, html=True)
    assert "The plant will make the smallest chips yet." in html
    assert (
        '<a href="/author/ana-ruiz/">Ana Ruiz</a> and <a href="/author/ben-ode/">'
        in html
    )
    assert 'alt="Ana Ruiz"' in html
    assert f'datetime="{story.published_at.isoformat()}"' in html
    assert "1 min read" in html
    assert "<p>The <strong>first wafers</strong> ship in May.</p>" in html
    assertContains(response, '<a href="/tag/chips/">Chips</a>', html=True)
    assertContains(response, '<a href="/tag/water-use/">Water use</a>', html=True)


def test_article_hero_is_responsive_with_webp_and_jpeg(client, story):
    html = client.get(story.get_absolute_url()).text

    assert f"{story.hero_400.url} 400w, {story.hero_800.url} 800w" in html
    assert f"{story.hero_1200_jpeg.url} 1200w" in html
    assert 'type="image/webp"' in html
    assert 'sizes="(min-width: 1100px) 760px' in html
    hero = {"width": "1200", "height": "675", "alt": "A clean room seen through glass"}
    assert has_tag(html, "img", hero)
    assert "Inside the clean room." in html and "Photo: Lee Park" in html


def test_article_has_share_links_without_third_party_code(client, story):
    html = client.get(story.get_absolute_url()).text

    url = "http%3A%2F%2F127.0.0.1%3A8000%2Farticles%2Ffab-opens%2F"
    assert f"mailto:?subject=Fab%20opens%20in%20the%20desert&amp;body={url}" in html
    assert f"https://x.com/intent/post?url={url}" in html
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={url}" in html
    assert '<script src="http' not in html and "<iframe" not in html


def test_article_has_an_author_box_per_author(client, story):
    html = client.get(story.get_absolute_url()).text

    assert html.count('class="author-box"') == 2
    assert "Chips editor" in html
    assert "Ana covers semiconductors." in html
    assert 'href="https://ana.example.org/"' in html
    assert 'href="https://social.example.org/@ana"' in html


def test_article_page_sets_meta_tags_for_search_and_sharing(client, story):
    response = client.get(story.get_absolute_url())
    html = response.text

    assert "<title>Fab opens in the desert · Newsroom</title>" in html
    canonical = (
        '<link rel="canonical" href="http://127.0.0.1:8000/articles/fab-opens/">'
    )
    assertContains(response, canonical, html=True)
    assertContains(response, '<meta property="og:type" content="article">', html=True)
    assert f'content="http://127.0.0.1:8000{story.hero_share_jpeg.url}"' in html
    assert 'name="robots"' not in html


def test_summary_taken_from_the_body_is_escaped_once(client, make_article):
    article = make_article(dek="", body="<p>AT&T ships &lt;fast&gt; 6G.</p>")

    response = client.get(article.get_absolute_url())
    html = response.text

    description = '<meta name="description" content="AT&amp;T ships &lt;fast&gt; 6G.">'
    assertContains(response, description, html=True)
    # The parsed match above unescapes; the markup itself must be escaped just once.
    assert 'content="AT&amp;T ships &lt;fast&gt; 6G."' in html
    assert "&amp;amp;" not in html


def test_noindex_article_asks_search_engines_to_skip_it(client, make_article):
    article = make_article(is_noindex=True)

    response = client.get(article.get_absolute_url())

    assertContains(response, '<meta name="robots" content="noindex">', html=True)


def test_updated_time_shows_only_after_a_later_edit(client, make_article):
    edited = make_article(title="Edited story", published_at=days_ago(2))
    fresh = make_article(title="Fresh story", published_at=days_ago(1))
    Article.objects.filter(pk=fresh.pk).update(
        content_modified_at=fresh.published_at + timezone.timedelta(minutes=5)
    )

    assert "Updated <time" in client.get(edited.get_absolute_url()).text
    assert "Updated <time" not in client.get(fresh.get_absolute_url()).text


def test_featuring_or_picking_is_not_an_update(client, make_article):
    published = days_ago(2)
    article = make_article(published_at=published)
    Article.objects.filter(pk=article.pk).update(content_modified_at=published)
    article.refresh_from_db()

    article.is_featured = True
    article.is_editors_pick = True
    article.save()

    article.refresh_from_db()
    assert article.content_modified_at == published
    assert "Updated <time" not in client.get(article.get_absolute_url()).text


def test_old_slug_leads_to_the_live_article(client, story):
    story.slug = "fab-opens-in-arizona"
    story.save()

    response = client.get("/articles/fab-opens/", follow=True)

    assert response.redirect_chain == [("/articles/fab-opens-in-arizona/", 301)]
    assert "Fab opens in the desert" in response.text


def test_more_from_the_author_and_related_stories(client, story, make_article):
    ana = story.authors.get(slug="ana-ruiz")
    make_article(title="Ana on lithography", authors=[ana], published_at=days_ago(3))
    make_article(title="Ana's unpublished draft", authors=[ana], status=Status.DRAFT)
    make_article(title="Another chips story", tags=["Chips"], published_at=days_ago(4))

    html = client.get(story.get_absolute_url()).text

    assert "More from Ana Ruiz" in html
    assert "Ana on lithography" in html
    assert "Ana&#x27;s unpublished draft" not in html
    assert "Related stories" in html
    assert "Another chips story" in html


def test_article_sidebar_never_links_to_the_article_itself(client, make_article):
    article = make_article(is_editors_pick=True, view_count=1_000)
    make_article(title="Neighbour", is_editors_pick=True)

    page = outline(client.get(article.get_absolute_url()))

    assert page.sidebar_links
    assert article.get_absolute_url() not in page.sidebar_links


def test_sidebar_has_the_widgets_and_the_signup_form(client, story, make_article):
    pick = make_article(title="Pick", is_editors_pick=True)
    DailyViews.objects.create(article=pick, day=timezone.now().date(), count=3)

    response = client.get(story.get_absolute_url())
    html = response.text

    for title in ["Most viewed in 7 days", "Latest", "Don&#x27;t miss", "Newsletter"]:
        assert f">{title}</h2>" in html
    assert 'method="post" action="/newsletter/subscribe/"' in html
    assert 'type="email" id="signup-email" name="email" required' in html
    assert 'name="consent" required' in html
    assert 'name="website"' in html
    # Cached pages are shared, so the form carries no per-reader token or cookie.
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_staff_see_an_edit_link_and_readers_do_not(client, story, make_user):
    edit_url = reverse("admin:articles_article_change", args=[story.pk])
    assert edit_url not in client.get(story.get_absolute_url()).text

    client.force_login(make_user(is_staff=True))

    assert (
        f'<a href="{edit_url}">Edit in admin</a>'
        in client.get(story.get_absolute_url()).text
    )


def test_home_leads_with_the_latest_featured_story(client, make_article):
    make_article(title="Older feature", is_featured=True, published_at=days_ago(3))
    make_article(title="Newer feature", is_featured=True, published_at=days_ago(2))
    make_article(title="Newest ordinary story", published_at=days_ago(1))

    html = client.get(reverse("home")).text
    lead, rest = html.split('class="card card--lead"')[1].split("top-stories__more")

    assert "Newer feature" in lead
    assert "Older feature" in rest and "Newest ordinary story" in rest


def test_home_has_a_section_per_category_with_its_newest_stories(
    client, make_article, make_category
):
    top = make_category(name="Top", slug="top", position=0)
    for _ in range(5):
        make_article(category=top, is_featured=True)
    later = make_category(name="Security", slug="security", position=2)
    earlier = make_category(name="Science", slug="science", position=1)
    for n in range(5):
        make_article(
            title=f"Security story {n}", category=later, published_at=days_ago(n + 1)
        )
    make_article(title="Science story", category=earlier)

    html = client.get(reverse("home")).text

    assert html.index('id="section-science"') < html.index('id="section-security"')
    assert all(f"Security story {n}" in html for n in range(4))
    assert "Security story 4" not in html
    assert 'href="/category/security/">More Security stories' in html


def test_home_hides_drafts_and_scheduled_stories(client, make_article):
    make_article(title="Live story")
    make_article(title="Draft story", status=Status.DRAFT, is_featured=True)
    make_article(
        title="Scheduled story",
        is_featured=True,
        published_at=timezone.now() + timezone.timedelta(hours=1),
    )

    html = client.get(reverse("home")).text

    assert "Live story" in html
    assert "Draft story" not in html
    assert "Scheduled story" not in html


def test_category_page_lists_its_published_stories(client, make_article, make_category):
    hardware = make_category(name="Hardware", slug="hardware", description="Chips.")
    make_article(title="Hardware story", category=hardware)
    make_article(title="Hardware draft", category=hardware, status=Status.DRAFT)
    make_article(title="Software story")

    html = main_column(client.get(hardware.get_absolute_url()))

    assertInHTML('<h1 class="page-header__title">Hardware</h1>', html)
    assert "Hardware story" in html
    assert "Hardware draft" not in html
    assert "Software story" not in html
    assert has_tag(html, "a", {"href": "/category/hardware/", "aria-current": "page"})


def test_tag_page_lists_published_stories_with_the_tag(client, make_article):
    make_article(title="Tagged story", tags=["Robots"])
    make_article(
        title="Tagged but scheduled",
        tags=["Robots"],
        published_at=timezone.now() + timezone.timedelta(hours=1),
    )
    make_article(title="Untagged story")

    html = main_column(client.get(reverse("articles:tag", args=["robots"])))

    assertInHTML('<h1 class="page-header__title">Robots</h1>', html)
    assert "Tagged story" in html
    assert "Tagged but scheduled" not in html
    assert "Untagged story" not in html


def test_tags_with_accented_names_link_to_their_pages_and_feeds(client, make_article):
    article = make_article(title="Tram line opens", tags=["Zürich"])

    html = client.get(article.get_absolute_url()).text
    tag_page = client.get("/tag/zürich/")

    assert 'href="/tag/z%C3%BCrich/"' in html
    assert "Tram line opens" in main_column(tag_page)
    assert client.get("/tag/zürich/feed/").status_code == 200


def test_author_page_shows_the_profile_and_only_published_work(
    client, make_article, make_author
):
    ana = make_author(
        name="Ana Ruiz",
        bio="Ana covers chips.\n\nShe lives in Lisbon.",
        website="https://ana.example.org/",
        photo=image_upload("ana.jpg", size=(200, 200)),
    )
    make_article(title="Ana's story", authors=[ana])
    make_article(title="Ana's draft", authors=[ana], status=Status.DRAFT)
    make_article(
        title="Ana's scheduled story",
        authors=[ana],
        published_at=timezone.now() + timezone.timedelta(hours=1),
    )
    make_article(title="Someone else's story")

    html = main_column(client.get(ana.get_absolute_url()))

    assertInHTML('<h1 class="page-header__title">Ana Ruiz</h1>', html)
    assert "<p>Ana covers chips.</p>" in html and "<p>She lives in Lisbon.</p>" in html
    assert 'href="https://ana.example.org/"' in html
    assert 'alt="Ana Ruiz"' in html
    assert "Ana&#x27;s story" in html
    assert "Ana&#x27;s draft" not in html
    assert "Ana&#x27;s scheduled story" not in html
    assert "Someone else&#x27;s story" not in html


@pytest.fixture
def crowded_pages(make_article, make_author, make_category):
    """Make 21 stories in one section, with one tag and one author: two pages each."""
    author = make_author(slug="prolific")
    category = make_category(name="Busy", slug="busy")
    for n in range(21):
        make_article(
            title=f"Crowded story {n:02}",
            category=category,
            authors=[author],
            tags=["busy-tag"],
            published_at=days_ago(n + 1),
        )
    return ["/category/busy/", "/tag/busy-tag/", "/author/prolific/"]


def test_list_pages_show_twenty_stories_then_link_to_the_next_page(
    client, crowded_pages
):
    for url in crowded_pages:
        first_response = client.get(url)
        second_response = client.get(url + "?page=2")
        first, second = first_response.text, second_response.text

        assert first.count('class="card card--row-large"') == 20
        next_link = {"class": "pagination__link", "rel": "next", "href": "?page=2"}
        assert next_link in tags(first, "a")
        next_page = f'<link rel="next" href="http://127.0.0.1:8000{url}?page=2">'
        assertContains(first_response, next_page, html=True)
        assert 'rel="prev"' not in first
        assert second.count('class="card card--row-large"') == 1
        assert "Crowded story 20" in second
        prev_link = {"class": "pagination__link", "rel": "prev", "href": "?page=1"}
        assert prev_link in tags(second, "a")
        prev_page = f'<link rel="prev" href="http://127.0.0.1:8000{url}">'
        assertContains(second_response, prev_page, html=True)
        canonical = f'<link rel="canonical" href="http://127.0.0.1:8000{url}?page=2">'
        assertContains(second_response, canonical, html=True)


@pytest.mark.parametrize("page", ["0", "3", "999", "abc", "-1", "2.5"])
def test_list_page_number_out_of_range_or_not_a_number_is_a_404(
    client, crowded_pages, page
):
    for url in crowded_pages:
        response = client.get(url, {"page": page})

        assert response.status_code == 404
        assert "We couldn't find that page" in response.text


def test_empty_section_still_has_a_first_page(client, make_category):
    category = make_category(name="Quiet", slug="quiet")

    response = client.get(category.get_absolute_url())

    assert response.status_code == 200
    assert "There are no stories in this section yet." in response.text


@pytest.mark.parametrize(
    "url",
    ["/articles/missing/", "/category/missing/", "/tag/missing/", "/author/missing/"],
)
def test_unknown_pages_get_the_designed_404(client, url, make_category):
    make_category(name="Hardware")

    response = client.get(url)

    assert response.status_code == 404
    assert "We couldn't find that page" in response.text
    assert 'href="/category/hardware/"' in response.text


def test_server_error_page_needs_no_request_context_or_database():
    # No db fixture: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_navigation_lists_sections_in_order_and_collapses_without_javascript(
    client, make_category
):
    make_category(name="Zeta", slug="zeta", position=1)
    make_category(name="Alpha", slug="alpha", position=2)

    html = client.get(reverse("home")).text

    assert html.index(">Zeta</a>") < html.index(">Alpha</a>")
    assert {"class": "sections__menu"} in tags(html, "details")
    assert "<summary>Menu</summary>" in html
    assert {"class": "skip-link", "href": "#content"} in tags(html, "a")
    for landmark in ["<header", "<nav", '<main id="content"', "<aside", "<footer"]:
        assert landmark in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/fab-opens/",
        "/category/hardware/",
        "/tag/chips/",
        "/author/ana-ruiz/",
        "/articles/missing/",
    ],
)
def test_pages_have_one_h1_ordered_headings_and_alt_text(
    client, story, make_article, url
):
    make_article(title="Neighbour", tags=["Chips"], is_editors_pick=True)
    page = outline(client.get(url))

    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    assert all(
        later <= earlier + 1
        for earlier, later in zip(page.headings, page.headings[1:], strict=False)
    )
    assert page.images_without_alt == []


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
