"""Which changes to pages and view restrictions change who may see what: each moves the
generation on (``wagtail_social.generation``), so what every process keeps in memory for pages
is dropped at the next request. Part of the access module: it alone reads view restrictions
and pages' live state.

Nothing a draft save or an autosave sends moves the number on (``tests/test_generation.py``
drives Wagtail's edit view and its autosave to show it).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

from ..generation import bump, bump_after_change

# A page's fields that say whether readers reach it, and where: a save naming one of them in
# ``update_fields`` moves the generation on.
PAGE_ACCESS_FIELDS = frozenset({"live", "slug", "url_path", "path", "depth"})


def _bump_after_page_save(sender, instance, update_fields=None, using=None, **kwargs):
    """A live page written whole: published (first time or again, with a new title or slug),
    moved, created live (a copy, an alias, code), an alias following its original, or edited
    live by code. A draft save never writes a live page whole: Wagtail's edit view, its
    autosave included, writes only the revision's bookkeeping fields then
    (``Page.save_revision``: ``update_fields``). A page that is not live is written whole at
    each draft save and autosave: readers cannot reach it, so that changes nothing (its
    unpublishing and the move of its subtree have their own signals below)."""
    if update_fields is None:
        if instance.live:
            bump(using)
    elif PAGE_ACCESS_FIELDS.intersection(update_fields):
        bump(using)


def _bump_after_move(sender, instance, **kwargs):
    # A live page's move wrote it whole: ``_bump_after_page_save`` moved the number on already.
    # A draft page's subtree may hold live pages whose place and URL just changed.
    if not instance.live:
        bump()


def _bump_after_slug_change(sender, instance, **kwargs):
    # A live page renamed was written whole (see above). A draft page renamed in a draft save
    # changes the URLs of its live descendants, if it has any: Wagtail sends this signal once the
    # rename is committed.
    if not instance.live and instance.numchild:
        bump()


def connect() -> None:
    """Connect the receivers; called once, from the app's ``ready()``."""
    for model in (PageViewRestriction,):
        uid = f"wagtail_social.access.{model._meta.label}"
        post_save.connect(bump_after_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(bump_after_change, sender=model, dispatch_uid=uid + ".delete")
    m2m_changed.connect(
        bump_after_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="wagtail_social.access.restriction_groups",
    )
    # Each page model by name: a receiver connected without a sender would listen to every
    # model's saves and deletions, and Django then loads and signals each row of every bulk or
    # cascading delete (reading records, reactions) instead of one DELETE statement.
    for model in get_page_models():
        uid = f"wagtail_social.access.{model._meta.label}.save"
        post_save.connect(_bump_after_page_save, sender=model, dispatch_uid=uid)
    # Deleting a page of any type deletes its row of ``Page`` too (multi-table inheritance), and
    # Django sends this signal for that row.
    post_delete.connect(bump_after_change, sender=Page, dispatch_uid="wagtail_social.access.page.delete")
    # Unpublishing writes the page whole, no longer live: the save receiver does not see it.
    page_unpublished.connect(bump_after_change, dispatch_uid="wagtail_social.access.page.unpublish")
    post_page_move.connect(_bump_after_move, dispatch_uid="wagtail_social.access.page.move")
    page_slug_changed.connect(_bump_after_slug_change, dispatch_uid="wagtail_social.access.page.slug")
