"""What each site calls the states of a contribution. The stored states never change; a site
renames their labels in *Settings → Contribution statuses* (``ContributionSettings``), and every
surface that shows a state (the page's block, the contribution's page, the idea box, the admin,
emails) asks :func:`state_label`."""

from __future__ import annotations

from wagtail.models import Site

from .models import STATE_LABELS, ContributionSettings


def site_labels(site) -> dict[str, str]:
    """The labels ``site`` gave its states (one query; none without a site)."""
    if site is None:
        return {}
    return ContributionSettings.for_site(site).labels()


def request_labels(request) -> dict[str, str]:
    """The labels of the request's site, read once per request."""
    cached = getattr(request, "_wagtail_social_state_labels", None)
    if cached is None:
        cached = site_labels(Site.find_for_request(request))
        request._wagtail_social_state_labels = cached
    return cached


def state_label(state: str, site=None, *, labels: dict[str, str] | None = None) -> str:
    """What ``state`` is called on ``site``: its renamed label, else the default, translated.
    Pass ``labels`` (``site_labels``/``request_labels``) when showing many states."""
    labels = site_labels(site) if labels is None else labels
    return labels.get(state) or str(STATE_LABELS.get(state, state))
