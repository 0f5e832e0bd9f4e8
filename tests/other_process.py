"""Another process for ``tests/test_generation.py``: a Django of its own, with its own memory, on
the database of the test run, that changes a page through Wagtail's API and exits.

Usage: ``python -m tests.other_process DATABASE_JSON ACTION PAGE_ID`` from the repository root,
``DATABASE_JSON`` being the test run's ``DATABASES["default"]`` (its ``NAME`` the test database).
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> None:
    database, action, page_id = json.loads(argv[0]), argv[1], int(argv[2])
    # The test settings, on the test run's database rather than a database of their own.
    os.environ.pop("WAGTAIL_SOCIAL_TEST_DB", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import tests.settings

    tests.settings.DATABASES = {"default": database}

    import django

    django.setup()
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    if action == "unpublish":
        page.unpublish()
    else:
        raise SystemExit(f"unknown action {action!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
