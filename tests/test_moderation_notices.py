""" "A new item to moderate" (issue 11): a comment held for approval, or hidden by its reports,
is announced to the moderators of its section (and of the whole site) who may see its page when
the email is sent, at once or in their digest as they chose (``moderation_notices``)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import GroupPagePermission

from tests.test_comments import post
from tests.utils import add_page, make_comment, make_user, restrict_to_groups, set_policy
from wagtail_social import digests
from wagtail_social.models import DigestEntry, NotificationPreference
from wagtail_social.notification_kinds import DAILY, MODERATION, OFF

pytestmark = pytest.mark.django_db


def section_moderators(section, name):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=section, permission=Permission.objects.get(codename="moderate_comments")
    )
    return group


@pytest.fixture
def people(home, section, moderators):
    """Who moderates what: the section's managers, another section's, the whole site's."""
    other = add_page(home, "Other section")
    return {
        "hr": make_user("helene", section_moderators(section, "HR managers")),
        "other": make_user("oscar", section_moderators(other, "Other managers")),
        "site": make_user("sylvie", moderators),
    }


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_held_comment_is_announced_to_its_sections_managers(
    client_for, employee, article, section, people, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_SOCIAL_BASE_URL = "https://intranet.example"
    set_policy(section, comments_enabled=True, moderation="pre")
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(employee), article, text="À valider")
    assert recipients() == ["helene@example.com", "sylvie@example.com"]
    message = mail.outbox[0]
    assert message.subject == "To moderate: a comment on “Article”"
    comment = XtdComment.objects.get()
    review = "https://intranet.example" + reverse("wagtail_social_moderation:edit", args=[comment.pk])
    assert review in message.body and "waits for your approval" in message.body
    assert message.alternatives[0][1] == "text/html" and review in message.alternatives[0][0]
    assert "List-Unsubscribe" in message.extra_headers


def test_a_published_comment_is_announced_to_nobody(
    client_for, employee, article, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(employee), article, text="Publié")
    assert mail.outbox == []


def test_preferences_decide_at_once_in_a_digest_or_not_at_all(
    client_for, employee, article, section, people, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=people["hr"], kind=MODERATION, frequency=DAILY)
    NotificationPreference.objects.create(user=people["site"], kind=MODERATION, frequency=OFF)
    set_policy(section, comments_enabled=True, moderation="pre")
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(employee), article, text="À valider")
    assert mail.outbox == []
    entry = DigestEntry.objects.get()
    assert (entry.user, entry.kind, entry.page_id) == (people["hr"], MODERATION, article.pk)
    assert entry.summary == "A comment on “Article” waits for approval."
    assert digests.send_digests(DAILY) == 1
    assert recipients() == ["helene@example.com"]


def test_a_comment_hidden_by_reports_is_announced_once(
    client_for, employee, colleague, outsider, article, people, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_SOCIAL_REPORTS_TO_HIDE = 2
    comment = make_comment(article, employee, "Injurieux")
    flag_url = reverse("wagtail_social:flag_comment", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(colleague).post(flag_url, {"reason": "offensive"})
    assert mail.outbox == []  # one report: not hidden yet
    with django_capture_on_commit_callbacks(execute=True):
        client_for(outsider).post(flag_url, {"reason": "offensive"})
    assert recipients() == ["helene@example.com", "sylvie@example.com"]
    assert "hidden by reports" in mail.outbox[0].subject
    mail.outbox.clear()
    third = make_user("zoe")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(third).post(flag_url, {"reason": "other"})
        client_for(colleague).post(flag_url, {"reason": "off_topic"})  # renewed
    assert mail.outbox == []


def test_access_is_checked_when_sending(
    client_for, home, members, member, people, django_capture_on_commit_callbacks
):
    """A manager of the community's section who is not a member of it, or who left it since the
    comment was held, hears nothing (the digest drops it too)."""
    community = add_page(home, "Club")
    restrict_to_groups(community, members)
    set_policy(community, comments_enabled=True, moderation="pre")
    topic = add_page(community, "Sujet")
    insider = make_user("ines", section_moderators(community, "Club managers"), members)
    outsider_manager = make_user("omar", section_moderators(community, "Club managers 2"))
    NotificationPreference.objects.create(user=insider, kind=MODERATION, frequency=DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(member), topic, text="Secret")
    # The site's moderator and the section's manager who are not members: nothing.
    assert mail.outbox == []
    assert outsider_manager.email not in recipients()
    assert DigestEntry.objects.filter(user=insider).count() == 1
    insider.groups.remove(members)
    assert digests.send_digests(DAILY) == 1
    assert insider.email not in recipients()


def test_nothing_is_sent_for_a_comment_decided_on_meanwhile(
    client_for, employee, article, section, people, django_capture_on_commit_callbacks
):
    from wagtail_social import moderation_notices

    set_policy(section, comments_enabled=True, moderation="pre")
    comment = make_comment(article, employee, "Déjà vu", is_public=True)
    assert moderation_notices.send_moderation_notice.call(comment.pk, moderation_notices.HELD) == 0
    assert mail.outbox == []


def test_a_comment_edited_back_into_premoderation_is_announced_once_per_holding(
    client_for, employee, article, section, people, moderator, rf, django_capture_on_commit_callbacks
):
    """An edit on a pre-moderated page sends a published comment back to the moderators: they
    are told as for a new held comment; a second edit while it is held tells nobody again; once
    approved, the next edit holds it again and tells them again."""
    from wagtail_social import discussion

    set_policy(section, comments_enabled=True, moderation="pre")
    comment = make_comment(article, employee, "Première version", is_public=True)
    edit_url = reverse("wagtail_social:edit_comment", args=[comment.pk])
    client = client_for(employee)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url, {"comment": "Deuxième version"}).status_code == 302
    assert recipients() == ["helene@example.com", "maud@example.com", "sylvie@example.com"]
    assert "waits for your approval" in mail.outbox[0].body
    comment.refresh_from_db()
    assert not comment.is_public
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, {"comment": "Troisième version"})
    assert mail.outbox == []
    request = rf.post("/")
    request.user = moderator
    discussion.approve_comment(request, comment)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, {"comment": "Quatrième version"})
    assert len(recipients()) == 3


def test_an_edit_on_a_page_without_premoderation_is_announced_to_nobody(
    client_for, employee, article, people, django_capture_on_commit_callbacks
):
    comment = make_comment(article, employee, "Version", is_public=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(employee).post(
            reverse("wagtail_social:edit_comment", args=[comment.pk]), {"comment": "Autre version"}
        )
    assert mail.outbox == []
