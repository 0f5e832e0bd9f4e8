"""Digests with a frozen clock (``now`` given to the command's function): never sent twice for a
period, never empty, and built from what the recipient may see when it is sent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.utils import make_comment
from wagtail_social import digests, notifications
from wagtail_social.models import DigestEntry, DigestSent, FollowupBatch, NotificationPreference
from wagtail_social.notification_kinds import DAILY, REPLIES, WEEKLY

pytestmark = pytest.mark.django_db
MONDAY_8AM = timezone.make_aware(datetime.datetime(2026, 11, 30, 8, 0))


def follow_and_comment(page, follower, author, text):
    """``follower`` follows ``page``'s discussion, ``author`` comments: the follow-up goes out."""
    make_comment(page, follower, "I follow", followup=True)
    comment = make_comment(page, author, text)
    notifications.schedule_followup_notifications(comment)
    for batch in FollowupBatch.objects.all():
        notifications.send_batch(batch.pk)


def wants_daily(user):
    NotificationPreference.objects.create(user=user, kind=REPLIES, frequency=DAILY)


def test_a_digest_preference_queues_instead_of_sending(article, employee, colleague):
    wants_daily(colleague)
    follow_and_comment(article, colleague, employee, "News of the day")
    assert mail.outbox == []
    entry = DigestEntry.objects.get(user=colleague)
    assert entry.kind == REPLIES and entry.url.startswith("http://testserver/")


def test_the_digest_is_sent_once_per_period(article, employee, colleague):
    wants_daily(colleague)
    follow_and_comment(article, colleague, employee, "News of the day")
    assert digests.send_digests(DAILY, MONDAY_8AM) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [colleague.email]
    assert "Article" in message.body and message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/social/notifications/stop/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A second run the same day, even with a new entry, sends nothing more for this period.
    follow_and_comment(article, colleague, employee, "Later news")
    assert digests.send_digests(DAILY, MONDAY_8AM + datetime.timedelta(hours=3)) == 1
    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=colleague).count() == 1
    # The next day's run sends what waited.
    digests.send_digests(DAILY, MONDAY_8AM + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2 and "Later news" not in mail.outbox[0].body


def test_no_digest_is_sent_empty(article, colleague):
    assert digests.send_digests(DAILY, MONDAY_8AM) == 0
    digests.send_digest.call(colleague.pk, DAILY, "2026-11-30")
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_nothing_from_a_page_the_recipient_lost_access_to(community_page, member, moderator, members):
    wants_daily(member)
    follow_and_comment(community_page, member, moderator, "Private news")
    assert DigestEntry.objects.filter(user=member).count() == 1
    member.groups.remove(members)  # left the community after the entry was queued
    assert digests.send_digests(DAILY, MONDAY_8AM) == 1
    assert mail.outbox == []
    assert not DigestSent.objects.exists() and not DigestEntry.objects.exists()


def test_a_weekly_digest_is_once_per_week(article, employee, colleague):
    NotificationPreference.objects.create(user=colleague, kind=REPLIES, frequency=WEEKLY)
    follow_and_comment(article, colleague, employee, "Weekly news")
    digests.send_digests(WEEKLY, MONDAY_8AM)
    follow_and_comment(article, colleague, employee, "Wednesday news")
    digests.send_digests(WEEKLY, MONDAY_8AM + datetime.timedelta(days=2))  # same week
    assert len(mail.outbox) == 1
    digests.send_digests(WEEKLY, MONDAY_8AM + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2
    assert digests.period_start(WEEKLY, MONDAY_8AM + datetime.timedelta(days=2)) == datetime.date(
        2026, 11, 30
    )


def test_digest_is_in_the_recipients_language(article, employee, colleague):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(colleague)
    profile.preferred_language = "fr"
    profile.save()
    wants_daily(colleague)
    follow_and_comment(article, colleague, employee, "Nouvelles")
    digests.send_digests(DAILY, MONDAY_8AM)
    assert "Bonjour" in mail.outbox[0].body


def test_the_command_enqueues_digests(article, employee, colleague):
    from django.core.management import call_command

    wants_daily(colleague)
    follow_and_comment(article, colleague, employee, "News")
    call_command("send_notification_digests", "daily", verbosity=0)
    call_command("send_notification_digests", "daily", verbosity=0)
    assert len(mail.outbox) == 1


def test_a_digests_stop_link_switches_its_kinds_off(client, article, employee, colleague):
    wants_daily(colleague)
    follow_and_comment(article, colleague, employee, "News")
    digests.send_digests(DAILY, MONDAY_8AM)
    stop = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    assert client.post(stop).status_code == 200
    assert NotificationPreference.objects.get(user=colleague, kind=REPLIES).frequency == "off"


def test_a_kind_switched_off_since_it_was_queued_is_left_out(article, employee, colleague):
    wants_daily(colleague)
    follow_and_comment(article, colleague, employee, "News")
    NotificationPreference.objects.filter(user=colleague, kind=REPLIES).update(frequency="off")
    digests.send_digests(DAILY, MONDAY_8AM)
    assert mail.outbox == [] and not DigestEntry.objects.exists()
