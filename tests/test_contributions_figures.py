"""Contributions in the participation figures: a contribution makes its author an active
contributor, a support makes its giver engaged (``wagtail_social_kpi.definitions.headline``);
and the personal data of a person."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.contributions_helpers import SUBMIT, submission, support_url, switch_on
from tests.utils import add_page, make_user
from wagtail_social.contributions.models import Contribution
from wagtail_social.features import get_feature
from wagtail_social.personal_data import export_person
from wagtail_social_kpi import definitions
from wagtail_social_kpi.definitions import DateRange

pytestmark = pytest.mark.django_db


def test_three_switchable_features_off_by_default():
    features = [get_feature(key) for key in ("ideas", "questions", "suggestions")]
    assert all(feature is not None and feature.switch and not feature.default for feature in features)
    kinds = {activity.kind: activity.counts_as for feature in features for activity in feature.activities}
    assert kinds == {
        "idea": "contributor",
        "question": "contributor",
        "suggestion": "contributor",
        "support": "engaged",
    }


@override_settings(WAGTAIL_SOCIAL_KPI_MIN_GROUP_SIZE=3)
def test_contributions_and_supports_in_the_headline(client_for, section):
    switch_on(section)
    page = add_page(section, "Boîte à idées")
    authors = [make_user(f"author{n}") for n in range(3)]
    supporters = [make_user(f"supporter{n}") for n in range(3)]
    idle = [make_user(f"idle{n}") for n in range(2)]
    for n, author in enumerate(authors):
        kind = ("idea", "question", "suggestion")[n]
        assert client_for(author).post(SUBMIT, submission(page, kind, title=f"T{n}")).status_code == 302
    idea = Contribution.objects.get(kind="idea")
    for supporter in supporters:
        assert client_for(supporter).post(support_url(idea), {"action": "add"}).status_code == 302
    today = timezone.localdate()
    headline = definitions.headline(DateRange(today, today))
    assert headline.population.count == len(authors + supporters + idle)
    assert headline.active_contributors.count == 3
    assert headline.engaged.count == 6  # contributors are engaged too
    yesterday = today - datetime.timedelta(days=1)
    assert definitions.headline(DateRange(yesterday, yesterday)).engaged.count == 0


def test_a_persons_data_holds_their_contributions_and_supports(client_for, employee, colleague, section):
    switch_on(section)
    page = add_page(section, "Boîte à idées")
    client_for(employee).post(SUBMIT, submission(page, title="Mine"))
    idea = Contribution.objects.get()
    client_for(colleague).post(support_url(idea), {"action": "add"})
    assert [row["title"] for row in export_person(employee)["ideas"]] == ["Mine"]
    assert [row["supports"] for row in export_person(colleague)["ideas"]] == [idea.pk]
