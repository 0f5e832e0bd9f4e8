"""Playwright (sync API) in Debian's chromium, for the tests in this folder.

Tests take ``live_server`` (pytest-django, a real server thread on a transactional database) and
``browser_page`` (a page in a fresh browser context, so no cookie or storage leaks between tests).
Every test here gets the ``browser`` marker and runs after all other tests. A missing chromium
fails the tests; it never skips them.

Playwright's sync API marks an asyncio loop as running in the main thread between its calls.
Django then refuses ORM calls (hence ``DJANGO_ALLOW_ASYNC_UNSAFE``) and keeps its database
connections per context instead of per thread, so the main thread gets new connection objects
once the browser has started. The fixtures below deal with the consequences.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # Browser tests last: other tests never run while Playwright's loop is marked running.
    browser, others = [], []
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            browser.append(item)
        else:
            others.append(item)
    items[:] = others + browser


@pytest.fixture(scope="session")
def _migration_snapshot(django_db_setup):
    """The data of each test database right after migrating, as serialized by Django.

    Read from the connections that created the databases, before Playwright starts and puts them
    out of reach.
    """
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def chromium(_migration_snapshot, django_db_blocker):
    """The browser, shared by the session (starting it costs about a second)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests run in Debian's chromium. "
            "Install it with `apt-get install chromium` (as root), or run `make test`, "
            "which installs it when run as root.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        # The connections opened while the loop was marked running are only reachable now; an
        # open one would stop PostgreSQL from dropping the test database.
        with django_db_blocker.unblock():
            connections.close_all()
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _migration_data(chromium, _migration_snapshot, django_db_serialized_rollback):
    """Restore the rows migrations create (Wagtail's root page, default site, collections, groups).

    ``live_server`` runs on a transactional database, which is emptied after each test. Being
    autouse, this runs before the database fixtures and hands the snapshot to the connections
    the test will use.
    """
    for alias, data in _migration_snapshot.items():
        connections[alias]._test_serialized_contents = data


@pytest.fixture(autouse=True)
def _restore_if_flushed(_migration_data, transactional_db, _migration_snapshot):
    """Belt and braces for the first browser test: a transactional test that ran just before
    (flushing with serialized rollback, so without re-running post_migrate) can leave the
    database empty while Django's restore looks at connection objects Playwright put out of
    reach. Restore the migration rows then."""
    from wagtail.models import Page

    if not Page.objects.exists():
        for alias, data in _migration_snapshot.items():
            connections[alias].creation.deserialize_db_from_string(data)


@pytest.fixture
def browser_page(chromium):
    """A page in a new browser context (own cookies and storage), closed after the test."""
    context = chromium.new_context(locale="en-GB", timezone_id="Europe/Paris")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
