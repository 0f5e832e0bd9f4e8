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
from django.db.models.signals import post_delete, post_save

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


def remembered_many(request, keys: list, compute_missing: Callable[[list], dict]) -> dict:
    """:func:`remembered` for many keys at once: the values kept for ``keys`` in the current
    generation, and ``compute_missing(missing_keys)`` (a dict by key, one query for them all)
    for the others, kept in turn. A key ``compute_missing`` leaves out is not in the answer."""
    number = current(request)
    if number is None:
        return compute_missing(list(keys))
    global _number
    now = time.monotonic()
    found: dict = {}
    with _lock:
        if number != _number:
            _entries.clear()
            _number = number
        for key in keys:
            entry = _entries.get(key)
            if entry is not None and now - entry[0] < MAX_AGE_SECONDS:
                _entries.move_to_end(key)
                found[key] = entry[1]
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute_missing(missing)
        found.update(computed)
        with _lock:
            if number == _number:
                for key, value in computed.items():
                    _entries[key] = (now, value)
                while len(_entries) > MAX_ENTRIES:
                    _entries.popitem(last=False)
    return found


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


def bump_after_change(sender, instance=None, using=None, **kwargs):
    """A signal receiver moving the generation on in the sender's database."""
    bump(using)


def connect_signals() -> None:
    """What decides policy: sites (which site a page belongs to, its defaults), policies and site
    defaults. What decides access (pages' live state, place and URL, view restrictions and their
    groups) is connected by the access module (``access.changes``): it alone reads those."""
    from wagtail.models import Site

    from .models import ParticipationPolicy, SocialSettings

    for model in (Site, ParticipationPolicy, SocialSettings):
        uid = f"wagtail_social.generation.{model._meta.label}"
        post_save.connect(bump_after_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(bump_after_change, sender=model, dispatch_uid=uid + ".delete")
