"""How import_wordpress turns post content into our HTML: blocks, shortcodes, links."""

import pytest

from articles.models import Article

from .fixtures.wordpress.wxr import SITE, attachment, export, item
from .wordpress_import import one_post, run_import

pytestmark = pytest.mark.django_db


def test_classic_content_gets_paragraphs_and_line_breaks(tmp_path):
    run_import(
        tmp_path,
        one_post(
            content=(
                "First line\nsecond line\n\nNew paragraph<!--more-->\n\n"
                "<pre>a\n\nb</pre>"
            )
        ),
    )

    body = Article.objects.get().body
    assert body.startswith("<p>First line<br>\nsecond line</p>")
    assert "<p>New paragraph</p>" in body
    assert "<pre>a\n\nb</pre>" in body
    assert "more" not in body


def test_block_comments_go_and_their_html_stays_as_it_is(tmp_path):
    content = (
        "<!-- wp:paragraph -->\n<p>One block</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:image {"id":7} -->\n<figure class="wp-block-image"><img src="x.jpg" '
        'alt="Chip"/><figcaption>A chip</figcaption></figure>\n<!-- /wp:image -->\n\n'
        "<!-- wp:latest-posts /-->"
    )
    run_import(tmp_path, one_post(content=content))

    body = Article.objects.get().body
    assert "wp:" not in body
    assert "<br>" not in body
    assert "<p>One block</p>" in body
    assert (
        '<figure><img src="x.jpg" alt="Chip"><figcaption>A chip</figcaption></figure>'
        in body
    )


def test_captions_become_figures(tmp_path):
    content = (
        '[caption id="attachment_9" align="alignright" width="300"]<a href="/big.jpg">'
        '<img class="wp-image-9" src="https://cdn.example/pic.jpg" width="300" '
        'height="200" /></a> The new chip[/caption]\n\nAfter.'
    )
    xml = export(
        attachment(9, "2024/03/pic.jpg", alt="A chip on a finger"),
        item(1, slug="story", content=content),
    )
    run_import(tmp_path, xml)

    body = Article.objects.get().body
    assert (
        '<figure><a href="/big.jpg" rel="noopener">'
        '<img src="https://cdn.example/pic.jpg" '
        'alt="A chip on a finger" width="300" height="200"></a>'
        "<figcaption>The new chip</figcaption></figure>"
    ) in body
    assert "<p>After.</p>" in body


def test_galleries_become_figures_when_their_images_are_known(tmp_path):
    xml = export(
        attachment(21, "2024/03/one.jpg", parent=1, alt="One", caption="First"),
        attachment(22, "2024/03/two.jpg", parent=1, alt="Two"),
        item(1, slug="by-ids", content='[gallery ids="22,21,99"]'),
        item(2, slug="attached", content='[gallery id="1"]'),
        item(3, slug="unknown", content='[gallery ids="98"]'),
    )
    summary = run_import(tmp_path, xml)

    by_ids = Article.objects.get(slug="by-ids").body
    assert by_ids.index('alt="Two"') < by_ids.index('alt="One"')
    assert "<figcaption>First</figcaption>" in by_ids
    assert by_ids.count("<figure>") == 2
    assert Article.objects.get(slug="attached").body.count("<figure>") == 2
    assert Article.objects.get(slug="unknown").body == ""
    assert "Shortcodes removed: gallery 1" in summary


def test_other_shortcodes_go_with_a_count_and_their_text_stays(tmp_path):
    content = (
        '[contact-form-7 id="5" title="Contact"] [su_note]Read this[/su_note] '
        "[embed]https://video.example/1[/embed] [sic] [[caption]] "
        '[contact-form-7 id="6"]'
    )
    summary = run_import(tmp_path, one_post(content=content))

    body = Article.objects.get().body
    assert "Read this" in body
    assert "https://video.example/1" in body
    assert "[sic]" in body
    assert "[caption]" in body
    assert "contact-form" not in body
    assert "Shortcodes removed: contact-form-7 2, su_note 1, embed 1" in summary


def test_links_to_other_imported_posts_point_at_their_new_pages(tmp_path):
    xml = export(
        item(
            1,
            slug="first",
            content=(
                f'<a href="{SITE}/2024/03/05/second/">date link</a> '
                f'<a href="{SITE}/?p=2">id link</a> <a href="/second/">relative</a> '
                '<a href="https://elsewhere.example/second/">elsewhere</a> '
                f'<a href="{SITE}/?p=3">draft</a> <a href="http://[broken">bad</a> '
                '<img src="http://[broken.jpg">'
            ),
        ),
        item(2, slug="second"),
        item(3, slug="unfinished", status="draft"),
    )
    run_import(tmp_path, xml)

    body = Article.objects.get(slug="first").body
    assert body.count('href="/articles/second/"') == 3
    assert 'href="https://elsewhere.example/second/"' in body
    assert f'href="{SITE}/?p=3"' in body
    assert "bad</a>" in body
