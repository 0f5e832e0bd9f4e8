"""Follow-up emails in batches: thirty comments in a few minutes make one email per follower
at once and one more listing the rest, never one email per comment."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_comments.forms import CommentSecurityForm
from django_comments_xtd.models import XtdComment
from wagtail.models import Page

from tests.utils import make_comment, restrict_to_groups, set_policy
from wagtail_social import notifications
from wagtail_social.models import FollowupBatch, PendingFollowup

pytestmark = pytest.mark.django_db
POST_URL = reverse("wagtail_social:post_comment")


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post a comment as the endpoint does, running what it leaves for after its commit (the
    test's own transaction never commits)."""

    def post(client, page, text):
        data = CommentSecurityForm(Page.objects.get(pk=page.pk)).generate_security_data()
        data.update(comment=text, reply_to="0")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(POST_URL, data)

    return post


def emails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def make_batch_due():
    FollowupBatch.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))


@pytest.fixture
def followed(article, colleague, member):
    """The article, followed by a colleague and by a member of the community group."""
    make_comment(article, colleague, "I follow", followup=True)
    make_comment(article, member, "Me too", followup=True)
    return article


def test_thirty_comments_make_one_email_at_once_and_one_batch(
    client_for, employee, colleague, member, followed, post, settings
):
    settings.WAGTAIL_SOCIAL_COMMENT_RATE_LIMIT = (100, 60)  # a lively thread, not a script
    client = client_for(employee)
    for number in range(30):
        assert post(client, followed, f"Comment number {number:02d}").status_code == 302
    # The first comment of a quiet discussion goes out at once; the others wait for the batch.
    assert [len(emails_to(user)) for user in (colleague, member)] == [1, 1]
    assert "Comment number 00" in emails_to(colleague)[0].body
    assert PendingFollowup.objects.count() == 29
    assert notifications.send_due_batches() == 0  # not due yet
    make_batch_due()
    call_command("send_followup_emails", verbosity=0)
    for user in (colleague, member):
        assert len(emails_to(user)) == 2
        batch = emails_to(user)[1]
        assert "29 new comments" in batch.subject
        assert "Comment number 01" in batch.body and "Comment number 20" in batch.body
        assert "Comment number 00" not in batch.body
        assert "and 9 more comments" in batch.body
    # Nothing is sent twice.
    make_batch_due()
    assert notifications.send_due_batches() == 0
    assert len(mail.outbox) == 4


def test_a_follower_who_lost_access_gets_nothing(
    client_for, employee, colleague, member, members, followed, section, post
):
    client = client_for(employee)
    post(client, followed, "Before the restriction")
    post(client, followed, "After it")
    restrict_to_groups(section, members)
    employee.groups.add(members)
    make_batch_due()
    notifications.send_due_batches()
    assert len(emails_to(colleague)) == 1  # the first email only, sent before the restriction
    assert [len(emails_to(member)), "After it" in emails_to(member)[-1].body] == [2, True]


def test_without_a_worker_the_next_comment_after_the_delay_sends_the_batch(
    client_for, employee, colleague, followed, post
):
    client = client_for(employee)
    post(client, followed, "First")
    post(client, followed, "Second")
    make_batch_due()
    post(client, followed, "Third")
    assert len(emails_to(colleague)) == 2
    assert "Second" in emails_to(colleague)[1].body and "Third" in emails_to(colleague)[1].body


def test_a_worker_gets_one_task_scheduled_for_the_end_of_the_delay(
    client_for, employee, colleague, followed, settings, post
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.WAGTAIL_SOCIAL_FOLLOWUP_BATCH_SECONDS = 600
    backend = notifications.send_followup_batch.get_backend()

    def batches():  # the search index's tasks (a comment saved) go to the same backend
        return [
            result for result in backend.results if result.task.func is notifications.send_followup_batch.func
        ]

    client = client_for(employee)
    post(client, followed, "First")
    assert [result.task.run_after for result in batches()] == [None]
    notifications.send_batch(*batches()[0].args)  # the worker runs it
    for number in range(5):
        post(client, followed, f"Later {number}")
    assert len(batches()) == 2
    last_sent = FollowupBatch.objects.get().last_sent_at
    assert batches()[1].task.run_after == last_sent + datetime.timedelta(seconds=600)
    notifications.send_batch(*batches()[1].args)
    assert len(emails_to(colleague)) == 2
    assert "5 new comments" in emails_to(colleague)[1].subject


def test_a_held_comment_joins_the_batch_when_approved(
    client_for, employee, colleague, moderator, followed, section, post, django_capture_on_commit_callbacks
):
    set_policy(section, comments_enabled=True, moderation="pre")
    post(client_for(employee), followed, "Held for a while")
    # The followers hear nothing yet; the moderator is told there is a new item to moderate.
    assert emails_to(colleague) == []
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    held = XtdComment.objects.get(comment="Held for a while")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(
            reverse("wagtail_social_moderation:edit", args=[held.pk]), {"action": "approve"}
        )
    assert len(emails_to(colleague)) == 1
    assert "Held for a while" in emails_to(colleague)[0].body


def test_old_mute_links_still_work(client_for, colleague, followed):
    from django.core import signing

    token = signing.dumps({"u": colleague.pk, "p": followed.pk}, salt=notifications.MUTE_SALT)
    assert client_for(colleague).post(reverse("wagtail_social:mute", args=[token])).status_code == 200
    assert not XtdComment.objects.filter(user=colleague, followup=True).exists()


@pytest.fixture
def unreachable_mail_server(settings):
    """Django's SMTP backend pointed at a port nobody listens on: sending really fails."""
    import django

    if django.VERSION >= (6, 1):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 5},
            }
        }
    else:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5


def mail_server_answers_again(settings) -> None:
    """Back to the test suite's mailer (``tests.settings``); on Django 6.1 the ``EMAIL_*``
    settings may not be touched once ``MAILERS`` is set (a deprecation warning, an error here)."""
    import django

    locmem = "django.core.mail.backends.locmem.EmailBackend"
    if django.VERSION >= (6, 1):
        settings.MAILERS = {"default": {"BACKEND": locmem}}
    else:
        settings.EMAIL_BACKEND = locmem


def test_a_mail_server_failure_loses_no_comment(
    article, employee, colleague, settings, unreachable_mail_server
):
    make_comment(article, colleague, "I follow", followup=True)
    news = make_comment(article, employee, "News")
    batch = FollowupBatch.objects.create(
        content_type_id=news.content_type_id, object_pk=news.object_pk, due_at=timezone.now()
    )
    PendingFollowup.objects.create(comment=news, batch=batch)
    with pytest.raises(OSError):
        notifications.send_batch(batch.pk)
    # Back on the list and due: the next run sends it once the server answers again.
    batch.refresh_from_db()
    assert list(PendingFollowup.objects.values_list("comment_id", flat=True)) == [news.pk]
    assert batch.due_at is not None and batch.last_sent_at is None
    mail_server_answers_again(settings)
    assert notifications.send_due_batches() == 1
    assert "News" in emails_to(colleague)[0].body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_comment_added_while_the_batch_is_sent_is_never_left_waiting(
    article, employee, colleague, monkeypatch
):
    """A run sending the batch (another process's worker) claims it between the moment a new
    comment joins the list and the moment the scheduler looks whether the batch is due. The
    batch row is locked while a comment joins it, so the run waits and then sends that comment
    too, or the comment opens a new batch: never a comment on a closed batch's list."""
    import threading

    from django.db import connection

    from wagtail_social import sql

    make_comment(article, colleague, "I follow", followup=True)
    first = make_comment(article, employee, "first")
    notifications.schedule_followup_notifications(first)  # a quiet discussion: sent at once
    second = make_comment(article, employee, "second")
    notifications.schedule_followup_notifications(second)  # within the delay: waits for the batch
    batch = FollowupBatch.objects.get()
    assert batch.due_at is not None
    third = make_comment(article, employee, "third")
    runs = []
    insert = sql.insert_ignoring_conflicts

    def insert_while_a_run_starts(model, **values):
        if model is PendingFollowup and values.get("comment") == third.pk and not runs:

            def run():
                try:
                    notifications.send_batch(batch.pk)
                finally:
                    connection.close()

            runs.append(threading.Thread(target=run))
            runs[0].start()
            runs[0].join(timeout=1)  # it waits for our lock (PostgreSQL) or our write (SQLite)
        return insert(model, **values)

    monkeypatch.setattr(sql, "insert_ignoring_conflicts", insert_while_a_run_starts)
    notifications.schedule_followup_notifications(third)
    runs[0].join(timeout=30)
    batch.refresh_from_db()
    waiting = PendingFollowup.objects.filter(comment_id=third.pk).exists()
    assert not waiting or batch.due_at is not None  # sent, or on an open batch's list
    far = timezone.now() + datetime.timedelta(days=365)
    notifications.send_due_batches(far)
    assert not PendingFollowup.objects.exists()
    assert any("third" in message.body for message in emails_to(colleague))
