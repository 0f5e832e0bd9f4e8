"""Searchers kept open between searches, re-opened as soon as the index changes.

Opening an index costs a few milliseconds (whoosh unpickles the TOC and its schema, then opens
every segment) and a results page used to open each language index twice. A search now takes
the searcher its thread opened before (:func:`searcher`), after two cheap checks that it still
reads the index as it is:

* the store's ``CURRENT`` file is the same file (same inode and modification time): no rebuild
  swapped generations (``os.replace`` gives it a new inode) and the folder was not re-created;
* the generation's newest TOC is the one the searcher read: no commit since (a directory
  listing, as whoosh's own ``up_to_date()``).

Otherwise the searcher is closed and a new one opened through :meth:`IndexStore.open` (whose
generation lock keeps what it reads from being deleted). A reader therefore never sees a
half-swapped index, and a commit or a swap is seen by the next search. whoosh's own
``Searcher.refresh()`` is not used: it keeps the segments a merge removed and reuses a segment's
reader with its old deletions (``index.FileIndex._reader``), so an updated document would be
found twice.

**Per thread.** whoosh's readers share file positions: a searcher is used by the thread that
opened it only. A search nested in another search of the same index (in the same thread) gets a
searcher of its own, closed after it, as before.

**Old generations are released.** A replaced searcher's generation lock is given back at once
(the store may then delete that generation). Each search also closes, at most once a second, the
idle searchers of any thread of the process that read a replaced generation, have not been used
for ``IDLE_SECONDS`` or belong to a thread that ended: a rebuild's old generation is not kept by
a thread that stopped searching while another searches. A process that stops searching entirely
keeps its searchers until it searches again or exits (its locks die with it).
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .store import CURRENT, OPEN_ATTEMPTS, IndexStore

IDLE_SECONDS = 60.0
SWEEP_SECONDS = 1.0

_lock = threading.Lock()
_entries: dict[tuple[int, str], _Entry] = {}
_last_sweep = 0.0


def _stamp(path) -> tuple[int, int] | None:
    """Identity of the ``CURRENT`` file: replaced at each swap, so a new inode."""
    try:
        found = os.stat(path / CURRENT)
    except FileNotFoundError:
        return None
    return (found.st_ino, found.st_mtime_ns)


@dataclass
class _Entry:
    folder: object
    stamp: tuple[int, int]
    index: object
    searcher: object
    thread: weakref.ref
    pid: int = field(default_factory=os.getpid)
    busy: int = 0
    used: float = field(default_factory=time.monotonic)

    def current(self) -> bool:
        """Still the store's current generation, at its latest commit."""
        if _stamp(self.folder) != self.stamp:
            return False
        try:
            return self.index.latest_generation() == self.searcher.reader().generation()
        except OSError:
            return False

    def close(self) -> None:
        try:
            self.searcher.close()
        finally:
            release = getattr(self.index, "release_generation", None)
            if release is not None:
                release()  # the generation's READERS lock: the store may now delete it


def _open(store: IndexStore) -> _Entry | None:
    """A new entry for ``store``'s current generation (None: no index)."""
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        stamp = _stamp(store.path)
        if stamp is None:
            return None
        index = store.open()
        try:
            opened = index.searcher()
        except FileNotFoundError:  # a commit merged a segment between the TOC and its files
            release = getattr(index, "release_generation", None)
            if release is not None:
                release()
            if attempt == OPEN_ATTEMPTS:
                raise
            continue
        opened.generation_name = index.generation_name
        return _Entry(store.path, stamp, index, opened, weakref.ref(threading.current_thread()))
    return None


def _sweep(now: float) -> list[_Entry]:
    """Under ``_lock``: take out the idle entries that hold something nobody should keep."""
    global _last_sweep
    if now - _last_sweep < SWEEP_SECONDS:
        return []
    _last_sweep = now
    gone = []
    for key, entry in list(_entries.items()):
        if entry.busy:
            continue
        thread = entry.thread()
        if (
            thread is None
            or not thread.is_alive()
            or entry.pid != os.getpid()
            or now - entry.used > IDLE_SECONDS
            or _stamp(entry.folder) != entry.stamp
        ):
            gone.append(_entries.pop(key))
    return gone


def _close_all(entries: list[_Entry]) -> None:
    for entry in entries:
        if entry.pid == os.getpid():
            entry.close()


@contextmanager
def searcher(store: IndexStore) -> Iterator:
    """A searcher of ``store``'s current generation at its latest commit, kept open for the
    next search of this thread (see the module docstring), or None when the store has no index
    yet. Do not close it."""
    key = (threading.get_ident(), str(store.path))
    with _lock:
        stale = _sweep(time.monotonic())  # first: it may take this thread's idle entry out
        entry = _entries.get(key)
        nested = entry is not None and entry.busy > 0 and entry.pid == os.getpid()
        if entry is not None and entry.pid != os.getpid():  # inherited through a fork
            entry = _entries.pop(key)
            entry = None
    _close_all(stale)
    if nested:  # a search inside a search of the same index, in this thread
        if not store.exists():
            yield None
            return
        with store.searcher() as own:
            yield own
        return
    if entry is not None and (entry.searcher.is_closed or not entry.current()):
        with _lock:
            _entries.pop(key, None)
        entry.close()
        entry = None
    if entry is None:
        entry = _open(store) if store.exists() else None
        if entry is None:  # no index yet
            yield None
            return
        with _lock:
            _entries[key] = entry
    with _lock:
        entry.busy += 1
    try:
        yield entry.searcher
    except FileNotFoundError:
        # A file of a segment a concurrent commit merged away: open afresh next time.
        with _lock:
            if _entries.get(key) is entry:
                del _entries[key]
        entry.close()
        raise
    finally:
        with _lock:
            entry.busy -= 1
            entry.used = time.monotonic()


def close_all() -> None:
    """Close every idle searcher of this process (tests; a process about to fork)."""
    with _lock:
        idle = [key for key, entry in _entries.items() if not entry.busy]
        entries = [_entries.pop(key) for key in idle]
    _close_all(entries)
