"""The KPI app's part of a person's data: the consent to the "most active contributors" list.

The app registers with the core like a feature (``switch=False``: nothing to turn on or off per
page, and no activity: a consent is no participation), only so that the core's
``personal_data.export_person``/``erase_person`` — what a DPO answers an access or erasure request
with — include the consent: when the person said yes, and its deletion.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail_social.features import Feature, register_feature

from .models import ContributorListConsent

KEY = "contributor_list"


def export_consent(user) -> list[dict]:
    """The person's consent to the list, if they gave it: the moment they opted in."""
    return [
        {"opted_in_at": opted_in_at.isoformat()}
        for opted_in_at in ContributorListConsent.objects.filter(user=user).values_list(
            "opted_in_at", flat=True
        )
    ]


def erase_consent(user) -> int:
    """Deletes the consent: the person leaves the list, as when they opt out."""
    return ContributorListConsent.objects.filter(user=user).delete()[0]


def register_contributor_list() -> None:
    register_feature(
        Feature(
            key=KEY,
            label=_("Most active contributors list"),
            switch=False,
            order=95,  # after reading (90)
            export_person=export_consent,
            erase_person=erase_consent,
        )
    )
