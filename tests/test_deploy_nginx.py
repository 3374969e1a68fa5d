"""deploy/nginx.conf.template in front of the app: pages, its cache, static and media.

Runs Debian's nginx against the test server; skipped where nginx is missing, except
in CI, which installs it (.ci/run).
"""

import os
import shutil
import string
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from .processes import free_loopback_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMPLATE = Path(django_settings.BASE_DIR) / "deploy" / "nginx.conf.template"


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    """Start nginx in front of the live server; return its base URL."""
    if not os.access(NGINX, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail("nginx must be installed in CI")
        pytest.skip("nginx is not installed")
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body { color: black; }\n")
    (static / "css" / "site.0123456789ab.css").write_text("body { color: black; }\n")
    media = Path(settings.MEDIA_ROOT)
    (media / "renditions").mkdir(parents=True, exist_ok=True)
    (media / "renditions" / "hero.webp").write_bytes(b"RIFF0000WEBP")
    (media / "original.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    port = free_loopback_port()
    folder = tmp_path / "nginx"
    (folder / "cache").mkdir(parents=True)
    server = string.Template(TEMPLATE.read_text()).safe_substitute(
        NEWSROOM_LISTEN=f"127.0.0.1:{port}",
        NEWSROOM_UPSTREAM=live_server.url.removeprefix("http://"),
        NEWSROOM_STATIC_ROOT=str(static),
        NEWSROOM_MEDIA_ROOT=str(media),
        NEWSROOM_CACHE_DIR=str(folder / "cache"),
        NEWSROOM_MICROCACHE="5s",
    )
    (folder / "newsroom.conf").write_text(server)
    # Run as root, nginx's workers would drop to a user that can't read tmp_path.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        "  access_log off;\n"
        f"  client_body_temp_path {folder}/body;\n"
        f"  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fastcgi;\n"
        f"  uwsgi_temp_path {folder}/uwsgi;\n"
        f"  scgi_temp_path {folder}/scgi;\n"
        f"  include {folder}/newsroom.conf;\n"
        "}\n"
    )
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    # As a daemon, nginx returns once it listens: no waiting for it to come up.
    subprocess.run(command, check=True, capture_output=True, timeout=30)
    yield f"http://127.0.0.1:{port}"
    subprocess.run([*command, "-s", "stop"], check=True, timeout=30)


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
        return answer.status, answer.headers, answer.read()


def test_nginx_passes_pages_on_and_answers_repeats_from_its_cache(
    transactional_db, nginx, make_article
):
    article = make_article(title="Chip makers race to 2nm")

    status, first, body = fetch(nginx + article.get_absolute_url())
    _, second, again = fetch(nginx + article.get_absolute_url())

    assert status == 200 and b"Chip makers race to 2nm" in body
    assert first["X-Cache-Status"] == "MISS"
    assert second["X-Cache-Status"] == "HIT"
    assert again == body


def test_nginx_never_stores_what_the_app_keeps_private(transactional_db, nginx):
    for _ in range(2):
        _, headers, _ = fetch(nginx + "/admin/login/")
        assert headers["X-Cache-Status"] != "HIT"


def test_nginx_serves_static_files_hashed_ones_for_good(nginx):
    status, hashed, body = fetch(nginx + "/static/css/site.0123456789ab.css")
    _, plain, _ = fetch(nginx + "/static/css/site.css")

    assert status == 200 and body.startswith(b"body")
    assert hashed["Content-Type"] == "text/css"
    assert "immutable" in hashed["Cache-Control"]
    assert plain["Cache-Control"] == "public, max-age=3600"


def test_nginx_serves_media_renditions_for_good(nginx):
    status, rendition, body = fetch(nginx + "/media/renditions/hero.webp")
    _, original, _ = fetch(nginx + "/media/original.jpg")

    assert status == 200 and body == b"RIFF0000WEBP"
    assert "immutable" in rendition["Cache-Control"]
    assert original["Cache-Control"] == "public, max-age=86400"
