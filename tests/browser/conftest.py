"""Chromium through Playwright, against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from .editor import log_in, serve_media

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread, and Django then refuses
# ORM calls there; the calls are synchronous and safe (the documented workaround).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def console_errors():
    return []


@pytest.fixture
def new_page(transactional_db, live_server, browser, console_errors):
    """Return a maker of browser tabs on the live server that record console errors."""
    contexts = []

    def record(message):
        if message.type == "error":
            source = message.location["url"]
            console_errors.append(
                f"{message.text} at {source}" if source else message.text
            )

    def make(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", record)
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        # A tab that closes sends what its pagehide handlers send (an autosave, a
        # view); reaching the live server while the database is flushed, such a
        # request would fail the flush and leave rows to the next test.
        context.route("**/*", lambda route: route.abort())
        context.close()


@pytest.fixture
def page(new_page):
    """Open a fresh browser tab on the live server that records console errors."""
    return new_page()


@pytest.fixture
def desk(page, live_server, editor):
    """Open a tab logged in as an editor, with uploads served from MEDIA_ROOT."""
    log_in(page, live_server, editor)
    serve_media(page)
    return page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test whose page logged a console error, even if it passed."""
    result = yield
    errors = item.funcargs.get("console_errors")
    if errors:
        pytest.fail("Console errors:\n" + "\n".join(errors))
    return result
