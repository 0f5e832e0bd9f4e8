"""Where an index lives on disk, and the only way to write to it.

The interface the backend codes against (issue 12):

* ``IndexStore(name, root=None)``: one index (``name`` is "fr", "en"…) in ``root``
  (``settings.INDEX_DIR`` by default);
* ``exists()``, ``open()`` (the index searches read; raises ``adapter.EmptyIndexError``),
  ``create(schema)``;
* ``writer()``: a context manager yielding a whoosh writer, committed on exit, cancelled on an
  exception;
* ``rebuild(schema)``: a context manager yielding a writer into a new index beside the current
  one; on success the new index replaces the current one, searches answering from the old until
  then.

**Generations.** ``<root>/<name>/`` holds whoosh indexes in ``gen-000001/``, ``gen-000002/``…
and a ``CURRENT`` file naming the one searches read. A rebuild writes the next generation beside
the current one and swaps by replacing ``CURRENT`` (``os.replace``, atomic on POSIX): a search
reads either the old generation whole or the new one whole, never a missing or half-built index
(wagtail-whoosh deleted the folder first and answered nothing during a rebuild).

**Old generations are removed once nobody reads them.** Every index ``open()`` returns holds a
shared ``flock`` on its generation's ``READERS`` file until it is garbage-collected (a searcher
keeps its index alive); a generation is deleted only under an exclusive lock on that file, taken
without waiting. One still read is left for later (the next rebuild, write or health check). A
process that dies releases its locks with it. Callers should therefore open the index per search
(reading the TOC is cheap) or compare :meth:`IndexStore.generation` before reusing one.

**One writer at a time, waiting.** whoosh's own lock (``MAIN_WRITELOCK`` in the generation, an
``fcntl.flock``) is awaited for ``LOCK_TIMEOUT_SECONDS``, and the whole acquisition is tried
``WRITE_ATTEMPTS`` times with a growing, jittered back-off; whoosh's default writer does not wait
at all (75 of 100 commits from 4 processes fail) and ``AsyncWriter`` retries in a thread that dies
with its process, losing the update silently: neither is used. Commits use whoosh's default merge
policy; merging everything into one segment (``optimize``) is left to an explicit command.

**A killed writer.** ``flock`` locks belong to the open file, so the kernel releases them when the
process dies, even by ``SIGKILL``: the lock is free at once, there is no lock file to delete (the
file stays, empty, and means nothing by itself). The TOC is written to a temporary file and
renamed, so the index opens at its last commit; the dead writer's unfinished segment files are
removed by the next commit. What a "stale" lock means here is therefore a lock *still held* by a
writer that makes no progress: held longer than ``LOCK_STALE_SECONDS``, or held while the process
recorded in the generation's ``WRITER`` file is gone (a child that inherited the descriptor).

POSIX only (``fcntl``), like whoosh's own lock on these systems.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import random
import re
import shutil
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.dispatch import Signal

from . import adapter
from .conf import settings
from .locks import FREE, LockState, flock_now, forget_writer, record_writer, unlock, write_lock_state

logger = logging.getLogger("wagtail_social.search")

CURRENT = "CURRENT"
READERS = "READERS"  # in a generation: shared flock per open index, exclusive to delete it
REBUILD = "REBUILD"  # in the index's folder: exclusive flock while a rebuild runs
GENERATION = re.compile(r"^gen-(\d{6,})$")
LOCK_POLL_SECONDS = 0.02  # how often whoosh retries its lock while a writer waits
MAX_BACKOFF_SECONDS = 2.0
OPEN_ATTEMPTS = 10  # reads of an index that a commit changed under us

#: Sent after a rebuild swapped generations (``store``, ``generation``): the writer tasks replay
#: then the updates written to the old generation while the new one was being built.
generation_swapped = Signal()


class WriteLockTimeout(adapter.LockError):
    """The write lock stayed taken through every attempt."""


class RebuildInProgress(RuntimeError):
    """Another rebuild of the same index holds its rebuild lock."""


def generation_number(name: str) -> int:
    match = GENERATION.match(name)
    return int(match.group(1)) if match else -1


def _release_writer(writer) -> None:
    """Give back the lock of a writer whose commit or cancel failed half-way: whoosh releases it
    only at the end of a successful one, and this process may live on."""
    if not writer.is_closed:
        try:
            writer.cancel()
        except Exception:  # noqa: BLE001 - the lock below is what matters
            logger.exception("Cancelling an index writer failed.")
    lock = getattr(writer, "writelock", None)
    if lock is not None and lock.fd is not None:
        lock.release()


def rebuild_writer(index):
    """The writer of a rebuild: on ``REBUILD_PROCESSES`` workers sharing ``REBUILD_MEMORY_MB``;
    in this process when it is itself a daemonic worker (a task queue's pool process), which
    Python forbids to start processes."""
    processes = settings.REBUILD_PROCESSES
    if processes == 1 or multiprocessing.current_process().daemon:
        return adapter.writer(index, limitmb=settings.REBUILD_MEMORY_MB)
    return adapter.ParallelWriter(
        index, procs=processes, limitmb=max(32, settings.REBUILD_MEMORY_MB // processes)
    )


class IndexStore:
    def __init__(self, name: str, root: Path | None = None):
        self.name = name
        self.root = Path(root) if root is not None else settings.INDEX_DIR
        self.path = self.root / name

    def __repr__(self) -> str:
        return f"<IndexStore {self.name} in {self.root}>"

    # Generations

    def generation_name(self) -> str | None:
        """The folder name of the current generation, or None when there is no index."""
        try:
            name = (self.path / CURRENT).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return name if GENERATION.match(name) else None

    def generation(self) -> int | None:
        """The current generation's number (it grows by one at each rebuild), or None."""
        name = self.generation_name()
        return generation_number(name) if name else None

    def generations(self) -> list[str]:
        """Every generation folder present, current or not, oldest first."""
        if not self.path.is_dir():
            return []
        names = [entry.name for entry in self.path.iterdir() if GENERATION.match(entry.name)]
        return sorted(names, key=generation_number)

    def exists(self) -> bool:
        name = self.generation_name()
        return name is not None and adapter.index.exists_in(str(self.path / name))

    def open(self):
        """The current generation's index, holding it against deletion while it is alive."""
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            name = self.generation_name()
            if name is None:
                raise adapter.EmptyIndexError(f"No index in {self.path}.")
            folder = self.path / name
            fd = flock_now(folder / READERS, fcntl.LOCK_SH)
            if fd is None:  # being removed: CURRENT has moved on since we read it
                continue
            try:
                index = adapter.index.open_dir(str(folder))
            except FileNotFoundError:
                # whoosh lists the TOC files, then opens the newest: a commit in between
                # deletes it. Read again, like Lucene's retry on a vanished segments file.
                unlock(fd)
                if attempt == OPEN_ATTEMPTS:
                    raise
                continue
            except BaseException:
                unlock(fd)
                raise
            # ``index.release_generation()`` gives the generation back at once (a searcher kept open
            # between searches, replaced); otherwise when the index is garbage-collected.
            index.release_generation = weakref.finalize(index, os.close, fd)
            index.generation_name = name
            return index
        raise adapter.EmptyIndexError(f"No readable generation in {self.path}.")

    @contextmanager
    def searcher(self, **kwargs) -> Iterator:
        """A searcher of the current generation. Opening one reads the TOC, then the segments it
        names; a commit in between may have merged and deleted one (whoosh does not retry):
        opening is tried again then. Searches should use this rather than ``open().searcher()``."""
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                index = self.open()
                searcher = index.searcher(**kwargs)
            except FileNotFoundError:
                if attempt == OPEN_ATTEMPTS:
                    raise
                continue
            break
        searcher.generation_name = index.generation_name
        with searcher:
            yield searcher

    def create(self, schema):
        """A new, empty index (replacing the current one, if any, atomically)."""
        with self.rebuild(schema):
            pass
        return self.open()

    def last_update(self) -> datetime | None:
        """When the current generation was last committed (its newest TOC file)."""
        name = self.generation_name()
        if name is None:
            return None
        tocs = list((self.path / name).glob("_*.toc"))
        if not tocs:
            return None
        return datetime.fromtimestamp(max(toc.stat().st_mtime for toc in tocs), tz=UTC)

    # Writing

    @contextmanager
    def writer(self, optimize: bool = False) -> Iterator:
        """A writer of the current generation, committed on exit (whoosh's merge policy;
        ``optimize`` merges every segment into one, for the maintenance command only)."""
        writer = self._acquire_writer()
        try:
            yield writer
            writer.commit(optimize=optimize)
        except BaseException:
            _release_writer(writer)
            raise
        finally:
            if getattr(writer, "generation_name", None):
                forget_writer(self.path / writer.generation_name)
        self.collect_old_generations()

    def _acquire_writer(self):
        attempts = settings.WRITE_ATTEMPTS
        timeout = settings.LOCK_TIMEOUT_SECONDS
        for attempt in range(1, attempts + 1):
            index = self.open()
            try:
                writer = adapter.writer(index, timeout=timeout, delay=LOCK_POLL_SECONDS)
            except adapter.LockError:
                if attempt == attempts:
                    break
                pause = min(MAX_BACKOFF_SECONDS, 0.1 * 2 ** (attempt - 1)) + random.uniform(0, 0.1)
                logger.info(
                    "Index %s: write lock busy (attempt %d of %d), next try in %.1f s.",
                    self.name,
                    attempt,
                    attempts,
                    pause,
                )
                time.sleep(pause)
                continue
            if self.generation_name() != index.generation_name:
                # A rebuild swapped while we waited: write into the new generation instead.
                _release_writer(writer)
                continue
            writer.generation_name = index.generation_name
            record_writer(self.path / index.generation_name)
            return writer
        raise WriteLockTimeout(
            f"Index {self.name}: the write lock stayed taken through {attempts} attempts of {timeout} s."
        )

    def lock_state(self) -> LockState:
        """Whether the current generation's write lock is free, held, or held by a writer that
        makes no progress (see the module's docstring)."""
        name = self.generation_name()
        if name is None:
            return LockState(FREE)
        return write_lock_state(self.path / name, self.open().lock("WRITELOCK"), settings.LOCK_STALE_SECONDS)

    # Rebuilding

    def rebuilding(self) -> bool:
        """Whether a rebuild of this index runs now (in any process)."""
        fd = flock_now(self.path / REBUILD, fcntl.LOCK_SH)
        if fd is None:
            return (self.path / REBUILD).exists()
        unlock(fd)
        return False

    @contextmanager
    def rebuild(self, schema) -> Iterator:
        """A writer into a new generation; on success it becomes the current one in one step."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = self._take_rebuild_lock()
        try:
            self._collect()
            current = self.generation_name()
            existing = [generation_number(name) for name in self.generations()]
            name = f"gen-{max(existing, default=0) + 1:06d}"
            folder = self.path / name
            folder.mkdir()
            (folder / READERS).touch()
            index = adapter.index.create_in(str(folder), schema)
            # One writer and one commit for the whole rebuild, its postings sorted in memory,
            # on worker processes when there are several processors.
            writer = rebuild_writer(index)
            try:
                yield writer
                writer.commit()
            except BaseException:
                _release_writer(writer)
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._swap(current, name)
            self._collect()
        finally:
            unlock(lock)
        generation_swapped.send(sender=IndexStore, store=self, generation=name)

    def _take_rebuild_lock(self) -> int:
        deadline = time.monotonic() + settings.LOCK_TIMEOUT_SECONDS
        while True:
            fd = flock_now(self.path / REBUILD, fcntl.LOCK_EX, create=True)
            if fd is not None:
                return fd
            if time.monotonic() > deadline:
                raise RebuildInProgress(f"Index {self.name} is being rebuilt by another process.")
            time.sleep(LOCK_POLL_SECONDS * 5)

    def _swap(self, old: str | None, new: str) -> None:
        """Point ``CURRENT`` at ``new``. The old generation's write lock is taken first, so that
        no update is half-way into it at the swap (writers that wait for it move to the new one);
        a writer stuck past the timeout does not stop the swap: its update was journalled."""
        old_lock = None
        if old is not None:
            try:
                old_lock = adapter.index.open_dir(str(self.path / old)).lock("WRITELOCK")
                deadline = time.monotonic() + settings.LOCK_TIMEOUT_SECONDS
                while not old_lock.acquire(False):
                    if time.monotonic() > deadline:
                        logger.warning("Index %s: swapping while %s is still being written.", self.name, old)
                        old_lock = None
                        break
                    time.sleep(LOCK_POLL_SECONDS)
            except (adapter.EmptyIndexError, OSError):
                old_lock = None
        try:
            temporary = self.path / f"{CURRENT}.{os.getpid()}.tmp"
            with open(temporary, "w", encoding="ascii") as file:
                file.write(new + "\n")
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path / CURRENT)
            directory = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        finally:
            if old_lock is not None:
                old_lock.release()
        logger.info("Index %s: now answering from %s (was %s).", self.name, new, old)

    def collect_old_generations(self) -> list[str]:
        """Remove the generations that are not current and that nobody reads; returns their
        names. Does nothing while a rebuild runs (its generation is not current yet)."""
        fd = flock_now(self.path / REBUILD, fcntl.LOCK_EX, create=self.path.is_dir())
        if fd is None:
            return []
        try:
            return self._collect()
        finally:
            unlock(fd)

    def _collect(self) -> list[str]:
        # Called with the rebuild lock held: no generation is being built meanwhile.
        current = self.generation_name()
        removed = []
        for name in self.generations():
            if name == current:
                continue
            folder = self.path / name
            fd = flock_now(folder / READERS, fcntl.LOCK_EX)
            if fd is None and (folder / READERS).exists():
                continue  # still read: removed by a later collection
            try:
                shutil.rmtree(folder, ignore_errors=True)
            finally:
                if fd is not None:
                    unlock(fd)
            removed.append(name)
        return removed
