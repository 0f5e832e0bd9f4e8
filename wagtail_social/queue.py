"""The community queue's registry: "queue sources" that features register, each listing the items
of one kind of employees' writing that wait for a moderator or a manager, as rows of one shape.

The core registers its comments (``wagtail_social/admin/queue.py``); the contributions app
registers ideas, questions and suggestions from its own ``ready()``, so the core never imports it.
The queue screen (``admin/queue.py``) merges the rows of every source, the dashboard panel and the
menu item count them. A source decides who sees what (access, sections): it receives the user.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from wagtail.models import Page

COUNT_CACHE_SECONDS = 60
"""The menu item shows the count on every admin page: computed at most once a minute a person
(a decision in the queue screen refreshes the decider's count at once)."""

# The states a row may be in, and the filter values of the queue's "State" filter.
HELD, REPORTED, WAITING, OVERDUE = "held", "reported", "waiting", "overdue"
ATTENTION, MINE = "attention", "mine"
"""``ATTENTION`` (the default): every waiting row; ``MINE``: rows assigned to the viewer."""


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What the moderator asked for; a source applies what concerns it and ignores the rest."""

    section: Page | None = None
    kind: str = ""
    state: str = ATTENTION
    author: str = ""
    """Part of the author's name, or their exact username."""
    min_reports: int = 0
    text: str = ""


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One waiting item, whatever its kind."""

    source: str
    pk: int
    kind: str
    kind_label: str
    text: str
    author: str
    page_id: int
    page_title: str
    state: str
    state_label: str
    date: datetime.datetime
    review_url: str
    reports: int = 0
    assignee_id: int | None = None

    @property
    def key(self) -> str:
        """The row's value in the bulk actions' checkboxes: ``<source>:<pk>``."""
        return f"{self.source}:{self.pk}"


@dataclass(frozen=True)
class QueueSource:
    """A kind of writing the queue lists.

    ``rows(user, filters)`` gives the rows ``user`` may handle matching ``filters``; ``count(user)``
    the number waiting for them (the dashboard and the menu); ``kinds`` the ``(value, label)`` of
    the kinds it lists. ``bulk(request, pks, action, reason)`` (optional) applies ``"approve"`` or
    ``"remove"`` to the rows ``pks`` the requester may handle and returns how many changed.
    """

    name: str
    kinds: Sequence[tuple[str, str]]
    rows: Callable[[object, QueueFilters], Iterable[QueueRow]]
    count: Callable[[object], int]
    bulk: Callable[..., int] | None = field(default=None)
    may_use: Callable[[object], bool] = field(default=lambda user: True)
    """Whether ``user`` moderates or manages anything of this source (otherwise it is skipped)."""


_sources: dict[str, QueueSource] = {}


def register_source(source: QueueSource) -> None:
    """Add (or replace, by name) a source of the community queue."""
    _sources[source.name] = source


def sources() -> list[QueueSource]:
    return list(_sources.values())


def source(name: str) -> QueueSource | None:
    return _sources.get(name)


def sources_for(user) -> list[QueueSource]:
    """The sources ``user`` moderates or manages something of."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return [item for item in _sources.values() if item.may_use(user)]


def may_use_queue(user) -> bool:
    return bool(sources_for(user))


def rows_for(user, filters: QueueFilters) -> list[QueueRow]:
    """Every source's rows for ``user``, the newest first."""
    rows: list[QueueRow] = []
    for item in sources_for(user):
        if filters.kind and filters.kind not in {value for value, _label in item.kinds}:
            continue
        rows.extend(item.rows(user, filters))
    return sorted(rows, key=lambda row: (row.date, row.source, row.pk), reverse=True)


def waiting_count(user) -> int:
    """How many items wait for ``user`` in the queue (the dashboard panel, the menu item)."""
    return sum(item.count(user) for item in sources_for(user))


def _count_key(user) -> str:
    return f"wagtail_social:queue-count:{user.pk}"


def cached_menu_count(user) -> int | None:
    """The menu item's count for ``user`` (``None``: the queue is not for them), cached for
    ``COUNT_CACHE_SECONDS`` so that admin pages do not each pay for every source's count."""
    if user is None or not user.is_authenticated:
        return None
    key = _count_key(user)
    found = cache.get(key, "missing")
    if found != "missing":
        return found
    value = waiting_count(user) if may_use_queue(user) else None
    cache.set(key, value, COUNT_CACHE_SECONDS)
    return value


def forget_menu_count(user) -> None:
    cache.delete(_count_key(user))
