"""Other processes for ``tests/search/test_store.py``: writers and searchers of an index on disk,
each a Python of its own (no Django apps, only the settings the store reads).

Usage: ``python -m tests.search.store_process ROOT MODE [ARG]`` from the repository root:

* ``commit ID COUNT``: COUNT commits through the store's writer, one document each; prints the
  number that failed;
* ``plain ID COUNT``: the same through whoosh's plain writer (no waiting); prints the failures;
* ``hold``: open the writer, add a document, print ``ready``, and sleep (to be killed);
* ``churn``: commit documents in a loop, forever (to be killed at any moment);
* ``rebuild-hold``: start a rebuild on two worker processes, give them documents, print their
  process ids and sleep (to be killed before the commit);
* ``search STOPFILE``: search for "common" in a loop until STOPFILE exists; prints the
  generations seen and how many searches found nothing or failed.
"""

from __future__ import annotations

import os
import sys
import time

NAME = "fr"


def main(argv: list[str]) -> None:
    from django.conf import settings

    settings.configure(
        WAGTAIL_SOCIAL_SEARCH_LOCK_TIMEOUT_SECONDS=int(os.environ.get("LOCK_TIMEOUT", "10")),
        WAGTAIL_SOCIAL_SEARCH_WRITE_ATTEMPTS=int(os.environ.get("WRITE_ATTEMPTS", "5")),
        WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=2,
    )
    from wagtail_social.search import adapter
    from wagtail_social.search.store import IndexStore

    root, mode, args = argv[0], argv[1], argv[2:]
    store = IndexStore(NAME, root)
    if mode in ("commit", "plain"):
        ident, count = args[0], int(args[1])
        go = os.environ.get("GO_FILE")
        while go and not os.path.exists(go):  # start together, so that the writers overlap
            time.sleep(0.005)
        failed = 0
        for number in range(count):
            fields = {"id": f"{ident}-{number}", "model_label": "tests.thing", "title": "common words"}
            try:
                if mode == "commit":
                    with store.writer() as writer:
                        writer.add_document(**fields)
                else:
                    writer = store.open().writer()
                    writer.add_document(**fields)
                    writer.commit()
            except adapter.LockError:
                failed += 1
        print(failed)
    elif mode == "hold":
        with store.writer() as writer:
            writer.add_document(id="killed", model_label="tests.thing", title="never committed")
            print("ready", flush=True)
            time.sleep(600)
    elif mode == "churn":
        number = 0
        while True:
            with store.writer() as writer:
                for _ in range(20):
                    number += 1
                    writer.add_document(id=f"churn-{number}", model_label="tests.thing", title="common churn")
    elif mode == "rebuild-hold":
        schema = adapter.fields.Schema(
            id=adapter.fields.ID(stored=True, unique=True), title=adapter.fields.TEXT(stored=True)
        )
        with store.rebuild(schema) as writer:
            for number in range(2000):
                writer.add_document(id=f"held-{number}", title="common never committed")
            print(" ".join(str(task.pid) for task in writer.tasks), flush=True)
            time.sleep(600)
    elif mode == "search":
        stop, seen, empty, failed, searches = args[0], set(), 0, 0, 0
        query = adapter.query.Term("title", "common")
        while not os.path.exists(stop):
            searches += 1
            try:
                with store.searcher() as searcher:
                    if len(searcher.search(query, limit=1)) == 0:
                        empty += 1
                    seen.add(searcher.generation_name)
            except Exception as error:  # noqa: BLE001 - counted: the test asserts there are none
                print(f"error {type(error).__name__}: {error}", file=sys.stderr)
                failed += 1
        print(searches, empty, failed, " ".join(sorted(seen)))


def rebuild_in_a_daemon(root: str, results) -> None:
    """The target of a daemonic process (as a task queue's pool process is): a rebuild of 600
    documents; puts the writer's class name and the documents indexed in ``results``."""
    from django.conf import settings

    settings.configure(WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES=2)
    from wagtail_social.search import adapter
    from wagtail_social.search.store import IndexStore

    store = IndexStore(NAME, root)
    schema = adapter.fields.Schema(id=adapter.fields.ID(stored=True, unique=True))
    with store.rebuild(schema) as writer:
        for number in range(600):
            writer.add_document(id=str(number))
    with store.searcher() as searcher:
        results.put((type(writer).__name__, searcher.doc_count()))


if __name__ == "__main__":
    main(sys.argv[1:])
