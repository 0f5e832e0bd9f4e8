"""A page with its contributions block costs the same number of queries whatever the number of
contributions and supports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.contributions_helpers import make_contribution, switch_on
from tests.utils import add_page, make_user
from wagtail_social.contributions.models import Support

pytestmark = pytest.mark.django_db


def queries_for_page(client, page) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_query_count_is_constant_in_the_number_of_contributions(client_for, employee, colleague, section):
    switch_on(section)
    authors = [make_user(f"author{n}") for n in range(5)]
    client = client_for(colleague)
    counts = {}
    for size in (1, 10, 100):
        page = add_page(section, f"Page {size}")
        ideas = [make_contribution(page, authors[n % 5], title=f"Idea {n}") for n in range(size)]
        Support.objects.bulk_create([Support(contribution=idea, user=colleague) for idea in ideas])
        client.get(page.url)  # warm per-process caches
        counts[size], html = queries_for_page(client, page)
        assert f"Idea {size - 1}" in html
    assert counts[1] == counts[10] == counts[100], counts


def test_nothing_is_asked_where_every_kind_is_off(client_for, employee, section):
    """A page without contributions asks nothing of their tables: the block reads only the
    policy and the access that the participation block already read (memoised per request)."""
    page = add_page(section, "No contributions")
    client = client_for(employee)
    client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        client.get(page.url)
    assert not [q for q in captured.captured_queries if "wagtail_social_contributions_" in q["sql"]]
