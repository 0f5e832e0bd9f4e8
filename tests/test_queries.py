"""A page with the participation block costs the same number of queries whatever the size of
its discussion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from tests.utils import add_page, make_comment, set_policy
from wagtail_social.models import Reaction

pytestmark = pytest.mark.django_db


def add_comments(page, user, count):
    """``count`` comments through the engine: a third top-level, the rest replies in those threads."""
    roots = [make_comment(page, user, f"root {n}") for n in range(max(1, count // 3))]
    for n in range(count - len(roots)):
        make_comment(page, user, f"reply {n}", parent=roots[n % len(roots)])


def react_to_everything(page, users):
    comments = XtdComment.objects.filter(object_pk=str(page.pk))
    Reaction.objects.bulk_create(
        [
            Reaction(user=user, page=page, target=comment, kind="like")
            for comment in comments
            for user in users
        ]
        + [Reaction(user=user, page=page, kind="useful") for user in users]
    )


def queries_for_page(client, page):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("as_member", [False, True])
def test_query_count_is_constant_in_the_number_of_comments(client_for, employee, member, section, as_member):
    """With reactions on as well: on the page and on every comment."""
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    user = member if as_member else employee
    client = client_for(user)
    counts = {}
    for size in (0, 10, 1000):
        page = add_page(section, f"Page {size}")
        if size:
            add_comments(page, employee, size)
            react_to_everything(page, [employee, member])
        client.get(page.url)  # warm per-process caches (content types, site root paths)
        counts[size], html = queries_for_page(client, page)
        if size:
            assert f"{size} comments" in html
    assert counts[0] <= counts[10] == counts[1000], counts
