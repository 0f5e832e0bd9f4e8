"""Answer targets (``contributions.answer_targets``): the per-section target as a feature's policy
value (inherited down the tree, set in the "Participation" action, the page panel and the site
defaults), the due date a question gets when asked, and its first answer by someone else."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from tests.contributions_helpers import SUBMIT, make_contribution, submission, switch_on
from tests.test_any_object import form_data
from tests.utils import add_page, set_policy
from wagtail_social import features
from wagtail_social.contributions.answer_targets import (
    TARGET_VALUE,
    record_first_answer,
    start_clock,
)
from wagtail_social.contributions.models import IDEA, QUESTION, AnswerReminder, Contribution
from wagtail_social.contributions.working_days import add_working_days
from wagtail_social.features import VALUES_KEY
from wagtail_social.models import ParticipationPolicy, SocialSettings
from wagtail_social.policy import save_policy_values

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
POST_COMMENT = reverse("wagtail_social:post_comment")


def set_target(page, days):
    """Set ``page``'s own answer target as the forms store it (None: inherit)."""
    policy, _created = ParticipationPolicy.objects.get_or_create(page=page)
    values = {k: v for k, v in policy.switches.get(VALUES_KEY, {}).items() if k != TARGET_VALUE}
    if days is not None:
        values[TARGET_VALUE] = days
    policy.switches = {**{k: v for k, v in policy.switches.items() if k != VALUES_KEY}, VALUES_KEY: values}
    policy.save()


def target_of(page, **kwargs):
    return ParticipationPolicy.effective_for(page, **kwargs).value(TARGET_VALUE)


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Plan de formation")


# The policy value: inheritance ------------------------------------------------------------


def test_the_target_inherits_down_the_tree_then_from_the_site_then_the_feature(section, site_defaults):
    child = add_page(section, "Child")
    grandchild = add_page(child, "Grandchild")
    assert target_of(grandchild) == 2  # the feature's default
    site_defaults.switches = {**site_defaults.switches, VALUES_KEY: {TARGET_VALUE: 3}}
    site_defaults.save()
    assert target_of(grandchild) == 3
    set_target(section, 5)
    policy = ParticipationPolicy.effective_for(grandchild)
    assert policy.value(TARGET_VALUE) == 5 and policy.sources[TARGET_VALUE].pk == section.pk
    set_target(grandchild, 1)
    assert target_of(grandchild) == 1 and target_of(child) == 5
    assert target_of(grandchild, inherited_only=True) == 5
    set_target(grandchild, None)
    assert target_of(grandchild) == 5
    # Switches set beside the value are untouched by it, and it by them.
    assert ParticipationPolicy.effective_for(grandchild).enabled("comments") is True


@pytest.mark.parametrize("stored", [0, 61, "soon", None, [2]])
def test_a_stored_value_the_field_refuses_inherits_instead(section, stored):
    set_target(section, 4)
    child = add_page(section, "Child")
    ParticipationPolicy.objects.create(page=child, switches={VALUES_KEY: {TARGET_VALUE: stored}})
    assert target_of(child) == 4


def test_a_value_of_a_feature_not_installed_is_none_and_kept_when_saving(section):
    ParticipationPolicy.objects.filter(page=section).update(
        switches={"comments": True, VALUES_KEY: {"retired_value": 7}}
    )
    assert ParticipationPolicy.effective_for(section).value("retired_value") is None
    save_policy_values(section, {"switches": {"comments": True, VALUES_KEY: {TARGET_VALUE: 3}}})
    assert ParticipationPolicy.objects.get(page=section).switches == {
        "comments": True,
        VALUES_KEY: {"retired_value": 7, TARGET_VALUE: 3},
    }


def test_policy_value_names_are_checked_at_registration():
    for name in ("", "Target", "moderation", "comments_enabled", "x" * 33):
        with pytest.raises(ImproperlyConfigured):
            features.PolicyValue(name, "Bad", forms.IntegerField(), 1)
    clash = features.Feature(
        key="clash", label="Clash", values=[features.PolicyValue(TARGET_VALUE, "T", forms.IntegerField(), 1)]
    )
    with pytest.raises(ImproperlyConfigured, match="already declared by 'questions'"):
        features.register_feature(clash)
    assert not features.is_registered("clash")


# The policy value: forms ------------------------------------------------------------------


def policy_form(**values):
    return {
        "moderation": "",
        "closing": "",
        "closes_at": "",
        "max_depth": "",
        "comments_enabled": "unknown",
        **values,
    }


def test_the_participation_action_shows_sets_and_clears_the_target(client_for, editor, section):
    url = reverse("wagtail_social_admin:policy", args=[section.pk])
    client = client_for(editor)
    html = client.get(url).content.decode()
    assert 'name="answer_target_days"' in html
    assert "If inherited: 2 working days, from the site defaults." in html
    response = client.post(url, policy_form(comments_enabled="true", answer_target_days="4"))
    assert response.status_code == 302
    assert ParticipationPolicy.objects.get(page=section).switches == {
        "comments": True,
        VALUES_KEY: {TARGET_VALUE: 4},
    }
    child = add_page(section, "Child")
    child_html = client.get(reverse("wagtail_social_admin:policy", args=[child.pk])).content.decode()
    assert "If inherited: 4 working days, from “Section”." in child_html
    client.post(url, policy_form(comments_enabled="true", answer_target_days=""))
    assert ParticipationPolicy.objects.get(page=section).switches == {"comments": True}


def test_the_participation_action_refuses_a_target_out_of_range(client_for, editor, section):
    url = reverse("wagtail_social_admin:policy", args=[section.pk])
    response = client_for(editor).post(url, policy_form(comments_enabled="true", answer_target_days="0"))
    assert response.status_code == 200
    assert "answer_target_days" in response.context["form"].errors
    assert VALUES_KEY not in ParticipationPolicy.objects.get(page=section).switches


def test_the_page_panel_sets_the_target(client_for, editor, section):
    from tests.testapp.models import SocialPage

    page = add_page(section, "Owned", model=SocialPage)
    client = client_for(editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(url).content.decode()
    assert html.count('name="social_answer_target_days"') == 1  # claimed by the panel
    data = {
        "title": "Owned",
        "slug": "owned",
        "social_comments_enabled": "unknown",
        "social_moderation": "",
        "social_closing": "",
        "social_closes_at": "",
        "social_max_depth": "",
        "social_answer_target_days": "6",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert target_of(page) == 6
    assert client.post(url, {**data, "social_answer_target_days": "100"}).status_code == 200
    assert target_of(page) == 6


def test_the_site_defaults_set_the_target_and_blank_takes_the_features_default(client_for, home):
    from tests.utils import make_user

    admin = make_user("admin", is_superuser=True, is_staff=True)
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["wagtail_social", "socialsettings", site.pk])
    client = client_for(admin)
    assert 'name="answer_target_days"' in client.get(url).content.decode()
    assert (
        client.post(url, {"moderation": "post", "max_depth": "2", "answer_target_days": "3"}).status_code
        == 302
    )
    assert SocialSettings.for_site(site).switches[VALUES_KEY] == {TARGET_VALUE: 3}
    assert target_of(home) == 3
    client.post(url, {"moderation": "post", "max_depth": "2", "answer_target_days": ""})
    assert VALUES_KEY not in SocialSettings.for_site(site).switches
    assert target_of(home) == 2


# Due dates ----------------------------------------------------------------------------------


def test_a_question_asked_gets_its_due_date_from_its_pages_target(client_for, employee, section, page):
    set_target(section, 3)
    response = client_for(employee).post(SUBMIT, submission(page, QUESTION, "Quand ?", "Quand ?"))
    assert response.status_code == 302
    question = Contribution.objects.get()
    assert question.answer_due_at == add_working_days(question.created_at, 3)
    reminders = dict(AnswerReminder.objects.values_list("stage", "due_at"))
    assert reminders == {"half": add_working_days(question.created_at, 1.5), "due": question.answer_due_at}
    # Changing the target later does not move the promise already made.
    set_target(section, 10)
    question.refresh_from_db()
    assert question.answer_due_at == add_working_days(question.created_at, 3)


def test_an_idea_has_no_due_date(client_for, employee, page):
    client_for(employee).post(SUBMIT, submission(page, IDEA))
    assert Contribution.objects.get().answer_due_at is None
    assert not AnswerReminder.objects.exists()


def test_friday_afternoon_before_easter_monday_is_due_on_wednesday(employee, page):
    asked = datetime.datetime(2027, 3, 26, 16, 0, tzinfo=PARIS)
    question = make_contribution(page, employee, QUESTION, created_at=asked)
    start_clock(question)
    question.refresh_from_db()
    assert question.answer_due_at == datetime.datetime(2027, 3, 31, 16, 0, tzinfo=PARIS)
    half = AnswerReminder.objects.get(contribution=question, stage=AnswerReminder.HALF)
    assert half.due_at == datetime.datetime(2027, 3, 30, 16, 0, tzinfo=PARIS)


# First answers ------------------------------------------------------------------------------


def post_answer(client, question, text):
    return client.post(POST_COMMENT, form_data(question, text=text))


def test_the_authors_own_comment_is_no_answer_anothers_is(client_for, employee, colleague, moderator, page):
    question = make_contribution(page, employee, QUESTION)
    assert post_answer(client_for(employee), question, "Any news?").status_code == 302
    question.refresh_from_db()
    assert question.first_answered_at is None
    assert post_answer(client_for(colleague), question, "In March.").status_code == 302
    comment = XtdComment.objects.get(user=colleague)
    question.refresh_from_db()
    assert (question.first_answered_at, question.first_answered_by) == (comment.submit_date, colleague)
    # Only the first answer counts.
    post_answer(client_for(moderator), question, "Confirmed: March.")
    question.refresh_from_db()
    assert question.first_answered_by == colleague


def test_a_held_comment_answers_when_a_moderator_publishes_it(
    client_for, employee, colleague, moderator, section, page
):
    set_policy(section, moderation="pre")
    question = make_contribution(page, employee, QUESTION)
    post_answer(client_for(colleague), question, "In March.")
    held = XtdComment.objects.get(user=colleague)
    assert not held.is_public
    question.refresh_from_db()
    assert question.first_answered_at is None
    response = client_for(moderator).post(
        reverse("wagtail_social_moderation:edit", args=[held.pk]), {"action": "approve"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.first_answered_by == colleague and question.first_answered_at > held.submit_date


def test_record_first_answer_is_for_questions_by_others_and_once(employee, colleague, moderator, page):
    when = datetime.datetime(2027, 3, 29, 9, 0, tzinfo=PARIS)
    idea = make_contribution(page, employee, IDEA)
    assert record_first_answer(idea, colleague, when) is False
    question = make_contribution(page, employee, QUESTION)
    assert record_first_answer(question, employee, when) is False
    assert record_first_answer(question, colleague, when) is True
    assert record_first_answer(question, moderator, when + datetime.timedelta(hours=1)) is False
    question.refresh_from_db()
    assert (question.first_answered_at, question.first_answered_by) == (when, colleague)
    # An erased author's question: anyone's answer counts.
    orphan = make_contribution(page, None, QUESTION)
    assert record_first_answer(orphan, employee, when) is True


def test_erasing_a_person_forgets_whose_answer_came_first(employee, colleague, page):
    from wagtail_social.personal_data import erase_person

    question = make_contribution(page, employee, QUESTION)
    record_first_answer(question, colleague, datetime.datetime(2027, 3, 29, 9, 0, tzinfo=PARIS))
    erase_person(colleague)
    question.refresh_from_db()
    assert question.first_answered_by is None and question.first_answered_at is not None
