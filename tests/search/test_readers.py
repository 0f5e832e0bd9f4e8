"""Searchers kept open between searches (``wagtail_social.search.readers``): a commit or a
rebuild is seen by the next search, a replaced generation is given back to the store, a
thread's searcher is its own."""

from __future__ import annotations

import threading

import pytest

from tests.search.test_store import build
from wagtail_social.search import adapter, readers
from wagtail_social.search.store import IndexStore


@pytest.fixture
def store(tmp_path):
    store = IndexStore("fr", tmp_path)
    build(store, 3, title="formation")
    yield store
    readers.close_all()


def hits(searcher, word: str) -> list[str]:
    return [hit["id"] for hit in searcher.search(adapter.query.Term("title", word), limit=None)]


def test_a_searcher_is_kept_between_searches_while_nothing_changes(store):
    with readers.searcher(store) as first:
        assert sorted(hits(first, "formation")) == ["0", "1", "2"]
    with readers.searcher(store) as second:
        assert second is first
        assert not second.is_closed


def test_no_index_yet_gives_no_searcher(tmp_path):
    with readers.searcher(IndexStore("fr", tmp_path)) as searcher:
        assert searcher is None


def test_a_commit_is_seen_by_the_next_search(store):
    with readers.searcher(store) as before:
        assert len(hits(before, "formation")) == 3
    with store.writer() as writer:
        writer.add_document(id="3", model_label="tests.thing", title="formation")
    with readers.searcher(store) as after:
        assert after is not before and before.is_closed
        assert sorted(hits(after, "formation")) == ["0", "1", "2", "3"]


def test_an_updated_document_is_found_once(store):
    """whoosh's own ``Searcher.refresh()`` would reuse the segment's reader with its old
    deletions, and find the document under both titles."""
    with readers.searcher(store) as searcher:
        assert len(hits(searcher, "formation")) == 3
    with store.writer() as writer:
        writer.update_document(id="1", model_label="tests.thing", title="sécurité")
    with readers.searcher(store) as searcher:
        assert sorted(hits(searcher, "formation")) == ["0", "2"]
        assert hits(searcher, "sécurité") == ["1"]
        assert searcher.doc_count() == 3


def test_a_rebuild_is_seen_and_the_old_generation_given_back(store):
    with readers.searcher(store) as before:
        assert before.generation_name == "gen-000001"
    build(store, 1, title="réunion")  # a rebuild: gen-000002 swapped in
    with readers.searcher(store) as after:
        assert after.generation_name == "gen-000002"
        assert hits(after, "réunion") == ["0"] and hits(after, "formation") == []
        # The replaced searcher no longer holds gen-000001: the store may delete it now.
        assert store.collect_old_generations() == ["gen-000001"]


def test_an_idle_thread_does_not_keep_a_replaced_generation(store, monkeypatch):
    monkeypatch.setattr(readers, "SWEEP_SECONDS", 0.0)
    opened, done = threading.Event(), threading.Event()

    def search_once_then_idle():
        with readers.searcher(store) as searcher:
            hits(searcher, "formation")
        opened.set()
        done.wait(10)  # alive, but searching no more

    thread = threading.Thread(target=search_once_then_idle)
    thread.start()
    try:
        assert opened.wait(10)
        build(store, 1)  # gen-000002
        assert store.collect_old_generations() == []  # still held by the idle thread
        with readers.searcher(store):  # any search of the process sweeps
            pass
        assert store.collect_old_generations() == ["gen-000001"]
    finally:
        done.set()
        thread.join()


def test_each_thread_searches_with_its_own_searcher(store):
    seen = []

    def search():
        with readers.searcher(store) as searcher:
            seen.append(searcher)
            hits(searcher, "formation")

    with readers.searcher(store) as mine:
        thread = threading.Thread(target=search)
        thread.start()
        thread.join()
    assert seen and seen[0] is not mine


def test_a_search_inside_a_search_of_the_same_index_gets_its_own_searcher(store):
    with readers.searcher(store) as outer:
        with readers.searcher(store) as inner:
            assert inner is not outer
            assert len(hits(inner, "formation")) == 3
        assert inner.is_closed and not outer.is_closed
        assert len(hits(outer, "formation")) == 3


def test_a_searcher_idle_too_long_is_closed_and_the_next_search_opens_one(store, monkeypatch):
    monkeypatch.setattr(readers, "SWEEP_SECONDS", 0.0)
    monkeypatch.setattr(readers, "IDLE_SECONDS", 0.0)
    with readers.searcher(store) as first:
        assert len(hits(first, "formation")) == 3
    with readers.searcher(store) as second:  # the sweep closed the first one, idle
        assert first.is_closed and second is not first
        assert len(hits(second, "formation")) == 3
