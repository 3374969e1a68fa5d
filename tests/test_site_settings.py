"""Editors keep the site's identity in one admin form; every page shows it."""

import time

from django.test import Client
from django.urls import reverse

from common.models import SiteSettings
from newsroom.middleware import EDIT_GRACE_SECONDS

from .html_forms import form_data


def test_admin_list_opens_the_one_settings_form(editor_client):
    response = editor_client.get(reverse("admin:common_sitesettings_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:common_sitesettings_change", args=[1])
    assert SiteSettings.objects.count() == 1


def test_writers_cannot_open_the_settings(client, writer):
    client.force_login(writer)

    response = client.get(reverse("admin:common_sitesettings_changelist"))

    assert response.status_code == 403
    assert not SiteSettings.objects.exists()


def test_settings_cannot_be_added_or_deleted(editor_client):
    SiteSettings().save()

    add = editor_client.get(reverse("admin:common_sitesettings_add"))
    delete = editor_client.get(reverse("admin:common_sitesettings_delete", args=[1]))

    assert add.status_code == 403
    assert delete.status_code == 403


def test_editor_renames_the_site_everywhere(
    editor_client, client, django_capture_on_commit_callbacks, time_machine
):
    url = reverse("admin:common_sitesettings_change", args=[1])
    # A page a reader fetched before the rename is in the page cache.
    reader = Client()
    assert "The Daily Byte" not in reader.get(reverse("home")).text
    editor_client.get(reverse("admin:common_sitesettings_changelist"))
    data = form_data(editor_client.get(url), "sitesettings_form")
    data.update(
        name="The Daily Byte",
        tagline="Chips, code and the people behind them",
        about="We started in a garage.",
        masthead="Ana Ruiz, editor\nBen Ode, reporter",
        contact_email="desk@example.com",
        x_url="https://x.com/dailybyte",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    # Pages other than an edited article's own may lag a change by a few seconds.
    time_machine.move_to(time.time() + EDIT_GRACE_SECONDS + 1, tick=False)
    home = reader.get(reverse("home")).text
    assert "The Daily Byte" in home
    assert (
        "<title>The Daily Byte: Chips, code and the people behind them</title>" in home
    )
    assert 'href="https://x.com/dailybyte" rel="me noopener">X</a>' in home
    about = client.get(reverse("about")).text
    assert "We started in a garage." in about
    assert "<li>Ben Ode, reporter</li>" in about
    assert 'href="mailto:desk@example.com"' in client.get(reverse("contact")).text


def test_footer_links_to_about_contact_privacy_and_the_feed(client, db):
    html = client.get(reverse("home")).text

    for name in ("about", "contact", "privacy", "articles:feed"):
        assert f'href="{reverse(name)}"' in html


def test_site_pages_read_well_before_anyone_writes_them(client, db):
    for name in ("about", "contact", "privacy"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "<h1" in response.text
    assert "sets no cookies" in client.get(reverse("privacy")).text
