"""Reminders to managers (``contributions.reminders``): at half the target and at the target, each
once (two runs, two racing senders), never for a question answered, closed or withdrawn, to
the page's managers only (access checked when sent), in their language, text and HTML.

The clock is passed explicitly (``send_due_reminders(now)``): the question of these tests is
asked on Friday 26 March 2027 at 16:00, before Easter Monday, with the default target of two
working days: half is Tuesday 30 at 16:00, due is Wednesday 31 at 16:00."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests.contributions_helpers import make_contribution, switch_on
from tests.test_notifications import (
    mail_server_answers_again,
    unreachable_mail_server,  # noqa: F401 - a fixture
)
from tests.utils import add_page, make_user
from wagtail_social.contributions import reminders
from wagtail_social.contributions.answer_targets import record_first_answer, start_clock
from wagtail_social.contributions.managers import managers_of, may_manage
from wagtail_social.contributions.models import QUESTION, AnswerReminder, Contribution

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
ASKED = datetime.datetime(2027, 3, 26, 16, 0, tzinfo=PARIS)
HALF = datetime.datetime(2027, 3, 30, 16, 0, tzinfo=PARIS)
DUE = datetime.datetime(2027, 3, 31, 16, 0, tzinfo=PARIS)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def managers_group(db):
    group = Group.objects.create(name="Community managers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_contribution"),
    )
    return group


@pytest.fixture
def manager(managers_group):
    return make_user("claire", managers_group, first_name="Claire", last_name="Petit")


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Plan de formation")


def ask(page, author, at=ASKED, **fields) -> Contribution:
    question = make_contribution(
        page, author, QUESTION, title="Quand commence la formation ?", created_at=at, **fields
    )
    start_clock(question)
    question.refresh_from_db()
    return question


def emails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_reminded_at_half_the_target_then_at_the_target_once_each(employee, manager, page):
    question = ask(page, employee)
    assert reminders.send_due_reminders(HALF - MINUTE) == 0
    assert mail.outbox == []
    assert reminders.send_due_reminders(HALF) == 1
    [half] = emails_to(manager)
    assert half.subject == "Question waiting for an answer: “Quand commence la formation ?”"
    assert "is halfway to its answer target" in half.body
    assert f"http://testserver/contributions/{question.pk}/" in half.body
    assert "http://testserver/admin/social/reports/contributions/overdue/" in half.body
    html, mimetype = half.alternatives[0]
    assert mimetype == "text/html" and f'href="http://testserver/contributions/{question.pk}/"' in html
    # A second run (cron, a minute later) sends nothing again.
    assert reminders.send_due_reminders(HALF + MINUTE) == 0
    assert len(mail.outbox) == 1
    assert reminders.send_due_reminders(DUE) == 1
    assert emails_to(manager)[1].subject == "Question past its answer target: “Quand commence la formation ?”"
    assert reminders.send_due_reminders(DUE + datetime.timedelta(days=30)) == 0
    assert len(mail.outbox) == 2
    assert AnswerReminder.objects.filter(sent_at__isnull=True).count() == 0


def test_two_senders_of_one_reminder_send_it_once(employee, manager, page):
    ask(page, employee)
    reminder = AnswerReminder.objects.get(stage=AnswerReminder.HALF)
    assert reminders.send_reminder(reminder.pk) == 1
    assert reminders.send_reminder(reminder.pk) == 0  # the second run finds it claimed
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(section, employee, manager):
    switch_on(section)
    page = add_page(section, "Racing page")
    for _n in range(10):
        ask(page, employee)
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            reminders.send_due_reminders(DUE)
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(emails_to(manager)) == 20  # ten questions, two stages each, once
    assert AnswerReminder.objects.filter(sent_at__isnull=True).count() == 0


def test_no_reminder_for_a_question_answered_closed_or_withdrawn(employee, colleague, manager, page):
    answered = ask(page, employee)
    record_first_answer(answered, colleague, ASKED + datetime.timedelta(hours=1))
    closed = ask(page, employee)
    Contribution.objects.filter(pk=closed.pk).update(state="closed")
    withdrawn = ask(page, employee)
    Contribution.objects.filter(pk=withdrawn.pk).update(withdrawn_at=ASKED + MINUTE)
    assert reminders.send_due_reminders(DUE) == 0
    assert mail.outbox == []
    # Answered between the run that found it due and its task: the claim refuses it.
    late = ask(page, employee)
    reminder = AnswerReminder.objects.get(contribution=late, stage=AnswerReminder.HALF)
    record_first_answer(late, colleague, HALF)
    assert reminders.send_reminder(reminder.pk) == 0
    assert mail.outbox == []


def test_the_authors_own_comment_does_not_stop_the_reminders(employee, manager, page):
    question = ask(page, employee)
    record_first_answer(question, employee, ASKED + MINUTE)
    assert reminders.send_due_reminders(HALF) == 1
    assert len(emails_to(manager)) == 1


def test_recipients_are_the_pages_managers_who_may_see_it(
    managers_group, manager, employee, colleague, members, community_page, page
):
    switch_on(community_page)
    inactive = make_user("gone", managers_group, is_active=False)
    member_manager = make_user("mireille", managers_group, members)
    make_user("root", is_superuser=True)  # a superuser has every permission
    assert {user.username for user in managers_of(page)} == {"claire", "mireille", "root"}
    assert may_manage(manager, page) and not may_manage(colleague, page) and not may_manage(inactive, page)
    # The private community: its members only, even among managers.
    assert {user.username for user in managers_of(community_page)} == {"mireille", "root"}
    assert not may_manage(manager, community_page) and may_manage(member_manager, community_page)

    ask(page, employee)
    private = ask(community_page, employee)
    private.title = "Secret"
    private.save()
    reminders.send_due_reminders(HALF)
    assert {tuple(message.to) for message in mail.outbox} == {
        ("claire@example.com",),
        ("mireille@example.com",),
        ("root@example.com",),
    }
    assert not any("Secret" in message.subject for message in emails_to(manager))
    assert len([m for m in emails_to(member_manager) if "Secret" in m.subject]) == 1
    assert emails_to(colleague) == [] and emails_to(inactive) == [] and emails_to(employee) == []


def test_access_is_checked_when_the_reminder_is_sent(managers_group, manager, employee, page):
    ask(page, employee)
    manager.groups.remove(managers_group)
    assert reminders.send_due_reminders(HALF) == 1  # sent: to nobody
    assert mail.outbox == []


def test_each_manager_is_written_to_in_their_language(employee, manager, page):
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = "fr"
    profile.save()
    ask(page, employee)
    reminders.send_due_reminders(HALF)
    assert emails_to(manager)[0].body.startswith("Bonjour Claire Petit,")


def test_a_mail_server_failure_gives_the_reminder_back(
    employee,
    manager,
    page,
    settings,
    unreachable_mail_server,  # noqa: F811
):
    ask(page, employee)
    reminder = AnswerReminder.objects.get(stage=AnswerReminder.HALF)
    with pytest.raises(OSError):
        reminders.send_reminder(reminder.pk)
    # Through the task framework the failure is the task's (logged); the others go on.
    assert reminders.send_due_reminders(HALF) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is None and mail.outbox == []
    mail_server_answers_again(settings)
    assert reminders.send_due_reminders(HALF) == 1
    assert len(emails_to(manager)) == 1


def test_the_command_sends_what_is_due_now(employee, manager, page):
    ask(page, employee, at=timezone.now() - datetime.timedelta(days=30))
    call_command("send_contribution_reminders", verbosity=0)
    assert len(emails_to(manager)) == 2
    call_command("send_contribution_reminders", verbosity=0)
    assert len(emails_to(manager)) == 2
