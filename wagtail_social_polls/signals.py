"""Signal receivers, connected in ``AppConfig.ready()``."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from wagtail_social import generation

from .blocks import has_poll_block, poll_ids_in_content
from .models import Choice, PollPlacement
from .placements import sync_from_content


def page_published_receiver(sender, instance, **kwargs):
    # Decided once per page model: publishing a page of a type without the poll block costs
    # no statement at all.
    if has_poll_block(type(instance)):
        sync_from_content(instance, poll_ids_in_content(instance))


def moves_the_generation_on(sender, instance=None, using=None, **kwargs):
    """The vote endpoint keeps each poll's choice ids, and that it is placed on a page, for the
    current generation (``views.placed_poll_and_choices``): a change to either moves it on, in
    the change's own transaction. (Placements are written without a signal: removed ones move
    it on in ``placements.sync_from_content``; added ones need not, see ``views``.)"""
    generation.bump(using)


def connect() -> None:
    page_published.connect(page_published_receiver, dispatch_uid="wagtail_social_polls_placements")
    for model in (Choice, PollPlacement):
        uid = f"wagtail_social_polls.generation.{model._meta.label}"
        post_save.connect(moves_the_generation_on, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(moves_the_generation_on, sender=model, dispatch_uid=uid + ".delete")
