"""What readers see on an article's page: the story, its sharing and its sidebar."""

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.models import Article, Status
from readership.models import DailyViews

from .factories import days_ago
from .html_tags import has_tag
from .reader_pages import outline


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


def test_article_sidebar_never_links_to_the_article_itself(client, make_article):
    article = make_article(is_editors_pick=True, view_count=1_000)
    make_article(title="Neighbour", is_editors_pick=True)

    page = outline(client.get(article.get_absolute_url()))

    assert page.sidebar_links
    assert article.get_absolute_url() not in page.sidebar_links
