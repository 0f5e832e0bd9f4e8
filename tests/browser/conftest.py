"""Playwright (sync API) in Debian's chromium, for the tests in this folder.

Tests take ``live_server`` (pytest-django, a real server thread on a transactional database) and
``browser_page`` (a page in a fresh browser context, so no cookie or storage leaks between tests).
Every test here gets the ``browser`` marker. A missing chromium fails the tests; it never skips them.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's default is 30 s; a page of a local test server that takes longer is a failure.
TIMEOUT_MS = 10_000

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _migration_data(django_db_serialized_rollback):
    """Restore the rows migrations create (Wagtail's root page, default site, collections, groups).

    ``live_server`` runs on a transactional database, which is emptied after each test; without
    this, only the first browser test would see them.
    """


@pytest.fixture(scope="session")
def chromium():
    """The browser, shared by the session (starting chromium costs about a second)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests run in Debian's chromium. "
            "Install it with `apt-get install chromium` (as root), or run `make test`, "
            "which installs it when run as root.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop in the main thread, and Django refuses ORM
    # calls from a thread with a running loop; tests and fixtures here are synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium):
    """A page in a new browser context (own cookies and storage), closed after the test."""
    context = chromium.new_context(locale="en-GB", timezone_id="Europe/Paris")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
