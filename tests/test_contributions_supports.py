"""Supporting ideas: once per person (the database decides), never one's own idea or a closed or
withdrawn one, the count exact, and an optional budget per person and section."""

import pytest
from django.contrib.auth import get_user_model

from tests.contributions_helpers import make_contribution, support_url, switch_on
from tests.utils import add_page, make_user, set_policy
from wagtail_social.contributions import supports
from wagtail_social.contributions.models import QUESTION, Contribution, Support

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Boîte à idées")


@pytest.fixture
def idea(page, employee):
    return make_contribution(page, employee, title="Covoiturage")


def count_of(idea) -> int:
    return Contribution.objects.get(pk=idea.pk).support_count


def test_support_then_remove_it(client_for, colleague, idea, page):
    client = client_for(colleague)
    response = client.post(support_url(idea), {"action": "add"})
    assert response.status_code == 302 and response["Location"].endswith(f"#contribution-{idea.pk}")
    assert count_of(idea) == 1 and Support.objects.filter(contribution=idea, user=colleague).exists()
    html = client.get(page.url).content.decode()
    assert "1 support" in html and "Remove my support" in html and 'aria-pressed="true"' in html
    response = client.post(support_url(idea), {"action": "remove"}, HTTP_X_WAGTAIL_SOCIAL="1")
    assert response.json() == {
        "ok": True,
        "code": "removed",
        "message": "Your support is removed.",
        "count": 0,
        "count_label": "0 supports",
        "supported": False,
    }
    assert count_of(idea) == 0 and not Support.objects.exists()


def test_a_second_support_is_refused_and_counts_once(client_for, colleague, idea):
    client = client_for(colleague)
    assert client.post(support_url(idea), {"action": "add"}).status_code == 302
    response = client.post(support_url(idea), {"action": "add"}, HTTP_X_WAGTAIL_SOCIAL="1")
    assert response.status_code == 409 and response.json()["code"] == supports.ALREADY
    response = client.post(support_url(idea), {"action": "add"})
    assert response.status_code == 409 and "You already support this idea." in response.content.decode()
    assert count_of(idea) == 1 and Support.objects.count() == 1


def test_removing_a_support_never_given_is_refused(client_for, colleague, idea):
    response = client_for(colleague).post(support_url(idea), {"action": "remove"})
    assert response.status_code == 409 and count_of(idea) == 0


def test_ones_own_idea_cannot_be_supported(client_for, employee, idea, page):
    response = client_for(employee).post(support_url(idea), {"action": "add"})
    assert response.status_code == 403 and "You cannot support your own idea." in response.content.decode()
    assert count_of(idea) == 0 and not Support.objects.exists()
    assert 'name="action"' not in client_for(employee).get(page.url).content.decode()


@pytest.mark.parametrize("state", ["done", "declined"])
def test_support_is_frozen_once_an_idea_is_done_or_declined(client_for, colleague, outsider, idea, state):
    supports.add_support(outsider, idea)
    Contribution.objects.filter(pk=idea.pk).update(state=state)
    idea.refresh_from_db()
    assert client_for(colleague).post(support_url(idea), {"action": "add"}).status_code == 403
    assert client_for(outsider).post(support_url(idea), {"action": "remove"}).status_code == 403
    assert count_of(idea) == 1 and Support.objects.count() == 1


def test_a_withdrawn_idea_takes_no_support(client_for, colleague, idea):
    Contribution.objects.filter(pk=idea.pk).update(withdrawn_at=idea.created_at)
    response = client_for(colleague).post(support_url(idea), {"action": "add"})
    assert response.status_code == 403 and "no longer takes supports" in response.content.decode()
    assert count_of(idea) == 0 and not Support.objects.exists()


def test_an_idea_closed_between_the_read_and_the_write_takes_nothing(colleague, idea):
    """The service read the idea as open; it was declined meanwhile: the conditional UPDATE
    finds nothing and the inserted support is rolled back."""
    Contribution.objects.filter(pk=idea.pk).update(state="declined")
    assert idea.state == "new"  # the stale copy
    assert supports.add_support(colleague, idea) == supports.FROZEN
    assert count_of(idea) == 0 and not Support.objects.exists()


def test_only_ideas_take_supports(client_for, colleague, employee, page):
    question = make_contribution(page, employee, kind=QUESTION)
    response = client_for(colleague).post(support_url(question), {"action": "add"})
    assert response.status_code == 400 and not Support.objects.exists()


def test_an_unknown_action_is_refused(client_for, colleague, idea):
    assert client_for(colleague).post(support_url(idea), {"action": "double"}).status_code == 400


def test_ideas_switched_off_take_no_support(client_for, colleague, idea, section):
    set_policy(section, ideas_enabled=False)
    assert client_for(colleague).post(support_url(idea), {"action": "add"}).status_code == 404
    assert not Support.objects.exists()


def test_supports_are_rate_limited(client_for, colleague, idea, settings):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_SUPPORT_RATE_LIMIT = (1, 60)
    client = client_for(colleague)
    assert client.post(support_url(idea), {"action": "add"}).status_code == 302
    assert client.post(support_url(idea), {"action": "remove"}).status_code == 429
    assert count_of(idea) == 1


def test_the_budget_counts_open_ideas_of_the_section_and_closed_ones_return(
    client_for, colleague, employee, page, section, home, settings
):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_SUPPORT_BUDGET = 2
    ideas = [make_contribution(page, employee, title=f"Idea {n}") for n in range(3)]
    elsewhere = add_page(home, "Other box")
    switch_on(elsewhere, ideas_enabled=True)
    other = make_contribution(elsewhere, employee, title="Elsewhere")
    client = client_for(colleague)
    assert client.post(support_url(ideas[0]), {"action": "add"}).status_code == 302
    assert client.post(support_url(ideas[1]), {"action": "add"}).status_code == 302
    response = client.post(support_url(ideas[2]), {"action": "add"})
    assert response.status_code == 409 and "used all your supports" in response.content.decode()
    assert client.post(support_url(other), {"action": "add"}).status_code == 302  # another section
    Contribution.objects.filter(pk=ideas[0].pk).update(state="declined")  # returns to the budget
    assert client.post(support_url(ideas[2]), {"action": "add"}).status_code == 302
    assert Support.objects.filter(user=colleague).count() == 4
    assert [count_of(idea) for idea in ideas] == [1, 1, 1]


def test_the_section_is_where_ideas_are_switched_on(rf, section, home, page):
    request = rf.get("/")
    assert supports.section_of(request, page).pk == section.pk
    sub = add_page(page, "Sub")
    set_policy(sub, ideas_enabled=True)
    assert supports.section_of(rf.get("/"), sub).pk == sub.pk


def test_erasing_a_person_takes_their_supports_off_the_counts(colleague, outsider, idea):
    from wagtail_social.personal_data import erase_person

    supports.add_support(colleague, idea)
    supports.add_support(outsider, idea)
    erase_person(colleague)
    assert count_of(idea) == 1 and list(Support.objects.values_list("user", flat=True)) == [outsider.pk]


def test_a_deleted_account_takes_its_supports_off_the_counts(idea):
    supporter = make_user("leaving")
    supports.add_support(supporter, idea)
    get_user_model().objects.filter(pk=supporter.pk).delete()
    assert count_of(idea) == 0 and not Support.objects.exists()
