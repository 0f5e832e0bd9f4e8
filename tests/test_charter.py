"""The usage charter: asked for before a person's first comment, reaction, vote, helpfulness
answer, contribution or support (the gate of the endpoint toolkit), the action kept and completed
once accepted — without JavaScript (kept in the session, replayed by the accept form) and with it
(a JSON answer, then the same request again) — and asked again after a new version."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from tests.contributions_helpers import SUBMIT, make_contribution, submission, support_url, switch_on
from tests.test_comments import form_data
from tests.test_polls_voting import make_poll, poll_page
from tests.utils import make_user, set_policy
from wagtail_social import charter
from wagtail_social.checks import check_charter_urls
from wagtail_social.contributions.models import Contribution, Support
from wagtail_social.models import CharterAcceptance, CharterVersion, HelpfulVote, Reaction
from wagtail_social.models.charter import CharterVersionChanged
from wagtail_social.personal_data import erase_person, export_person
from wagtail_social_polls.models import ChoiceTally

pytestmark = pytest.mark.django_db
ACCEPT = reverse("wagtail_social_charter:accept")
SCRIPT = {"HTTP_X_WAGTAIL_SOCIAL": "1"}
TEXT = "<p>Be <b>kind</b> to colleagues.</p>"


@pytest.fixture
def version(db):
    return charter.publish_version(TEXT)


@pytest.fixture
def poll(db):
    return make_poll("Yes", "No")


@pytest.fixture
def place(section, poll):
    """A page where every action is open: comments, reactions, helpfulness, a poll, ideas."""
    set_policy(section, comments_enabled=True, reactions_enabled=True, helpful_enabled=True)
    switch_on(section)
    return poll_page(section, poll, title="Place")


@pytest.fixture
def idea(place, colleague):
    return make_contribution(place, colleague, title="Covoiturage")


def _comment(place, poll, idea):
    return reverse("wagtail_social:post_comment"), form_data(place, text="Bonjour"), XtdComment.objects


def _reaction(place, poll, idea):
    data = {"page": str(place.pk), "reaction": "add:like"}
    return reverse("wagtail_social:react"), data, Reaction.objects


def _vote(place, poll, idea):
    data = {"page": str(place.pk), "poll": str(poll.pk), "choice": [str(poll.choices.get(text="Yes").pk)]}
    return reverse("wagtail_social_polls:vote"), data, ChoiceTally.objects.filter(votes__gt=0)


def _helpful(place, poll, idea):
    data = {"page": str(place.pk), "helpful": "yes", "comment": ""}
    return reverse("wagtail_social:helpful"), data, HelpfulVote.objects


def _submit(place, poll, idea):
    return (
        SUBMIT,
        submission(place, title="Navette", text="Le matin"),
        Contribution.objects.exclude(pk=idea.pk),
    )


def _support(place, poll, idea):
    return support_url(idea), {"action": "add"}, Support.objects


ACTIONS = {
    "comment": _comment,
    "reaction": _reaction,
    "vote": _vote,
    "helpful": _helpful,
    "contribution": _submit,
    "support": _support,
}


@pytest.fixture(params=list(ACTIONS))
def action(request, place, poll, idea):
    return ACTIONS[request.param](place, poll, idea)


def test_without_a_charter_nothing_is_asked(client_for, employee, action):
    url, data, done = action
    response = client_for(employee).post(url, data)
    assert response.status_code == 302 and "charter" not in response["Location"]
    assert done.count() == 1


def test_each_action_waits_for_the_charter_then_completes_without_javascript(
    client_for, employee, version, action
):
    url, data, done = action
    client = client_for(employee)
    asked = client.post(url, data)
    assert asked.status_code == 302 and asked["Location"].startswith(ACCEPT + "?action=")
    assert done.count() == 0  # nothing stored yet
    page = client.get(asked["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<b>kind</b>" in html and "is kept" in html
    token = page.context["token"]
    accepted = client.post(ACCEPT, {"version": "1", "action": token})
    assert accepted.status_code == 302 and "charter" not in accepted["Location"]
    assert done.count() == 1  # the action completed, once
    assert CharterAcceptance.objects.filter(user=employee, version=version).count() == 1
    # Accepting again (a reload) replays nothing.
    client.post(ACCEPT, {"version": "1", "action": token})
    assert done.count() == 1


def test_each_action_answers_the_script_then_completes_when_sent_again(client_for, employee, version, action):
    url, data, done = action
    client = client_for(employee)
    response = client.post(url, data, **SCRIPT)
    assert response.status_code == 403
    body = response.json()
    assert body["charter_required"] is True and body["ok"] is False
    assert body["charter"]["version"] == 1
    assert body["charter"]["accept_url"] == ACCEPT
    assert body["charter"]["url"] == reverse("wagtail_social_charter:current")
    assert "<b>kind</b>" in body["charter"]["html"]
    assert done.count() == 0
    assert client.post(ACCEPT, {"version": "1"}, **SCRIPT).json()["ok"] is True
    again = client.post(url, data, **SCRIPT)
    assert again.status_code == 200 and again.json()["ok"] is True
    assert done.count() == 1


def test_a_comment_arrives_where_it_would_have(client_for, employee, version, article):
    client = client_for(employee)
    asked = client.post(reverse("wagtail_social:post_comment"), form_data(article, text="Après la charte"))
    token = client.get(asked["Location"]).context["token"]
    response = client.post(ACCEPT, {"version": "1", "action": token}, follow=True)
    comment = XtdComment.objects.get()
    assert comment.comment == "Après la charte" and comment.user == employee
    assert response.redirect_chain[-1][0].endswith(f"{article.url}#comment-{comment.pk}")
    assert "Après la charte" in response.content.decode()


def test_a_new_version_asks_again(client_for, employee, version, place):
    client = client_for(employee)
    react = reverse("wagtail_social:react")
    charter.accept(employee, version)
    assert client.post(react, {"page": place.pk, "reaction": "add:like"}).status_code == 302
    assert Reaction.objects.count() == 1
    charter.publish_version("<p>Version two</p>")
    response = client.post(react, {"page": place.pk, "reaction": "add:useful"}, **SCRIPT)
    assert response.status_code == 403 and response.json()["charter"]["version"] == 2
    assert Reaction.objects.count() == 1
    client.post(ACCEPT, {"version": "2"}, **SCRIPT)
    assert client.post(react, {"page": place.pk, "reaction": "add:useful"}, **SCRIPT).status_code == 200
    assert sorted(CharterAcceptance.objects.values_list("version__number", flat=True)) == [1, 2]


def test_accepting_a_version_one_did_not_see_is_refused(client_for, employee, version):
    client = client_for(employee)
    charter.publish_version("<p>Newer</p>")
    response = client.post(ACCEPT, {"version": "1"})
    assert response.status_code == 409 and "Newer" in response.content.decode()
    assert client.post(ACCEPT, {"version": "1"}, **SCRIPT).json()["charter"]["version"] == 2
    assert not CharterAcceptance.objects.exists()


def test_a_kept_action_is_not_replayed_for_someone_else(client, employee, colleague, version, place):
    client.force_login(employee)
    asked = client.post(reverse("wagtail_social:react"), {"page": place.pk, "reaction": "add:like"})
    token = asked["Location"].split("action=")[1]
    session = client.session  # the same browser, another person (the session kept by hand)
    kept = session[charter.pending.SESSION_KEY]
    client.force_login(colleague)
    session = client.session
    session[charter.pending.SESSION_KEY] = kept
    session.save()
    response = client.post(ACCEPT, {"version": "1", "action": token})
    assert response.status_code == 302 and not Reaction.objects.exists()


@override_settings(WAGTAIL_SOCIAL_CHARTER_REQUIRED=False)
def test_the_setting_turns_the_requirement_off(client_for, employee, version, place):
    response = client_for(employee).post(
        reverse("wagtail_social:react"), {"page": place.pk, "reaction": "add:like"}
    )
    assert response.status_code == 302 and Reaction.objects.count() == 1


def test_refused_people_are_not_asked_for_the_charter(client, client_for, outsider, version, place, article):
    """The participant checks come first: logged out, or the feature off there."""
    react = reverse("wagtail_social:react")
    assert client.post(react, {"page": place.pk, "reaction": "add:like"})["Location"].startswith("/accounts/")
    set_policy(article, reactions_enabled=False)
    client = client_for(outsider)
    assert client.post(react, {"page": article.pk, "reaction": "add:like"}).status_code == 403
    assert not CharterAcceptance.objects.exists() and not Reaction.objects.exists()


def test_an_accepted_charter_costs_no_query(client_for, employee, version, place, django_assert_num_queries):
    charter.accept(employee, version)
    request = RequestFactory().post("/")
    request.user = employee
    assert charter.required_version(request) is None  # learnt once…
    again = RequestFactory().post("/")
    again.user = employee
    again.__dict__["_wagtail_social_generation"] = request.__dict__["_wagtail_social_generation"]
    with django_assert_num_queries(0):
        assert charter.required_version(again) is None  # …then kept for the generation


# The charter's pages ------------------------------------------------------------------------


def test_the_charter_is_read_at_a_stable_url_and_each_version_kept(client, version):
    charter.publish_version("<p>Second text</p>")
    current = client.get("/charter/")
    html = current.content.decode()
    assert current.status_code == 200 and "Second text" in html and "Version 2" in html
    assert 'href="/charter/1/"' in html
    first = client.get("/charter/1/").content.decode()
    assert "<b>kind</b>" in first and "earlier version" in first
    assert client.get("/charter/3/").status_code == 404


def test_no_charter_no_page(client, db):
    assert client.get("/charter/").status_code == 404
    assert client.get(ACCEPT).status_code == 404


def test_the_accept_page_asks_anonymous_visitors_to_log_in(client, version):
    assert client.get(ACCEPT)["Location"].startswith("/accounts/login/")


def test_a_published_version_is_never_changed(version):
    version.text = "<p>Rewritten</p>"
    with pytest.raises(CharterVersionChanged):
        version.save()
    assert CharterVersion.objects.get().text == TEXT


# Personal data ------------------------------------------------------------------------------


def test_acceptances_are_exported_and_erased_with_the_person(employee, version):
    charter.accept(employee, version)
    exported = export_person(employee)["charter"]
    assert exported[0]["version"] == 1 and exported[0]["accepted_at"]
    assert erase_person(employee)["charter"] == 1
    assert not CharterAcceptance.objects.exists()
    other = make_user("zoe")
    assert export_person(other)["charter"] == []


# The setup check ----------------------------------------------------------------------------

urlpatterns = []  # a site that forgot the charter's URLs (used as ROOT_URLCONF below)


def test_a_site_without_the_charter_urls_is_warned():
    assert check_charter_urls() == []
    with override_settings(ROOT_URLCONF=__name__):
        assert [warning.id for warning in check_charter_urls()] == ["wagtail_social.W004"]
        with override_settings(WAGTAIL_SOCIAL_CHARTER_REQUIRED=False):
            assert check_charter_urls() == []
