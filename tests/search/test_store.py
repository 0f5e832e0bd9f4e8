"""The index on disk (``wagtail_social.search.store``): generations swapped atomically, one writer
that waits for the lock, a killed writer recovered. Other processes are real ones
(``tests/search/store_process.py``), killed with SIGKILL where a test says so."""

from __future__ import annotations

import gc
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings

from wagtail_social.search import adapter
from wagtail_social.search.locks import FREE, HELD, STALE, LockState
from wagtail_social.search.store import IndexStore, WriteLockTimeout

ROOT = Path(__file__).resolve().parents[2]
F = adapter.fields


def schema():
    return F.Schema(
        id=F.ID(stored=True, unique=True), model_label=F.ID(stored=True), title=F.TEXT(stored=True)
    )


def build(store: IndexStore, count: int, title: str = "common words") -> None:
    with store.rebuild(schema()) as writer:
        for number in range(count):
            writer.add_document(id=str(number), model_label="tests.thing", title=title)


def titles(store: IndexStore) -> set[str]:
    with store.searcher() as searcher:
        return {document["title"] for document in searcher.documents()}


def process(root: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.search.store_process", str(root), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_no_index_until_one_is_built(tmp_path):
    store = IndexStore("fr", tmp_path)
    assert not store.exists()
    assert store.generation() is None
    with pytest.raises(adapter.EmptyIndexError):
        store.open()
    store.create(schema())
    assert store.exists() and store.generation() == 1
    with store.searcher() as searcher:
        assert searcher.doc_count() == 0


def test_the_default_root_is_the_setting(tmp_path):
    with override_settings(WAGTAIL_SOCIAL_SEARCH_INDEX_DIR=str(tmp_path)):
        assert IndexStore("en").path == tmp_path / "en"


def test_a_rebuild_answers_from_the_old_generation_until_its_swap(tmp_path):
    store = IndexStore("fr", tmp_path)
    build(store, 3, "old")
    opened_before = store.open()
    with store.rebuild(schema()) as writer:
        writer.add_document(id="1", model_label="tests.thing", title="new")
        assert titles(store) == {"old"}  # during the rebuild
        assert store.generation() == 1
    assert store.generation() == 2
    assert titles(store) == {"new"}
    # An index opened before the swap still reads its generation, which stays until it is let go.
    with opened_before.searcher() as searcher:
        assert searcher.doc_count() == 3
    assert store.generations() == ["gen-000001", "gen-000002"]
    assert store.collect_old_generations() == []
    del opened_before, searcher
    gc.collect()
    assert store.collect_old_generations() == ["gen-000001"]
    assert store.generations() == ["gen-000002"]


def test_a_failed_rebuild_leaves_the_current_index_alone(tmp_path):
    store = IndexStore("fr", tmp_path)
    build(store, 2, "kept")
    with pytest.raises(ZeroDivisionError), store.rebuild(schema()) as writer:
        writer.add_document(id="1", model_label="tests.thing", title="lost")
        1 / 0  # noqa: B018
    assert store.generation() == 1 and store.generations() == ["gen-000001"]
    assert titles(store) == {"kept"}
    build(store, 1, "next")  # the lock of the failed rebuild was released
    assert store.generation() == 2 and titles(store) == {"next"}


def test_the_writer_commits_or_cancels(tmp_path):
    store = IndexStore("fr", tmp_path)
    build(store, 1, "first")
    with store.writer() as writer:
        writer.add_document(id="2", model_label="tests.thing", title="second")
    with pytest.raises(KeyError), store.writer() as writer:
        writer.add_document(id="3", model_label="tests.thing", title="cancelled")
        raise KeyError
    assert titles(store) == {"first", "second"}
    assert store.lock_state().state == FREE and store.lock_state().writer is None
    assert store.last_update() is not None


@override_settings(WAGTAIL_SOCIAL_SEARCH_LOCK_TIMEOUT_SECONDS=1, WAGTAIL_SOCIAL_SEARCH_WRITE_ATTEMPTS=2)
def test_a_killed_writer_leaves_an_index_that_opens_and_a_free_lock(tmp_path):
    """A process holding the lock with a document added, uncommitted, is killed with SIGKILL.
    Meanwhile another writer waits (timeout × attempts, then ``WriteLockTimeout``) and the lock is
    reported held; after the kill the kernel has released the ``flock``: the lock is free at
    once, the index opens at its last commit, the next write succeeds and removes the dead
    writer's files."""
    store = IndexStore("fr", tmp_path)
    build(store, 2, "committed")
    folder = store.path / store.generation_name()
    files_before = set(os.listdir(folder))
    holder = process(tmp_path, "hold")
    try:
        assert holder.stdout.readline().strip() == "ready"
        state = store.lock_state()
        assert state.state == HELD and state.writer["pid"] == holder.pid
        started = time.monotonic()
        with pytest.raises(WriteLockTimeout), store.writer():
            pass
        assert time.monotonic() - started >= 2  # waited through both attempts
        with override_settings(WAGTAIL_SOCIAL_SEARCH_LOCK_STALE_SECONDS=1):
            time.sleep(1.1)
            assert store.lock_state().state == STALE  # held, and no progress for too long
        left_by_the_writer = set(os.listdir(folder)) - files_before - {"WRITER"}
        assert left_by_the_writer  # its segment, being written
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    state = store.lock_state()
    assert state.state == FREE and state.writer["pid"] == holder.pid  # the dead writer's record
    assert titles(store) == {"committed"}
    with store.writer() as writer:
        writer.add_document(id="after", model_label="tests.thing", title="after")
    assert titles(store) == {"committed", "after"}
    assert not left_by_the_writer & set(os.listdir(folder))
    assert store.lock_state() == LockState(FREE)  # the record of the dead writer is replaced


def test_writers_killed_at_random_moments_never_break_the_index(tmp_path):
    """A process commits batches in a loop and is killed with SIGKILL at a random moment, five
    times (some kills land inside a commit): each time the index opens and the next write
    goes through without waiting."""
    store = IndexStore("fr", tmp_path)
    build(store, 1)
    random.seed(12)
    for _ in range(5):
        churn = process(tmp_path, "churn")
        time.sleep(0.6 + random.uniform(0, 0.5))  # its start-up, then some commits
        churn.send_signal(signal.SIGKILL)
        churn.wait()
        assert store.lock_state().state == FREE
        with store.searcher() as searcher:
            assert searcher.doc_count() >= 1
        with (
            override_settings(
                WAGTAIL_SOCIAL_SEARCH_LOCK_TIMEOUT_SECONDS=1, WAGTAIL_SOCIAL_SEARCH_WRITE_ATTEMPTS=1
            ),
            store.writer() as writer,
        ):
            writer.add_document(id="probe", model_label="tests.thing", title="probe")
    with store.searcher() as searcher:
        assert searcher.doc_count() > 5


def test_four_processes_commit_through_the_writer_and_all_100_land(tmp_path):
    """4 processes × 25 commits each, started together. Through the store's writer, which waits
    for the lock: 100 of 100 land (about 2.5 s here). Through whoosh's plain writer, which does
    not wait: 75 of 100 failed with ``LockError`` in 3 of 4 runs (93 in the fourth): one process
    takes the lock and the others fail every commit while it runs."""
    results = {}
    for mode in ("plain", "commit"):
        root = tmp_path / mode
        IndexStore("fr", root).create(schema())
        go = root / "go"
        writers = [process(root, mode, str(number), "25", env={"GO_FILE": str(go)}) for number in range(4)]
        time.sleep(1.5)  # every process imported and waiting
        go.touch()
        failures = sum(int(writer.communicate(timeout=120)[0]) for writer in writers)
        with IndexStore("fr", root).searcher() as searcher:
            results[mode] = (failures, searcher.doc_count())
    assert results["commit"] == (0, 100)
    plain_failures, plain_documents = results["plain"]
    assert plain_failures > 0 and plain_documents == 100 - plain_failures


def test_searches_in_other_processes_always_answer_during_rebuilds(tmp_path):
    """Two processes search in a loop while this one rebuilds the index three times and writes
    between rebuilds: every search answers (none empty, none failing), from the old generation
    until a swap and from the new one after."""
    store = IndexStore("fr", tmp_path)
    build(store, 500)
    stop = tmp_path / "stop"
    searchers = [process(tmp_path, "search", str(stop)) for _ in range(2)]
    try:
        time.sleep(1.5)
        for _ in range(3):
            build(store, 3000)
            with store.writer() as writer:
                writer.add_document(id="between", model_label="tests.thing", title="common between")
            time.sleep(0.3)
    finally:
        stop.touch()
    for searcher in searchers:
        searches, empty, failed, *seen = searcher.communicate(timeout=60)[0].split()
        assert int(searches) > 10 and int(empty) == 0 and int(failed) == 0
        assert len(seen) >= 2  # read generations before and after swaps
    assert store.generation() == 4
    store.collect_old_generations()
    assert store.generations() == ["gen-000004"]


def test_a_rebuild_sorts_its_postings_in_the_memory_the_setting_gives(tmp_path):
    """One writer and one commit per rebuild, its postings kept in memory up to
    ``REBUILD_MEMORY_MB`` (whoosh's default, 128, spills them to temporary files); updates use
    the adapter's writer too (no ``stat()`` per posting at their flush and merges)."""
    store = IndexStore("fr", tmp_path)
    one_process = override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=1)
    with one_process, store.rebuild(schema()) as writer:
        assert isinstance(writer, adapter.SegmentWriter)
        assert writer.pool.limit == 512 * 1024 * 1024
    with (
        one_process,
        override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_MEMORY_MB=64),
        store.rebuild(schema()) as writer,
    ):
        assert writer.pool.limit == 64 * 1024 * 1024
        writer.add_document(id="1", model_label="tests.thing", title="kept")
    with store.writer() as writer:
        assert isinstance(writer, adapter.SegmentWriter)
        writer.add_document(id="2", model_label="tests.thing", title="added")
    assert titles(store) == {"kept", "added"}
