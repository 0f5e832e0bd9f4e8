"""Features register themselves (``wagtail_social.features``): their switches in policies, forms,
panels and site defaults, the data migration that moved the old columns, and a person's data."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.models import Site

from tests.contributions_helpers import make_contribution
from tests.test_polls_voting import make_poll
from tests.utils import add_page, make_comment, make_user, set_policy, set_site_defaults
from wagtail_social import features, personal_data
from wagtail_social.contributions.models import Support
from wagtail_social.forms import ParticipationPolicyForm
from wagtail_social.models import (
    CommentRevision,
    HelpfulVote,
    PageView,
    ParticipationPolicy,
    Reaction,
    SocialSettings,
)
from wagtail_social.policy import save_policy_values
from wagtail_social.switches import FeatureSwitchesPanel, SocialSettingsForm
from wagtail_social_kpi.models import ContributorListConsent
from wagtail_social_polls.models import PollPlacement
from wagtail_social_polls.voting import cast_vote

pytestmark = pytest.mark.django_db


def test_the_core_features_and_polls_register_through_the_same_api():
    keys = [feature.key for feature in features.registered_features()]
    assert keys == [
        "comments",
        "reactions",
        "helpful",
        "polls",
        "kudos",
        "ideas",
        "questions",
        "suggestions",
        "reading",
        "contributor_list",
        "charter",
    ]
    assert [feature.key for feature in features.switchable_features()] == [
        "comments",
        "reactions",
        "helpful",
        "polls",
        "kudos",
        "ideas",
        "questions",
        "suggestions",
    ]
    activities = {activity.kind: activity.counts_as for _feature, activity in features.activities()}
    assert activities == {
        "comment": "contributor",
        "reaction": "engaged",
        "helpful": "engaged",
        "vote": "engaged",
        "poll_window": "engaged",
        "idea": "contributor",
        "support": "engaged",
        "question": "contributor",
        "suggestion": "contributor",
        "page_view": "reader",
        "anonymous_page_view": "reader",
    }


@pytest.mark.parametrize("key", ["", "Comments", "9lives", "moderation", "closes_at", "a-b", "x" * 33])
def test_a_bad_feature_key_is_refused_at_registration(key):
    with pytest.raises(ImproperlyConfigured):
        features.Feature(key=key, label="Bad")


def test_an_activity_must_say_how_it_counts():
    with pytest.raises(ImproperlyConfigured, match="counts_as"):
        features.Activity("visit", "reader-ish", lambda: None)


def test_a_new_features_switch_inherits_down_the_tree_like_the_others(home, section):
    child = add_page(section, "Child")
    assert ParticipationPolicy.effective_for(child).enabled("kudos") is False  # its registered default
    set_policy(section, kudos_enabled=True)
    policy = ParticipationPolicy.effective_for(child)
    assert policy.enabled("kudos") is True
    assert policy.sources["kudos"].pk == section.pk
    assert policy.enabled("comments") is True  # set on the section by the fixture, kept beside
    set_policy(child, kudos_enabled=False)
    assert ParticipationPolicy.effective_for(child).enabled("kudos") is False
    assert ParticipationPolicy.effective_for(child, inherited_only=True).enabled("kudos") is True


def test_site_defaults_of_a_feature_and_the_registered_default(home, site_defaults):
    page = add_page(home, "Page")
    assert ParticipationPolicy.effective_for(page).enabled("polls") is True  # polls register default=True
    set_site_defaults(site_defaults, polls_enabled=False, kudos_enabled=True)
    policy = ParticipationPolicy.effective_for(page)
    assert policy.enabled("polls") is False
    assert policy.enabled("kudos") is True


def test_an_unregistered_key_is_off_even_if_stored(home):
    page = add_page(home, "Page")
    ParticipationPolicy.objects.create(page=page, switches={"retired": True})
    assert ParticipationPolicy.effective_for(page).enabled("retired") is False


def test_the_policy_form_has_one_switch_per_feature_first_then_the_policy_values(section):
    form = ParticipationPolicyForm(page=section)
    assert list(form.fields) == [
        "comments_enabled",
        "reactions_enabled",
        "helpful_enabled",
        "polls_enabled",
        "kudos_enabled",
        "ideas_enabled",
        "questions_enabled",
        "suggestions_enabled",
        "answer_target_days",  # the questions feature's policy value, after the switches
        "moderation",
        "closing",
        "closes_at",
        "max_depth",
    ]
    assert form.fields["kudos_enabled"].label == "Kudos"
    assert "If inherited: Off, from the site defaults." in form.fields["kudos_enabled"].help_text


def test_the_participation_action_stores_a_new_features_switch_and_keeps_unknown_keys(
    client_for, editor, section
):
    ParticipationPolicy.objects.filter(page=section).update(switches={"comments": True, "retired": False})
    url = reverse("wagtail_social_admin:policy", args=[section.pk])
    data = dict.fromkeys(
        ("comments_enabled", "reactions_enabled", "helpful_enabled", "polls_enabled"), "unknown"
    )
    data.update(
        kudos_enabled="true", comments_enabled="true", moderation="", closing="", closes_at="", max_depth=""
    )
    response = client_for(editor).post(url, data)
    assert response.status_code == 302
    policy = ParticipationPolicy.objects.get(page=section)
    # "retired" belongs to a feature whose app is gone: kept for the day it comes back.
    assert policy.switches == {"comments": True, "kudos": True, "retired": False}
    page = client_for(editor).get(url)
    assert "Kudos" in page.content.decode()


def test_a_policy_that_sets_nothing_is_deleted(section):
    assert save_policy_values(section, {"switches": {}}) is None
    assert not ParticipationPolicy.objects.filter(page=section).exists()


def test_site_defaults_screen_has_a_switch_per_feature(client_for, home):
    admin = make_user("admin", is_superuser=True, is_staff=True)
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["wagtail_social", "socialsettings", site.pk])
    client = client_for(admin)
    page = client.get(url).content.decode()
    for name in (
        "comments_enabled",
        "reactions_enabled",
        "helpful_enabled",
        "polls_enabled",
        "kudos_enabled",
        "ideas_enabled",
        "questions_enabled",
        "suggestions_enabled",
    ):
        assert f'name="{name}"' in page
    assert 'name="switches"' not in page
    response = client.post(
        url, {"moderation": "pre", "max_depth": "3", "comments_enabled": "on", "kudos_enabled": "on"}
    )
    assert response.status_code == 302
    defaults = SocialSettings.for_site(site)
    assert defaults.switches == {
        "comments": True,
        "reactions": False,
        "helpful": False,
        "polls": False,
        "kudos": True,
        "ideas": False,
        "questions": False,
        "suggestions": False,
    }
    assert defaults.moderation == "pre"


def test_the_switches_panel_lists_registered_features(home):
    panel = FeatureSwitchesPanel(prefix="social_").bind_to_model(SocialSettings)
    assert [child.field_name for child in panel.children][:2] == [
        "social_comments_enabled",
        "social_reactions_enabled",
    ]
    form_class = get_setting_edit_handler(SocialSettings).get_form_class()
    assert issubclass(form_class, SocialSettingsForm)
    form = form_class(instance=SocialSettings(site=Site.objects.get(is_default_site=True)))
    assert form.initial["polls_enabled"] is True and form.initial["comments_enabled"] is False


def test_without_the_polls_app_no_polls_switch_anywhere():
    """A site that never installed ``wagtail_social_polls``: run in a fresh process, since an
    installed app cannot be taken out of this one."""
    script = """
import json, django
django.setup()
from wagtail_social.features import registered_features
from wagtail_social.forms import ParticipationPolicyForm
from wagtail_social.models import SocialSettings
from wagtail_social.models.policy import EffectivePolicy
from wagtail_social.switches import FeatureSwitchesPanel
from wagtail.contrib.settings.views import get_setting_edit_handler
panel = FeatureSwitchesPanel(prefix="social_").bind_to_model(SocialSettings)
print(json.dumps({
    "features": [feature.key for feature in registered_features()],
    "policy_form": list(ParticipationPolicyForm().fields),
    "settings_form": list(get_setting_edit_handler(SocialSettings).get_form_class()(instance=SocialSettings()).fields),
    "panel": [child.field_name for child in panel.children],
}))
"""
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={
            "DJANGO_SETTINGS_MODULE": "tests.settings_without_polls",
            "PYTHONPATH": str(root),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["features"] == [
        "comments",
        "reactions",
        "helpful",
        "ideas",
        "questions",
        "suggestions",
        "reading",
        "contributor_list",
        "charter",
    ]
    for names in (seen["policy_form"], seen["settings_form"], seen["panel"]):
        assert not any("polls" in name for name in names), names
    assert "comments_enabled" in seen["policy_form"] and "social_comments_enabled" in seen["panel"]


# serialized_rollback: the root page, locale and site the migrations created, even after an
# earlier transactional test flushed the database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_switch_columns_become_switches_and_back():
    executor = MigrationExecutor(connection)
    old, new = [("wagtail_social", "0005_generation")], [("wagtail_social", "0006_policy_switches")]
    executor.migrate(old)
    try:
        old_apps = executor.loader.project_state(old).apps
        Page = old_apps.get_model("wagtailcore", "Page")
        Policy = old_apps.get_model("wagtail_social", "ParticipationPolicy")
        Settings = old_apps.get_model("wagtail_social", "SocialSettings")
        Site = old_apps.get_model("wagtailcore", "Site")
        page = Page.objects.get(depth=1)
        Policy.objects.create(page=page, comments_enabled=True, polls_enabled=False, moderation="pre")
        site = Site.objects.first() or Site.objects.create(
            hostname="migrated", root_page=page, is_default_site=True
        )
        Settings.objects.create(
            site=site,
            comments_enabled=True,
            reactions_enabled=False,
            helpful_enabled=True,
            polls_enabled=True,
        )
        executor = MigrationExecutor(connection)
        executor.migrate(new)
        new_apps = executor.loader.project_state(new).apps
        policy = new_apps.get_model("wagtail_social", "ParticipationPolicy").objects.get(page_id=page.pk)
        assert policy.switches == {"comments": True, "polls": False}  # unset values stay unset (inherit)
        assert policy.moderation == "pre"
        defaults = new_apps.get_model("wagtail_social", "SocialSettings").objects.get(site_id=site.pk)
        assert defaults.switches == {"comments": True, "reactions": False, "helpful": True, "polls": True}
        executor = MigrationExecutor(connection)
        executor.migrate(old)
        back = executor.loader.project_state(old).apps.get_model("wagtail_social", "ParticipationPolicy")
        row = back.objects.get(page_id=page.pk)
        assert (row.comments_enabled, row.reactions_enabled, row.polls_enabled) == (True, None, False)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_every_activity_gives_person_page_day_and_what_it_declares(section, employee):
    from wagtail_social.models import AnonymousPageView

    page = add_page(section, "Counted")
    make_comment(page, employee, "Mine")
    Reaction.objects.create(user=employee, page=page, kind="bravo")
    HelpfulVote.objects.create(user=employee, page=page, helpful=False)
    PageView.objects.create(user=employee, page=page, day="2026-11-02")
    AnonymousPageView.objects.create(page=page, day="2026-11-02", views=7)
    named, secret = make_poll("Yes", "No"), make_poll("Yes", "No", secret=True)
    for poll in (named, secret):
        PollPlacement.objects.create(poll=poll, page=page)
        assert cast_vote(employee, poll, [poll.choices.first().pk]).accepted
    idea = make_contribution(page, employee, "idea")
    make_contribution(page, employee, "question")
    make_contribution(page, employee, "suggestion")
    Support.objects.create(contribution=idea, user=make_user("supporter"))
    rows = {activity.kind: (activity, list(activity.rows())) for _feature, activity in features.activities()}
    for kind, (activity, records) in rows.items():
        assert len(records) == 1, kind
        expected = {"person", "page", "day"} | {
            name
            for name, flag in (
                ("detail", activity.detailed),
                ("weight", activity.weighted),
                ("until", activity.windowed),
            )
            if flag
        }
        assert set(records[0]) == expected, kind
        assert records[0]["page"] == page.pk
    assert rows["reaction"][1][0]["detail"] == "bravo"
    assert rows["question"][1][0]["detail"] == "open"  # a contribution's state: figures by status
    assert rows["helpful"][1][0]["detail"] == "no"
    assert rows["anonymous_page_view"][1][0] == {
        "person": None,
        "page": page.pk,
        "day": datetime.date(2026, 11, 2),
        "weight": 7,
    }
    assert rows["comment"][1][0]["person"] == employee.pk
    assert rows["vote"][1][0]["day"] == timezone.localdate()
    assert rows["poll_window"][1][0]["until"] == datetime.date(9999, 12, 31)  # never closes


def test_a_declared_timestamp_is_the_column_the_day_is_the_local_date_of(section, employee):
    """The figures select a range on ``Activity.timestamp`` instead of ``day``: that is only right
    if ``day`` is the timestamp's date in the site's time zone, for every activity declaring one."""
    page = add_page(section, "Stamped")
    make_comment(page, employee, "Late")
    Reaction.objects.create(user=employee, page=page, kind="like")
    HelpfulVote.objects.create(user=employee, page=page, helpful=True)
    idea = make_contribution(page, employee, "idea")
    make_contribution(page, employee, "question")
    make_contribution(page, employee, "suggestion")
    Support.objects.create(contribution=idea, user=make_user("supporter"))
    late_evening = datetime.datetime(2026, 11, 2, 23, 30, tzinfo=datetime.UTC)  # 3/11 in Paris
    stamped = [activity for _feature, activity in features.activities() if activity.timestamp]
    assert {activity.kind for activity in stamped} >= {
        "comment",
        "reaction",
        "helpful",
        *("idea", "question", "suggestion", "support"),
    }
    for activity in stamped:
        rows = activity.rows()
        rows.model.objects.filter(pk__in=rows.values("pk")).update(**{activity.timestamp: late_evening})
        assert {row["day"] for row in activity.rows()} == {datetime.date(2026, 11, 3)}, activity.kind


def test_a_windowed_activity_cannot_declare_a_timestamp():
    with pytest.raises(ImproperlyConfigured, match="windowed"):
        features.Activity("ballot", features.Activity.ENGAGED, list, windowed=True, timestamp="created_at")


def test_a_persons_data_is_exported_and_erased_through_every_feature(section, employee, colleague):
    page = add_page(section, "Read")
    comment = make_comment(page, employee, "Mine", ip_address="192.0.2.7", user_url="https://example.com/me")
    CommentRevision.objects.create(comment=comment, text="First draft")
    Reaction.objects.create(user=employee, page=page, kind="like")
    Reaction.objects.create(user=colleague, page=page, kind="like")
    HelpfulVote.objects.create(user=employee, page=page, helpful=True, comment="Clear")
    PageView.objects.create(user=employee, page=page, day="2026-11-02")
    exported = personal_data.export_person(employee)
    assert exported["comments"][0]["text"] == "Mine"
    assert exported["comments"][0]["earlier_texts"] == ["First draft"]
    assert exported["reactions"][0]["kind"] == "like" and len(exported["reactions"]) == 1
    assert exported["helpful"][0]["comment"] == "Clear"
    assert exported["reading"] == [{"page": page.pk, "day": "2026-11-02"}]
    assert exported["polls"] == []
    json.dumps(exported)  # ready to hand over as a file
    erased = personal_data.erase_person(employee)
    assert erased == {
        "comments": 1,
        "reactions": 1,
        "helpful": 1,
        "polls": 0,
        "ideas": 0,
        "questions": 0,
        "suggestions": 0,
        "reading": 1,
        "contributor_list": 0,
        "charter": 0,
    }
    comment.refresh_from_db()
    assert comment.user_id is None and comment.user_name == "" and comment.comment == "Mine"
    assert comment.ip_address is None and comment.user_url == "" and comment.user_email == ""
    assert Reaction.objects.filter(user=colleague).count() == 1
    assert personal_data.export_person(employee) == {
        "comments": [],
        "reactions": [],
        "helpful": [],
        "polls": [],
        "ideas": [],
        "questions": [],
        "suggestions": [],
        "reading": [],
        "contributor_list": [],
        "charter": [],
    }


def test_the_consent_to_the_contributors_list_is_part_of_a_persons_data(employee, colleague):
    # The KPI app registers like a feature (no switch, no activity) so the DPO's export and
    # erasure include the consent: when the person said yes, then its deletion.
    consent = ContributorListConsent.objects.create(user=employee)
    ContributorListConsent.objects.create(user=colleague)
    feature = features.get_feature("contributor_list")
    assert feature.switch is False and feature not in features.switchable_features()
    assert personal_data.export_person(employee)["contributor_list"] == [
        {"opted_in_at": consent.opted_in_at.isoformat()}
    ]
    assert personal_data.erase_person(employee)["contributor_list"] == 1
    assert not ContributorListConsent.objects.filter(user=employee).exists()
    assert ContributorListConsent.objects.filter(user=colleague).exists()
    assert personal_data.export_person(employee)["contributor_list"] == []


def test_the_page_panel_shows_every_features_switch(client_for, editor, home):
    from tests.testapp.models import SocialPage

    page = add_page(home, "Owned", model=SocialPage)
    html = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    for name in ("comments", "reactions", "helpful", "polls", "kudos"):
        # Once: a field the panel did not claim would be rendered a second time, bare, below it.
        assert html.count(f'name="social_{name}_enabled"') == 1
    assert 'name="social_moderation"' in html


def test_an_activity_names_its_records_and_details_for_the_reports():
    plain = features.Activity("ballot", features.Activity.ENGAGED, list, detailed=True)
    assert plain.name == "ballot" and plain.detail_label("x") == "x"
    assert plain.detail_order(["b", "a"]) == ["a", "b"]
    mapped = features.Activity(
        "idea",
        features.Activity.CONTRIBUTOR,
        list,
        label="Ideas",
        detail_labels={"new": "New", "done": "Done"},
    )
    assert (
        mapped.name == "Ideas"
        and mapped.detail_label("done") == "Done"
        and mapped.detail_label("odd") == "odd"
    )
    # The mapping's order first (a workflow's), values it does not know after, by value.
    assert mapped.detail_order({"zzz", "done", "new", "aaa"}) == ["new", "done", "aaa", "zzz"]
    called = features.Activity("idea", features.Activity.CONTRIBUTOR, list, detail_labels=str.upper)
    assert called.detail_label("new") == "NEW" and called.detail_order(["b", "a"]) == ["a", "b"]
