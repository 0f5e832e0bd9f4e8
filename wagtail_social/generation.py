"""Keeping pages' access rules and policies in memory between requests, without ever acting on
stale ones.

The endpoints (a reaction, a vote) answer many small requests. Most of what they cost was
reading, on every request, the page, its view restrictions and its participation policy: things
that change a few times a day. Each process keeps them in memory, valid for one *generation*:
the number of the one :class:`~wagtail_social.models.Generation` row. A request reads the number
once (one single-row query) and uses only what was computed for that number, so a rule changed
in any process applies to the next request in every other; nothing depends on a shared cache.

The number moves on when what a reader can reach changes, and only then (see
:func:`connect_signals`): a page published, unpublished, moved, deleted, renamed or created
live; a site, a view restriction or its groups, a policy or the site defaults saved or deleted.
Never on a draft save: Wagtail autosaves drafts while an editor types, and each move empties
every process's memory and rewrites the one shared row. Never during a GET either. The move
happens inside the change's own transaction when it runs in one (Wagtail saves a page in one;
``ATOMIC_REQUESTS`` wraps the rest), right after it otherwise.

Changes made without the signals listed there (``QuerySet.update()`` on pages, raw SQL, a
restore, a page's ``live`` flag switched off by hand and saved instead of through
``page.unpublish()``) are not seen: call :func:`bump` after them. Entries also expire after
``MAX_AGE_SECONDS`` as a net.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.db import connections, router
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

MAX_ENTRIES = 4096
MAX_AGE_SECONDS = 300
REQUEST_KEY = "_wagtail_social_generation"

_lock = threading.Lock()
_number: int | None = None
_entries: OrderedDict = OrderedDict()  # key -> (time stored, value)


def current(request) -> int | None:
    """The generation this request works with, read once per request; None if the row is
    missing (nothing is then kept in memory)."""
    if REQUEST_KEY not in request.__dict__:
        request.__dict__[REQUEST_KEY] = _read_number()
    return request.__dict__[REQUEST_KEY]


def _read_number() -> int | None:
    # Raw SQL: it runs on every request of the endpoints, and the ORM spent ten times longer
    # compiling this query than the database answering it.
    from .models import Generation

    connection = connections[router.db_for_read(Generation)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('number')} FROM {quote(Generation._meta.db_table)} WHERE {quote('id')} = 1"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def remembered(request, key, compute: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """``compute()``'s value for ``key``, computed at most once per generation and process.

    With ``keep``, a value is kept only if ``keep(value)`` is true; others are computed again at
    the next request. For answers that may turn true without the number moving on (a poll
    placement learned while rendering a page: see ``wagtail_social_polls.placements``).

    Values are shared between requests and threads: callers must treat them as read-only."""
    global _number
    number = current(request)
    if number is None:
        return compute()
    now = time.monotonic()
    with _lock:
        if number != _number:
            _entries.clear()
            _number = number
        entry = _entries.get(key)
        if entry is not None and now - entry[0] < MAX_AGE_SECONDS:
            _entries.move_to_end(key)
            return entry[1]
    value = compute()
    if keep is not None and not keep(value):
        return value
    with _lock:
        if number == _number:  # not if another request saw a newer generation meanwhile
            _entries[key] = (now, value)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return value


def forget_everything() -> None:
    """Empty this process's memory (tests; after restoring a database)."""
    global _number
    with _lock:
        _entries.clear()
        _number = None


def bump(using: str | None = None) -> None:
    """Move the generation on, in the current transaction: every process drops what it kept
    once this transaction commits (and not before: until then the old rules are in force)."""
    from .models import Generation

    manager = Generation.objects.db_manager(using)
    if not manager.filter(pk=1).update(number=F("number") + 1):
        manager.get_or_create(pk=1, defaults={"number": 1})


def _bump_after_change(sender, instance=None, using=None, **kwargs):
    bump(using)


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


def connect_signals() -> None:
    """What decides access or policy: pages (live state, place in the tree, URL), sites, view
    restrictions and their groups, policies and site defaults. Nothing that a draft save or an
    autosave sends moves the number on (``tests/test_generation.py`` drives Wagtail's edit view
    and its autosave to show it)."""
    from wagtail.models import Page, PageViewRestriction, Site, get_page_models
    from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

    from .models import ParticipationPolicy, SocialSettings

    for model in (PageViewRestriction, Site, ParticipationPolicy, SocialSettings):
        uid = f"wagtail_social.generation.{model._meta.label}"
        post_save.connect(_bump_after_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_bump_after_change, sender=model, dispatch_uid=uid + ".delete")
    m2m_changed.connect(
        _bump_after_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="wagtail_social.generation.restriction_groups",
    )
    # Each page model by name: a receiver connected without a sender would listen to every
    # model's saves and deletions, and Django then loads and signals each row of every bulk or
    # cascading delete (reading records, reactions) instead of one DELETE statement.
    for model in get_page_models():
        uid = f"wagtail_social.generation.{model._meta.label}.save"
        post_save.connect(_bump_after_page_save, sender=model, dispatch_uid=uid)
    # Deleting a page of any type deletes its row of ``Page`` too (multi-table inheritance), and
    # Django sends this signal for that row.
    post_delete.connect(_bump_after_change, sender=Page, dispatch_uid="wagtail_social.generation.page.delete")
    # Unpublishing writes the page whole, no longer live: the save above does not see it.
    page_unpublished.connect(_bump_after_change, dispatch_uid="wagtail_social.generation.page.unpublish")
    post_page_move.connect(_bump_after_move, dispatch_uid="wagtail_social.generation.page.move")
    page_slug_changed.connect(_bump_after_slug_change, dispatch_uid="wagtail_social.generation.page.slug")
