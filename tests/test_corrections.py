"""Corrections and editor's notes: appended by editors, shown to readers."""

import datetime as dt
import json

import lxml.html

from articles.models import Correction, Status

from .article_admin import FORM, change_url
from .html_forms import form_data


def test_reader_sees_corrections_at_the_end_with_their_date(client, make_article):
    article = make_article(body="<p>The chip has 12 cores.</p>")
    Correction.objects.create(
        article=article,
        text="An earlier version said 16 cores; the chip has 12.",
        created_at=article.published_at + dt.timedelta(days=1),
    )
    Correction.objects.create(
        article=article,
        kind=Correction.Kind.NOTE,
        text="This story was updated with the maker's reply.",
        created_at=article.published_at + dt.timedelta(days=2),
    )

    response = client.get(article.get_absolute_url())

    page = response.text
    body_at = page.index("The chip has 12 cores.")
    corrections_at = page.index('id="corrections"')
    assert body_at < corrections_at < page.index("story__footer")
    assert page.index("An earlier version said 16 cores") < page.index(
        "updated with the maker"
    )
    latest = (article.published_at + dt.timedelta(days=2)).strftime("%-d %B %Y")
    assert '<a href="#corrections">Editor\'s note</a>' in page.replace("&#x27;", "'")
    assert latest in page


def test_article_without_corrections_has_no_section(client, make_article):
    article = make_article()

    response = client.get(article.get_absolute_url())

    assert 'id="corrections"' not in response.text


def test_editor_appends_a_correction_to_a_published_article(
    editor_client, editor, make_article
):
    article = make_article()
    data = form_data(editor_client.get(change_url(article)), FORM)

    response = editor_client.post(
        change_url(article),
        {
            **data,
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-created_at_0": "2026-03-10",
            "corrections-0-created_at_1": "10:00:00",
            "corrections-0-text": "The launch is in May, not June.",
        },
    )

    assert response.status_code == 302
    correction = article.corrections.get()
    assert correction.text == "The launch is in May, not June."
    assert correction.created_by == editor


def test_drafts_offer_no_corrections(editor_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)

    response = editor_client.get(change_url(draft))

    assert "corrections-TOTAL_FORMS" not in response.text or (
        'name="corrections-TOTAL_FORMS" value="0"' in response.text
        and "Add another correction" not in response.text
    )


def test_corrections_go_into_the_structured_data(client, make_article):
    article = make_article()
    Correction.objects.create(article=article, text="The launch is in May, not June.")

    response = client.get(article.get_absolute_url())

    tree = lxml.html.fromstring(response.content)
    [script] = tree.xpath('//script[@type="application/ld+json"]')
    graph = json.loads(script.text)["@graph"]
    [news] = [node for node in graph if node["@type"] == "NewsArticle"]
    [correction] = news["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "The launch is in May, not June."
