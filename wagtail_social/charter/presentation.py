"""What people read of the charter: its URLs, and what the gate tells our script (the dialog's
text and labels come from the server, translated, so the script holds no words of its own)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from ..models import CharterVersion
from . import CurrentVersion


def charter_url(number: int | None = None) -> str:
    """The charter's stable URL (its latest version), or version ``number``'s."""
    if number is None:
        return reverse("wagtail_social_charter:current")
    return reverse("wagtail_social_charter:version", kwargs={"number": number})


def accept_url() -> str:
    return reverse("wagtail_social_charter:accept")


def required_payload(request, version: CurrentVersion) -> dict:
    """The gate's answer to our script: what to show in the dialog and where to accept."""
    text = CharterVersion.objects.filter(pk=version.pk).values_list("text", flat=True).first() or ""
    return {
        "ok": False,
        "charter_required": True,
        "message": _("Accept the usage charter to take part."),
        "charter": {
            "version": version.number,
            "url": charter_url(),
            "accept_url": accept_url(),
            "html": expand_db_html(text),
            "title": _("Usage charter (version %(number)s)") % {"number": version.number},
            "intro": _(
                "Before your first contribution, read and accept the usage charter. What you were doing is kept: it is sent once you accept."
            ),
            "accept_label": _("I accept the charter"),
            "cancel_label": _("Not now"),
            "error": _("Something went wrong: the charter was not accepted. Try again."),
        },
    }
