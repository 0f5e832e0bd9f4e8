"""How every email of the suite reaches a person: their preference for its kind first (off, at
once, or in a daily or weekly digest), then one email in their language, plain text and HTML,
every link from one absolute base URL, with a one-click stop link and ``List-Unsubscribe``.

Senders decide *who* may be told when they send (the access module); this module decides *how*,
and sends: every sender hands its batch to ``send_all``, the one place that talks to the mail
server. A digest entry keeps its page: the digest asks the access module again when it is sent.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings as django_settings
from django.core import mail, signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from .conf import settings
from .models import DigestEntry, NotificationPreference
from .notification_kinds import DAILY, IMMEDIATE, OFF, WEEKLY, get_kind

STOP_SALT = "wagtail_social.stop"


def base_url(page: Page | None = None) -> str:
    """``WAGTAIL_SOCIAL_BASE_URL``, else ``WAGTAILADMIN_BASE_URL``, else the page's site: one
    base for every link of an email (never a page's own site for one link and the admin's for
    another)."""
    configured = settings.BASE_URL or str(getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or "")
    if configured:
        return configured.rstrip("/")
    site = page.get_site() if page is not None else None
    return site.root_url.rstrip("/") if site else ""


def page_link(page: Page) -> str:
    """The absolute URL of ``page`` on the one base URL."""
    parts = page.get_url_parts()
    path = parts[2] if parts else "/"
    return base_url(page) + (path or "/")


def frequency_for(user, kind: str) -> str:
    """``immediate``, ``daily``, ``weekly`` or ``off``: the person's choice, else the kind's
    default; an unknown kind is off (its app was removed)."""
    registered = get_kind(kind)
    if registered is None:
        return OFF
    chosen = NotificationPreference.objects.filter(user=user, kind=kind).values_list("frequency", flat=True)
    return next(iter(chosen), registered.default)


def wants(user, kind: str) -> bool:
    return frequency_for(user, kind) != OFF


def stop_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=STOP_SALT)


def read_stop_token(token: str) -> tuple[int, str]:
    data = signing.loads(token, salt=STOP_SALT, max_age=60 * 60 * 24 * 365)
    return int(data["u"]), str(data["k"])


def stop_url(user_id: int, kind: str, page: Page | None = None) -> str:
    return base_url(page) + reverse("wagtail_social:notifications_stop", args=[stop_token(user_id, kind)])


def preferences_url(page: Page | None = None) -> str:
    return base_url(page) + reverse("wagtail_social:notification_preferences")


def preferred_language(user) -> str:
    from wagtail.users.models import UserProfile

    return UserProfile.get_for_user(user).get_preferred_language()


def render_email(
    templates: str, user, kind: str, context: dict, page: Page | None = None
) -> EmailMultiAlternatives:
    """One email from ``<templates>_subject.txt``, ``<templates>.txt`` and ``<templates>.html``
    in the recipient's language, with its stop link (``stop_url`` in the context) and the
    ``List-Unsubscribe`` headers (RFC 8058: one POST from the mail client stops the kind)."""
    stop = stop_url(user.pk, kind, page)
    context = {
        **context,
        "recipient": user,
        "stop_url": stop,
        "preferences_url": preferences_url(page),
    }
    with translation.override(preferred_language(user)):
        subject = " ".join(render_to_string(f"{templates}_subject.txt", context).split())
        text = render_to_string(f"{templates}.txt", context)
        html = render_to_string(f"{templates}.html", context)
    headers = {"List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = EmailMultiAlternatives(subject, text, to=[user.email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def deliver(user, kind: str, page: Page, build, summary, url: str) -> EmailMultiAlternatives | None:
    """The email to send now (``build()``), or None: the person switched the kind off, or wants
    it in a digest (then it waits there: ``summary``, in their language, and ``url``)."""
    frequency = frequency_for(user, kind)
    if frequency == OFF:
        return None
    if frequency == IMMEDIATE:
        return build()
    with translation.override(preferred_language(user)):
        line = str(summary() if callable(summary) else summary)
    DigestEntry.objects.create(
        user=user,
        kind=kind,
        frequency=frequency if frequency in (DAILY, WEEKLY) else DAILY,
        page_id=page.pk,
        summary=line[:500],
        url=url[:500],
        created_at=timezone.now(),
    )
    return None


def deliver_email(
    templates: str, user, kind: str, context: dict, page: Page, summary, url: str
) -> EmailMultiAlternatives | None:
    """``deliver`` of the email ``render_email`` makes from ``templates``: what every sender of
    the suite hands to ``send_all``."""
    return deliver(user, kind, page, lambda: render_email(templates, user, kind, context, page), summary, url)


def open_connection():
    """A connection to the default mailer: Django 6.1's ``mailers.default`` (the ``MAILERS``
    setting; ``get_connection()`` is deprecated there), ``get_connection()`` before 6.1."""
    mailers = getattr(mail, "mailers", None)
    if mailers is not None:
        return mailers.default
    return mail.get_connection()


def send_all(messages: Iterable[EmailMessage | None]) -> int:
    """Send a batch of emails over one connection (one session with the mail server, not one
    per recipient), skipping the ``None`` of ``deliver`` (off, or waiting in a digest); returns
    how many were sent. A failure of the mail server raises, so that the caller gives back what
    it claimed and the next run sends it."""
    batch = [message for message in messages if message is not None]
    if batch:
        open_connection().send_messages(batch)
    return len(batch)
