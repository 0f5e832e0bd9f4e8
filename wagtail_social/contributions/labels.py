"""What each site calls the states of a contribution. The stored states never change; a site
renames their labels in *Settings → Contribution statuses* (``ContributionSettings``), and every
surface that shows a state (the page's block, the contribution's page, the idea box, the admin,
emails) asks :func:`state_label`."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.models import Site

from wagtail_social import generation

from .models import STATE_LABELS, ContributionSettings


def site_labels(site) -> dict[str, str]:
    """The labels ``site`` gave its states (one query; none without a site)."""
    if site is None:
        return {}
    # Not ``for_site``: it creates the row on a first read, and a save moves the generation on.
    saved = ContributionSettings.objects.filter(site=site).first()
    return (saved or ContributionSettings(site=site)).labels()


def request_labels(request) -> dict[str, str]:
    """The labels of the request's site, kept in memory for the current generation (saving the
    settings moves it on: :func:`connect_signals`), shared read-only between requests."""
    cached = getattr(request, "_wagtail_social_state_labels", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = generation.remembered(
            request, ("state-labels", site.pk if site else None), lambda: site_labels(site)
        )
        request._wagtail_social_state_labels = cached
    return cached


def connect_signals() -> None:
    """A site's labels saved or deleted apply to the next request of every process."""
    for signal, suffix in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            generation.bump_after_change,
            sender=ContributionSettings,
            dispatch_uid=f"wagtail_social_contributions.labels.{suffix}",
        )


def state_label(state: str, site=None, *, labels: dict[str, str] | None = None) -> str:
    """What ``state`` is called on ``site``: its renamed label, else the default, translated.
    Pass ``labels`` (``site_labels``/``request_labels``) when showing many states."""
    labels = site_labels(site) if labels is None else labels
    return labels.get(state) or str(STATE_LABELS.get(state, state))
