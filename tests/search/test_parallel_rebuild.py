"""A rebuild on worker processes (``adapter.ParallelWriter``, ``REBUILD_PROCESSES``): every
document written once, in segments of the workers, whatever happens to a worker or to the
process that started them. The workers are real forked processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from django.test import override_settings

from tests.search.test_store import build, process, schema, titles
from wagtail_social.search import adapter
from wagtail_social.search.store import IndexStore

F = adapter.fields


def ids(store: IndexStore) -> list[str]:
    with store.searcher() as searcher:
        return sorted(document["id"] for document in searcher.documents())


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting for its parent does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_the_setting_chooses_the_writer(tmp_path):
    store = IndexStore("fr", tmp_path)
    with override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=2), store.rebuild(schema()) as writer:
        assert isinstance(writer, adapter.ParallelWriter)
        assert writer.procs == 2
        assert writer.subargs["limitmb"] == 256  # REBUILD_MEMORY_MB shared by the workers
    with override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=1), store.rebuild(schema()) as writer:
        assert not isinstance(writer, adapter.ParallelWriter)


@override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=2)
def test_two_workers_write_every_document_once_in_segments_of_their_own(tmp_path):
    store = IndexStore("fr", tmp_path)
    with store.rebuild(schema()) as writer:
        for number in range(1500):
            writer.update_document(
                id=f"{number:04d}", model_label="tests.thing", title=f"common word{number % 7}"
            )
        workers = list(writer.tasks)
    assert len(workers) == 2 and all(worker.exitcode == 0 for worker in workers)
    assert ids(store) == [f"{number:04d}" for number in range(1500)]
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2  # one segment per worker, no merge
        found = searcher.search(adapter.query.Term("title", "word3"), limit=None)
        assert sorted(hit["id"] for hit in found) == [f"{n:04d}" for n in range(1500) if n % 7 == 3]
    assert not multiprocessing.active_children()


@override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=2)
def test_a_document_given_twice_is_kept_once_as_last_given(tmp_path):
    """whoosh's ``update_document`` semantics, though the first may be in another worker's
    segment already."""
    store = IndexStore("fr", tmp_path)
    with store.rebuild(schema()) as writer:
        for number in range(1000):
            writer.update_document(id=str(number), model_label="tests.thing", title="first")
        writer.update_document(id="5", model_label="tests.thing", title="second")
    assert ids(store) == sorted(str(number) for number in range(1000))
    with store.searcher() as searcher:
        assert [hit["id"] for hit in searcher.search(adapter.query.Term("title", "second"))] == ["5"]


@override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=2)
def test_a_rebuild_smaller_than_a_batch_starts_no_process(tmp_path):
    store = IndexStore("fr", tmp_path)
    with store.rebuild(schema()) as writer:
        for number in range(40):
            writer.add_document(id=str(number), model_label="tests.thing", title="common")
    assert writer.tasks == []
    assert len(ids(store)) == 40


@override_settings(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=2)
def test_a_worker_that_fails_fails_the_rebuild_and_the_old_index_stays(tmp_path):
    """A document the worker cannot index (a number field given words): whoosh's own writer
    would wait for the worker forever or leave its segment out without a word."""
    store = IndexStore("fr", tmp_path)
    build(store, 10, title="old words")
    numbers = F.Schema(id=F.ID(stored=True, unique=True), title=F.TEXT(stored=True), size=F.NUMERIC(int))
    started = time.monotonic()
    with pytest.raises(adapter.WorkerFailed, match="exit code 1"), store.rebuild(numbers) as writer:
        for number in range(1200):
            writer.add_document(id=str(number), title="new", size="not a number" if number == 700 else number)
    assert time.monotonic() - started < 30
    assert store.generation() == 1 and store.generations() == ["gen-000001"]
    assert titles(store) == {"old words"}
    assert not multiprocessing.active_children()
    build(store, 5, title="next rebuild")  # the lock was given back
    assert titles(store) == {"next rebuild"}


def test_workers_stop_when_the_rebuilding_process_is_killed(tmp_path):
    """SIGKILL of the process that started the workers, before its commit: they stop (nobody
    is left to commit their segments), and the current index is untouched."""
    store = IndexStore("fr", tmp_path)
    build(store, 10, title="old words")
    holder = process(tmp_path, "rebuild-hold")
    pids = [int(pid) for pid in holder.stdout.readline().split()]
    assert len(pids) == 2 and all(running(pid) for pid in pids)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    deadline = time.monotonic() + 20
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in pids)
    assert titles(store) == {"old words"}
    build(store, 5, title="after")  # the rebuild lock is recovered
    assert titles(store) == {"after"}
    assert os.path.isdir(tmp_path / "fr")


def test_a_daemonic_process_rebuilds_in_itself(tmp_path):
    """A task queue's pool process is daemonic, and Python forbids it to start processes: its
    rebuild writes in the process itself."""
    from tests.search.store_process import rebuild_in_a_daemon

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    daemon = context.Process(target=rebuild_in_a_daemon, args=(str(tmp_path), results), daemon=True)
    daemon.start()
    assert results.get(timeout=60) == ("SegmentWriter", 600)
    daemon.join(timeout=10)
    assert daemon.exitcode == 0
