"""The employee-facing page "What is measured about you": what it lists (every registered
activity), whose figures it shows (the person's own only), the opt-in to the "most active
contributors" list (a CSRF-protected, rate-limited POST), the list itself (opted-in people only),
and the link from the core's participation block when the KPI app's URLs are included."""

import datetime
from html import escape

import pytest
from django.db.models import F
from django.test import Client, override_settings
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import urls as wagtail_urls
from wagtail.models import Page

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS, R
from tests.utils import make_comment
from wagtail_social import features
from wagtail_social.features import Activity, Feature, register_feature, unregister_feature
from wagtail_social.models import PageView, Reaction
from wagtail_social_kpi import checks, definitions
from wagtail_social_kpi.conf import settings as kpi_settings
from wagtail_social_kpi.models import ContributorListConsent

pytestmark = pytest.mark.django_db

MEASURED = "/participation/measured/"
CHOICE = "/participation/measured/contributor-list/"

# A URL configuration without the KPI app's URLs (``ROOT_URLCONF = __name__`` below).
urlpatterns = [
    path("social/", include("wagtail_social.urls")),
    path("", include(wagtail_urls)),
]


def test_urls_are_named():
    assert reverse("wagtail_social_kpi:measured") == MEASURED
    assert reverse("wagtail_social_kpi:contributor_list") == CHOICE


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(MEASURED)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(CHOICE, {"list": "in"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not ContributorListConsent.objects.exists()


def test_the_page_lists_every_registered_activity(client_for, employee):
    html = client_for(employee).get(MEASURED).content.decode()
    registered = list(features.activities())
    assert {activity.kind for _feature, activity in registered} >= {
        "comment",
        "reaction",
        "helpful",
        "page_view",
        "anonymous_page_view",
        "vote",
        "poll_window",
    }
    for feature, activity in registered:
        assert str(activity.description), activity.kind  # every built-in activity is described
        assert escape(str(feature.label)) in html
        assert escape(str(activity.description)) in html
    # Retention and k come from the settings.
    assert "396 days" in html
    assert "fewer than 5 people" in html


def ideas():
    """A feature registered by a test: employees' ideas, one a day on the home page."""
    return PageView.objects.values("page", "day", person=F("user_id"))


@pytest.fixture
def idea_feature():
    register_feature(
        Feature(
            key="test_ideas",
            label="Ideas box",
            switch=False,
            activities=[Activity("idea", Activity.CONTRIBUTOR, ideas, description="Each idea you submit.")],
        )
    )
    yield
    unregister_feature("test_ideas")


def test_a_new_feature_appears_by_registering(client_for, employee, idea_feature):
    html = client_for(employee).get(MEASURED).content.decode()
    assert "Ideas box" in html and "Each idea you submit." in html


def test_the_page_shows_the_persons_own_counts_only(client_for, employee, colleague, article):
    today = timezone.localdate()
    PageView.objects.create(user=employee, page=article, day=today)
    PageView.objects.create(user=employee, page=article, day=today - datetime.timedelta(days=60))
    for n in range(7):
        PageView.objects.create(user=colleague, page=article, day=today - datetime.timedelta(days=n))
    make_comment(article, colleague)
    Reaction.objects.create(user=colleague, page=article, kind="like")
    response = client_for(employee).get(MEASURED)
    own = {(row.activity.kind): (row.in_range, row.ever) for row in response.context["own"]}
    # Two readings (one in the last 4 weeks), nothing else; the colleague's records are not there.
    assert own["page_view"] == (1, 2)
    assert own["comment"] == (0, 0) and own["reaction"] == (0, 0)
    assert "anonymous_page_view" not in own  # about nobody
    html = response.content.decode()
    assert "<td>1</td><td>2</td>" in html
    assert "<td>7</td>" not in html


def test_own_participation_in_a_range(home):
    with override_settings(**KPI_SETTINGS):
        data = kpi_dataset.build(home)
        p1 = {
            row.activity.kind: (row.in_range, row.ever)
            for row in definitions.own_participation(data.people["p1"], R)
        }
    # p1: comments 3/11, 10/11, 17/11 in R and 8/10 before; page views 4 in R, 2 in P; a like 3/11.
    assert p1["comment"] == (3, 4)
    assert p1["page_view"] == (4, 6)
    assert p1["reaction"] == (1, 1)
    assert p1["helpful"] == (0, 0)
    assert p1["vote"] == (0, 0) and p1["poll_window"] == (0, 0)


def test_opting_in_and_out_by_post(client_for, employee):
    client = client_for(employee)
    response = client.post(CHOICE, {"list": "in"})
    assert response.status_code == 302 and response["Location"] == f"{MEASURED}#contributor-list"
    consent = ContributorListConsent.objects.get(user=employee)
    assert consent.opted_in_at <= timezone.now()
    # Saying yes again keeps the first date.
    client.post(CHOICE, {"list": "in"})
    assert ContributorListConsent.objects.get(user=employee).opted_in_at == consent.opted_in_at
    html = client.get(MEASURED).content.decode()
    assert "You now appear" in html  # the notice, once
    assert "Leave the list" in html and 'value="out"' in html
    assert client.post(CHOICE, {"list": "out"}).status_code == 302
    assert not ContributorListConsent.objects.exists()
    assert "Appear in the list" in client.get(MEASURED).content.decode()


def test_get_changes_nothing_and_a_bad_choice_is_refused(client_for, employee):
    client = client_for(employee)
    assert client.get(CHOICE, {"list": "in"}).status_code == 405
    assert client.get(MEASURED, {"list": "in"}).status_code == 200
    assert client.post(CHOICE, {"list": "maybe"}).status_code == 400
    assert client.post(MEASURED, {"list": "in"}).status_code == 405
    assert not ContributorListConsent.objects.exists()


def test_csrf_is_enforced(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    assert client.post(CHOICE, {"list": "in"}).status_code == 403
    assert not ContributorListConsent.objects.exists()
    page = client.get(MEASURED)
    token = page.cookies["csrftoken"].value
    assert client.post(CHOICE, {"list": "in", "csrfmiddlewaretoken": token}).status_code == 302
    assert ContributorListConsent.objects.filter(user=employee).exists()


def test_rate_limit(client_for, employee, settings):
    settings.WAGTAIL_SOCIAL_KPI_OPT_IN_RATE_LIMIT = (2, 1_000_000)
    client = client_for(employee)
    assert client.post(CHOICE, {"list": "in"}).status_code == 302
    assert client.post(CHOICE, {"list": "out"}).status_code == 302
    response = client.post(CHOICE, {"list": "in"})
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert "too often" in response.content.decode()
    assert not ContributorListConsent.objects.exists()  # the refused request stored nothing


def test_rate_limit_setting_default_and_check(settings):
    assert kpi_settings.OPT_IN_RATE_LIMIT == (10, 60)
    settings.WAGTAIL_SOCIAL_KPI_OPT_IN_RATE_LIMIT = (0, 60)
    assert "wagtail_social_kpi.E009" in {error.id for error in checks.check_settings()}


def test_most_active_contributors_lists_only_people_who_opted_in(home):
    with override_settings(**KPI_SETTINGS):
        data = kpi_dataset.build(home)
        people = data.people
        assert definitions.most_active_contributors(R) == []  # nobody opted in
        # Contributions in R: p1 3, p6 2, p2 1, p9 1. p1 does not opt in; outsider and former
        # (outside the population) do, p4 (no contribution) too.
        for name in ("p6", "p9", "p2", "p4", "outsider", "former"):
            ContributorListConsent.objects.create(user=people[name])
        listed = definitions.most_active_contributors(R)
        assert [(c.user.username, c.contributions) for c in listed] == [("p6", 2), ("p2", 1), ("p9", 1)]
        assert [c.user.username for c in definitions.most_active_contributors(R, limit=2)] == ["p6", "p2"]
        # Restricted to the pages a viewer may see: n1 only holds p6's comments.
        n1 = Page.objects.filter(pk=data.pages["n1"].pk)
        assert [c.user.username for c in definitions.most_active_contributors(R, pages=n1)] == ["p6"]
        ContributorListConsent.objects.create(user=people["p1"])
        assert definitions.most_active_contributors(R)[0].user == people["p1"]


def test_most_active_contributors_counts_registered_contributions(employee, article, idea_feature):
    ContributorListConsent.objects.create(user=employee)
    PageView.objects.create(user=employee, page=article, day=R.start)
    # A reading is no contribution; an idea (the test feature's contributor activity) is.
    [line] = definitions.most_active_contributors(R)
    assert (line.user, line.contributions) == (employee, 1)


def test_the_participation_block_links_to_the_page(client_for, employee, article):
    html = client_for(employee).get(article.url).content.decode()
    assert f'<a href="{MEASURED}">What is measured?</a>' in html


def test_no_link_without_the_kpi_urls(client_for, employee, article, settings):
    settings.ROOT_URLCONF = __name__
    html = client_for(employee).get(article.url).content.decode()
    assert "social-comments" in html  # the block is there
    assert "What is measured?" not in html


def test_the_page_is_structured_for_screen_readers(client_for, employee):
    html = client_for(employee).get(MEASURED).content.decode()
    assert html.count("<h1") == 1
    for heading in ("What is recorded", "Why", "For how long", "Who sees which figure", "Your participation"):
        assert f">{heading}</h2>" in html
    assert '<th scope="col">' in html and "<caption>" in html
    assert '<button type="submit" class="button" aria-describedby="contributor-list-status">' in html
