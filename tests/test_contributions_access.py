"""A private community's contributions answer a non-member exactly like anything of it: 404,
and nothing stored. Members take part as anywhere else."""

import pytest
from django.urls import reverse

from tests.contributions_helpers import SUBMIT, make_contribution, submission, support_url, switch_on
from tests.utils import add_page
from wagtail_social.contributions.models import Contribution, ContributionRevision, Support

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_page(community):
    switch_on(community)
    return add_page(community, "Private box")


@pytest.fixture
def private_idea(private_page, member):
    return make_contribution(private_page, member, title="Secret plan")


def urls_of(idea) -> dict[str, str]:
    return {
        name: reverse(f"wagtail_social_contributions:{name}", args=[idea.pk])
        for name in ("detail", "edit", "withdraw", "support", "document")
    }


def test_a_non_member_gets_404_everywhere_and_nothing_is_stored(
    client_for, outsider, private_page, private_idea
):
    client = client_for(outsider)
    assert client.post(SUBMIT, submission(private_page)).status_code == 404
    urls = urls_of(private_idea)
    assert client.get(urls["detail"]).status_code == 404
    assert client.get(urls["document"]).status_code == 404
    assert client.get(urls["edit"]).status_code == 404
    assert client.post(urls["edit"], {"edit-title": "T", "edit-text": "x"}).status_code == 404
    assert client.post(urls["withdraw"]).status_code == 404
    assert client.post(urls["support"], {"action": "add"}).status_code == 404
    assert client.post(urls["support"], {"action": "add"}, HTTP_X_WAGTAIL_SOCIAL="1").status_code == 404
    assert list(Contribution.objects.values_list("title", flat=True)) == ["Secret plan"]
    assert not Support.objects.exists() and not ContributionRevision.objects.exists()
    private_idea.refresh_from_db()
    assert private_idea.withdrawn_at is None and private_idea.support_count == 0


def test_the_404_is_the_same_as_for_a_contribution_that_does_not_exist(client_for, outsider, private_idea):
    client = client_for(outsider)
    missing = reverse("wagtail_social_contributions:detail", args=[private_idea.pk + 1000])
    hidden = client.get(reverse("wagtail_social_contributions:detail", args=[private_idea.pk]))
    absent = client.get(missing)
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content


def test_an_anonymous_visitor_gets_404_too(client, private_idea):
    assert client.post(support_url(private_idea), {"action": "add"}).status_code == 404
    assert client.get(private_idea.get_absolute_url()).status_code == 404


def test_a_member_takes_part(client_for, member, moderator, private_page, private_idea):
    assert client_for(member).post(SUBMIT, submission(private_page, title="Another")).status_code == 302
    assert client_for(moderator).post(support_url(private_idea), {"action": "add"}).status_code == 302
    assert Contribution.objects.get(pk=private_idea.pk).support_count == 1
    html = client_for(moderator).get(private_page.url).content.decode()
    assert "Secret plan" in html and "Another" in html


def test_the_block_is_not_rendered_for_a_page_the_reader_may_not_see(
    rf, outsider, private_page, private_idea
):
    from wagtail_social.contributions.presentation import contributions_context

    request = rf.get("/")
    request.user = outsider
    request.session = {}
    assert contributions_context(request, private_page) is None


def test_a_bad_id_is_not_found(client_for, employee, section):
    switch_on(section)
    client = client_for(employee)
    assert client.post(SUBMIT, {"page": "abc", "kind": "idea"}).status_code == 404
    assert client.post(SUBMIT, {"page": str(2**40), "kind": "idea"}).status_code == 404
    assert client.get(f"/contributions/{2**40}/").status_code == 404
