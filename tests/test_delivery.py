"""``delivery.send_all``: the one place that hands the suite's emails to the mail server, over one
connection per batch, through Django 6.1's mailers or ``get_connection()`` before 6.1 (the
deprecation warnings of 6.1 are errors here)."""

import django
import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend

from wagtail_social import delivery


class CountingBackend(EmailBackend):
    """Django's test backend, counting the connections opened."""

    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type(self).opened += 1


@pytest.fixture
def counting_mailer(settings):
    path = f"{__name__}.CountingBackend"
    if django.VERSION >= (6, 1):
        settings.MAILERS = {"default": {"BACKEND": path}}
    else:
        settings.EMAIL_BACKEND = path
    CountingBackend.opened = 0
    return CountingBackend


def email(subject: str, to: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject, "text", to=[to], headers={"List-Unsubscribe": "<https://x/stop>"}
    )
    message.attach_alternative("<p>html</p>", "text/html")
    return message


def test_a_batch_goes_over_one_connection_and_skips_what_waits(counting_mailer):
    batch = [email("One", "a@example.com"), None, email("Two", "b@example.com")]
    assert delivery.send_all(batch) == 2
    assert counting_mailer.opened == 1
    assert [(sent.subject, sent.to) for sent in mail.outbox] == [
        ("One", ["a@example.com"]),
        ("Two", ["b@example.com"]),
    ]
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == "<https://x/stop>"
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_nothing_to_send_opens_no_connection(counting_mailer):
    assert delivery.send_all([None, None]) == 0
    assert delivery.send_all([]) == 0
    assert counting_mailer.opened == 0 and mail.outbox == []
