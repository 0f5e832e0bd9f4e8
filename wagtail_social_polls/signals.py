"""Signal receivers, connected in ``AppConfig.ready()``."""

from __future__ import annotations

from wagtail.signals import page_published

from .placements import sync_from_content


def page_published_receiver(sender, instance, **kwargs):
    sync_from_content(instance)


def connect() -> None:
    page_published.connect(page_published_receiver, dispatch_uid="wagtail_social_polls_placements")
