"""The usage charter: which version is current, who accepted it, and publishing a new one.

Employees accept the current version once before they take part (the gate is in the endpoint
toolkit, ``endpoints.refuse_without_charter``, so every endpoint built with it asks); a new
version asks everyone again. The charter applies once a version is published and while
``WAGTAIL_SOCIAL_CHARTER_REQUIRED`` is on (the default).

Cost: the gate runs on every participation POST. The current version is kept in memory for the
current generation (publishing a version moves it on) and a person's acceptance of it once
known (an acceptance is never withdrawn but by erasing the person's data, which moves the
generation on too): an employee who accepted pays no query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .. import generation
from ..conf import settings
from ..features import Feature, PopulationShare, register_feature
from ..models import CharterAcceptance, CharterVersion

FEATURE_KEY = "charter"
PUBLISH_ACTION = "wagtail_social.charter.publish"


@dataclass(frozen=True)
class CurrentVersion:
    """What the gate needs of the current version (kept in memory, shared: read-only)."""

    pk: int
    number: int


def _read_current() -> CurrentVersion | None:
    row = CharterVersion.objects.order_by("-number").values_list("pk", "number").first()
    return CurrentVersion(*row) if row else None


def current_version(request=None) -> CurrentVersion | None:
    """The latest published version, or None when no charter was ever published."""
    if request is None:
        return _read_current()
    return generation.remembered(request, ("charter version",), _read_current)


def latest() -> CharterVersion | None:
    return CharterVersion.objects.order_by("-number").first()


def required_version(request) -> CurrentVersion | None:
    """The version ``request``'s person must accept before taking part, or None: the charter
    is not required (setting off, no version published), or they accepted the current one."""
    if not settings.CHARTER_REQUIRED or not request.user.is_authenticated:
        return None
    version = current_version(request)
    if version is None:
        return None
    user_id = request.user.pk

    def accepted() -> bool:
        return CharterAcceptance.objects.filter(user_id=user_id, version_id=version.pk).exists()

    if generation.remembered(request, ("charter accepted", user_id, version.pk), accepted, keep=bool):
        return None
    return version


def accept(user, version: CharterVersion | CurrentVersion) -> CharterAcceptance:
    """Record that ``user`` accepted ``version`` now (once: accepting again keeps the first
    acceptance and its time)."""
    try:
        with transaction.atomic():
            acceptance, _created = CharterAcceptance.objects.get_or_create(user=user, version_id=version.pk)
    except IntegrityError:  # accepted at the same moment in another request
        acceptance = CharterAcceptance.objects.get(user=user, version_id=version.pk)
    return acceptance


def acceptance_of(user, version) -> CharterAcceptance | None:
    if not getattr(user, "is_authenticated", False) or version is None:
        return None
    return CharterAcceptance.objects.filter(user=user, version_id=version.pk).first()


def publish_version(text: str, user=None) -> CharterVersion:
    """Publish ``text`` as the next version (the current one from now on: everyone is asked
    again), written to Wagtail's audit log. Earlier versions stay as they were."""
    with transaction.atomic():
        number = (CharterVersion.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        version = CharterVersion.objects.create(number=number, text=text, published_by=user)
        log(instance=version, action=PUBLISH_ACTION, user=user)
    return version


# --- personal data and the figure -------------------------------------------------------------


def export_acceptances(user) -> list[dict]:
    """The versions the person accepted, and when."""
    return [
        {"version": number, "accepted_at": accepted_at.isoformat()}
        for number, accepted_at in CharterAcceptance.objects.filter(user=user)
        .order_by("version__number")
        .values_list("version__number", "accepted_at")
    ]


def erase_acceptances(user) -> int:
    """Deletes the person's acceptances (they will be asked again if they take part)."""
    erased = CharterAcceptance.objects.filter(user=user).delete()[0]
    if erased:
        generation.bump()  # processes that remembered the acceptance forget it
    return erased


def people_who_accepted_the_current_version():
    """User ids of the people who accepted the latest version (none while there is none)."""
    return CharterAcceptance.objects.filter(
        version_id=CharterVersion.objects.order_by("-number").values("pk")[:1]
    ).values("user_id")


def register_charter_feature() -> None:
    """The charter registers like a feature without a switch (nothing to turn on per page, and
    no activity: accepting the charter is no participation), for the person's data and for its
    figure on the KPI dashboard."""
    register_feature(
        Feature(
            key=FEATURE_KEY,
            label=_("Usage charter"),
            switch=False,
            order=96,
            export_person=export_acceptances,
            erase_person=erase_acceptances,
            shares=(
                PopulationShare(
                    key="charter_accepted",
                    label=_("Accepted the current usage charter"),
                    people=people_who_accepted_the_current_version,
                    description=_(
                        "People who accepted the latest version of the usage charter, out of the "
                        "population, today."
                    ),
                ),
            ),
        )
    )


def connect_signals() -> None:
    """A version created or removed in any way (the admin, a shell, a fixture) moves the
    generation on: every process then reads the current version again."""
    uid = "wagtail_social.generation.charter"
    post_save.connect(generation.bump_after_change, sender=CharterVersion, dispatch_uid=uid + ".save")
    post_delete.connect(generation.bump_after_change, sender=CharterVersion, dispatch_uid=uid + ".delete")
