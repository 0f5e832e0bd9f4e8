"""Supports sent at the same moment, through the real endpoint, from real threads (the harness of
``tests/test_concurrency.py``): one support per person whatever the race, the count exact, the
budget kept, and no server error."""

import json
from collections import Counter

import pytest

from tests.contributions_helpers import make_contribution, support_url, switch_on
from tests.test_concurrency import post_together, server_errors  # noqa: F401 - server_errors is a fixture
from tests.utils import add_page, make_user
from wagtail_social.contributions import supports
from wagtail_social.contributions.models import Contribution, Support

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_SUPPORT_RATE_LIMIT = (10_000, 60)


@pytest.fixture
def idea(section):
    switch_on(section, ideas_enabled=True)
    page = add_page(section, "Boîte à idées")
    return make_contribution(page, make_user("author"), title="Covoiturage")


def statuses(results) -> Counter:
    return Counter(status for status, _body in results)


def test_two_hundred_people_support_at_once(idea, server_errors):  # noqa: F811
    people = [make_user(f"supporter{n}") for n in range(200)]
    results = post_together([(person, {"action": "add"}) for person in people], url=support_url(idea))
    assert not server_errors, server_errors[:3]
    assert statuses(results) == {200: 200}
    assert Support.objects.filter(contribution=idea).count() == 200
    assert Contribution.objects.get(pk=idea.pk).support_count == 200


def test_one_person_supports_fifty_times_at_once(idea, server_errors):  # noqa: F811
    eager = make_user("eager")
    results = post_together([(eager, {"action": "add"}) for _ in range(50)], url=support_url(idea))
    assert not server_errors, server_errors[:3]
    assert statuses(results) == {200: 1, 409: 49}
    assert {json.loads(body)["code"] for status, body in results if status == 409} == {supports.ALREADY}
    assert Support.objects.filter(contribution=idea).count() == 1
    assert Contribution.objects.get(pk=idea.pk).support_count == 1


def test_one_person_supports_fifty_ideas_at_once_within_a_budget(idea, settings, server_errors):  # noqa: F811
    """The budget is a count before the insert: without the person's lock, racing requests
    would all see room left."""
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_SUPPORT_BUDGET = 3
    ideas = [make_contribution(idea.page, idea.author, title=f"Idea {n}") for n in range(50)]
    eager = make_user("eager")
    results = post_together([(eager, {"action": "add", "_url": support_url(each)}) for each in ideas])
    assert not server_errors, server_errors[:3]
    assert statuses(results) == {200: 3, 409: 47}
    assert Support.objects.filter(user=eager).count() == 3
    assert sum(Contribution.objects.values_list("support_count", flat=True)) == 3
