"""Small holes closed: hostile URLs, draft-only topics, headers, login, health."""

import importlib

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import clear_url_caches, reverse

import newsroom.urls
from articles.models import Status

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize(
    "url",
    [
        "/tag/%00/",
        "/author/%00x/",
        "/category/a%01b/",
        "/articles/%00/",
        "/newsletter/confirm/%00/",
    ],
)
def test_control_characters_in_a_path_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_a_tag_used_only_by_drafts_has_no_page(client, make_article):
    make_article(status=Status.DRAFT, tags=["secret-phone-x"])
    make_article(tags=["chips"])

    assert (
        client.get(reverse("articles:tag", args=["secret-phone-x"])).status_code == 404
    )
    assert client.get(reverse("articles:tag", args=["chips"])).status_code == 200


def test_an_author_with_only_drafts_has_no_page(client, make_article, make_author):
    hidden = make_author(name="New Hire")
    make_article(status=Status.DRAFT, authors=[hidden])

    assert client.get(reverse("articles:author", args=[hidden.slug])).status_code == 404


def test_forms_keep_djangos_default_memory_limit():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-site"


def test_admin_scripts_carry_the_policys_nonce(admin_client):
    response = admin_client.get("/admin/")

    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert nonce


def test_media_may_be_embedded_anywhere(client, db):
    response = client.get("/media/nothing-here.jpg")

    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        "desk", password=PASSWORD, is_staff=True
    )


def log_in(client, password, *, username="desk", ip="203.0.113.5"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(
    client, staff_user, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        log_in(client, "wrong")

    response = log_in(client, PASSWORD, ip="198.51.100.77")

    assert response.status_code == 429
    assert "Sign-in paused" in response.text
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_lock_out_the_client(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        log_in(client, "wrong", username=f"guess{n}")

    assert log_in(client, PASSWORD).status_code == 429


def test_a_good_login_before_the_limit_still_works(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client, "wrong")

    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_health_check_answers_ok_uncached(client, db):
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_health_check_names_the_failing_cache(client, db, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert list(response.json()["failing"]) == ["cache"]


@pytest.fixture
def admin_at_desk(settings):
    """Serve the admin under ADMIN_URL="desk-7f3/", then put the URLs back."""
    settings.ADMIN_URL = "desk-7f3/"
    importlib.reload(newsroom.urls)
    clear_url_caches()
    yield
    settings.ADMIN_URL = "admin/"
    importlib.reload(newsroom.urls)
    clear_url_caches()


def test_the_admin_lives_at_admin_url(client, db, admin_at_desk):
    assert client.get("/desk-7f3/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 404
