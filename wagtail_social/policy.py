"""The participation policy in force on a page, for the current request.

Features ask this module (and ``access``) before they act; it imports no feature. The policy's
values and their inheritance are the model's (``models.policy``); this module memoises them
per request and keeps them in memory for the current generation (see ``generation``).
"""

from __future__ import annotations

from wagtail.models import Page

from . import generation
from .features import VALUES_KEY, policy_values, switchable_features
from .models.policy import POLICY_FIELDS, EffectivePolicy, ParticipationPolicy

__all__ = ["EffectivePolicy", "loggable", "policy_for", "save_policy_values"]


def policy_for(request, page: Page) -> EffectivePolicy:
    """``ParticipationPolicy.effective_for`` memoised on the request (the block, the form and the
    moderator of one request all ask for the same page's policy) and kept for the current
    generation."""
    cache = request.__dict__.setdefault("_wagtail_social_policies", {})
    if page.pk not in cache:
        cache[page.pk] = generation.remembered(
            request, ("policy", page.pk), lambda: ParticipationPolicy.effective_for(page, request=request)
        )
    return cache[page.pk]


def save_policy_values(page, values: dict, user=None) -> ParticipationPolicy | None:
    """Store an editor's values for ``page``; a policy that sets nothing is deleted.

    ``values["switches"]`` holds the switches the editor set, and under ``VALUES_KEY`` the
    features' policy values set (a value left to inherit is absent); the page's switches and
    values of features whose app is not installed (so not in the form) are kept as they were."""
    values = dict(values)
    if values.get("closing") != "date":
        values["closes_at"] = None
    existing = ParticipationPolicy.objects.filter(page=page).first()
    stored = dict(existing.switches) if existing else {}
    shown = {feature.key for feature in switchable_features()}
    kept = {key: value for key, value in stored.items() if key not in shown and key != VALUES_KEY}
    switches = dict(values.get("switches", {}))
    shown_values = {value.name for value in policy_values()}
    kept_values = {
        name: value for name, value in stored.get(VALUES_KEY, {}).items() if name not in shown_values
    }
    set_values = {**kept_values, **switches.pop(VALUES_KEY, {})}
    values["switches"] = {**kept, **switches, **({VALUES_KEY: set_values} if set_values else {})}
    if not values["switches"] and all(values.get(name) in (None, "") for name in POLICY_FIELDS):
        ParticipationPolicy.objects.filter(page=page).delete()
        return None
    policy, _created = ParticipationPolicy.objects.update_or_create(
        page=page, defaults={**values, "updated_by": user}
    )
    return policy


def loggable(values: dict) -> dict:
    """Policy values as the audit log keeps them (JSON-friendly text)."""
    data = {name: str(value) for name, value in values.items() if name != "switches"}
    switches = values.get("switches", {})
    data.update({f"{key}_enabled": str(value) for key, value in switches.items() if key != VALUES_KEY})
    data.update({name: str(value) for name, value in switches.get(VALUES_KEY, {}).items()})
    return data
