"""Search: our whoosh backend against Wagtail's database backend, on one French corpus.

At ``--scale 1`` (the default): 20,000 documents, 5,000 pages (1,000 sections of 4 pages) and
15,000 comments of generated French intranet text (``bench/_search_corpus.py``), bulk-loaded,
then indexed and queried by our backend (``wagtail_social.search.backend``) and by Wagtail's
database backend (modelsearch's: FTS5 on SQLite, ``tsvector`` with the ``french`` configuration
on PostgreSQL) in the same process:

- indexing throughput (``update_index`` of each backend, documents per second);
- p50/p95 latency of a results page (the first 10 hits and the count) over a fixed list of
  queries typed without accents, on pages and on comments;
- relevance: a dozen French queries, each with the page expected in the top 3;
- the permission filter: latency of a page search by an employee in no group, with 0, 10, 100
  and 1,000 private communities (a section restricted to a group of its own, with a page and
  two comments) beside the corpus (target: flat); Wagtail's own way, the database backend on
  ``Page.objects.live().public()``, measured alongside.

By default the script runs itself twice, on SQLite and on PostgreSQL (embedded), each in a
process of its own. ``--whoosh-venv DIR`` runs the whoosh cases again (SQLite) with the python
of another virtualenv (one with ``whoosh-ng`` instead of ``whoosh-reloaded``) and reports both.

Run from the repository root: ``.venv/bin/python bench/search.py [--scale 1] [--write]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common

DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
BACKENDS = {"whoosh": "ours (whoosh)", "database": "Wagtail's database backend"}
RESTRICTED = (0, 10, 100, 1_000)
SLOW_SECONDS = 20.0  # a `.public()` query slower than this stops the larger levels
ONCE_SECONDS = 1.0  # a search slower than this (warm-up) is timed once


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def whoosh_version() -> str:
    from importlib import metadata

    for name in ("whoosh-ng", "whoosh-reloaded", "Whoosh"):
        try:
            return f"{name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return "whoosh (unknown)"


def setup(database: str, tmp_index: Path | None = None) -> Path:
    """Django on the bench settings; both backends configured, neither updated on save (the
    corpus is bulk-loaded and indexed by ``update_index``)."""
    if database == "postgres":
        os.environ["WAGTAIL_SOCIAL_BENCH_POSTGRES"] = "1"
    tmp = _common.setup_django()
    from django.test.utils import override_settings

    database_backend = {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    if database == "postgres":
        database_backend["SEARCH_CONFIG"] = "french"  # what a French site configures
    override_settings(
        WAGTAILSEARCH_BACKENDS={
            "default": database_backend,
            "social": {"BACKEND": "wagtail_social.search.backend", "AUTO_UPDATE": False},
        },
        WAGTAIL_SOCIAL_SEARCH_INDEX_DIR=str(tmp / "index"),
    ).enable()
    return tmp


def index(alias: str) -> float:
    """Seconds ``update_index`` takes for the backend ``alias``."""
    from io import StringIO

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", backend_name=alias, stdout=StringIO())
    return time.perf_counter() - started


class Searcher:
    """A results page of one backend: the first 10 hits (loaded from the database) and the count."""

    def __init__(self, kind: str, user):
        from modelsearch.backends import get_search_backend

        self.kind = kind
        self.backend = get_search_backend("social" if kind == "whoosh" else "default")
        self.options = {"user": user} if kind == "whoosh" else {}

    def results(self, query: str, queryset):
        return self.backend.search(query, queryset, **self.options)

    def page(self, query: str, queryset) -> tuple[list, int]:
        results = self.results(query, queryset)
        return list(results[:10]), results.count()


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000,
    }


def latencies(searchers: list[Searcher], querysets: list, queries: list[str], rounds: int) -> dict:
    """p50/p95 ms of each searcher over ``queries`` × ``querysets``, ``rounds`` times after a
    warm-up, the searchers taking turns on each query (background load hits them alike). A
    search whose warm-up took over ``ONCE_SECONDS`` is timed once, counted ``rounds`` times."""
    samples = {s.kind: [] for s in searchers}
    slow = set()
    for round_ in range(rounds + 1):
        for query in queries:
            for number, queryset in enumerate(querysets):
                for searcher in searchers:
                    key = (searcher.kind, query, number)
                    if key in slow and round_ > 1:
                        continue
                    started = time.perf_counter()
                    searcher.page(query, queryset)
                    elapsed = time.perf_counter() - started
                    if not round_ and elapsed > ONCE_SECONDS:
                        slow.add(key)
                    elif round_:
                        samples[searcher.kind] += [elapsed] * (rounds if key in slow else 1)
    return {kind: {**percentiles(values), "timed_once": sum(1 for k in slow if k[0] == kind)}
            for kind, values in samples.items()}  # fmt: skip


def relevance(searcher: Searcher, planted: dict[str, int]) -> list[dict]:
    """Each planted query: the rank of its page among the first 10 hits (None: not there)."""
    from wagtail.models import Page

    from bench._search_queries import PLANTED

    checks = []
    for query, title, *_rest in PLANTED:
        hits = [page.pk for page in searcher.results(query, Page.objects.live())[:10]]
        rank = hits.index(planted[title]) + 1 if planted[title] in hits else None
        checks.append({"query": query, "title": title, "rank": rank})
    return checks


def add_communities(corpus, kinds: list[str], existing: int, count: int) -> list[str]:
    """``count`` more private communities, indexed by each backend's ``add_bulk`` (pages and
    comments); the paths of every community section."""
    from modelsearch.backends import get_search_backend

    from bench._search_corpus import add_communities as build
    from bench.benchapp.models import SearchPage
    from wagtail_social.models import SearchableComment

    added = build(corpus.home, existing, count)
    pages = list(SearchPage.objects.filter(pk__in=added.page_ids))
    comments = list(SearchableComment.get_indexed_objects().filter(pk__in=added.comment_ids))
    assert len(comments) == len(added.comment_ids), "community comments not searchable"
    for kind in kinds:
        backend = get_search_backend("social" if kind == "whoosh" else "default")
        backend.add_bulk(SearchPage, pages)
        backend.add_bulk(SearchableComment, comments)
    return added.paths


def permissions(corpus, kinds: list[str], outsider, queries: list[str], rounds: int, scale: float) -> dict:
    """Page search latency for ``outsider`` (in no group) with 0 to 1,000 private communities
    beside the corpus; the database backend on ``.public()`` pages, once per query."""
    from django.db import DatabaseError
    from wagtail.models import Page

    levels = [n for n in RESTRICTED if n <= max(RESTRICTED[1], 1_000 * scale)]
    found: dict[str, dict] = {kind: {} for kind in kinds}
    too_slow, existing, paths = False, 0, []
    for count in levels:
        if count > existing:
            log(f"  {count} private communities…")
            paths = add_communities(corpus, kinds, existing, count - existing)
            existing = count
        assert len(paths) == count
        if "whoosh" in kinds:
            ours = Searcher("whoosh", outsider)
            leaked = [
                page.title
                for query in [*queries, "communaute"]
                for page in ours.results(query, Page.objects.live())[:10]
                if any(page.path.startswith(path) for path in paths)
            ]
            assert not leaked, f"{count} private communities: found {leaked[:3]}"
            found["whoosh"][count] = latencies([ours], [Page.objects.live()], queries, rounds)["whoosh"]
        if "database" in kinds and not too_slow:
            theirs = Searcher("database", outsider)
            public = Page.objects.live().public()
            samples = []
            try:
                for query in queries:
                    started = time.perf_counter()
                    theirs.page(query, public)
                    samples.append(time.perf_counter() - started)
                    if samples[-1] > SLOW_SECONDS:
                        too_slow = True
                        break
            except DatabaseError as error:  # SQLite: "Expression tree is too large"
                found["database"][count] = {"error": str(error).splitlines()[0]}
                too_slow = True
                continue
            found["database"][count] = {**percentiles(samples), "queries": len(samples)}
    return found


def run_one(args) -> dict:
    tmp = setup(args.database)
    try:
        from wagtail.models import Page

        from bench._search_corpus import build
        from bench._search_queries import QUERIES
        from tests.utils import make_user
        from wagtail_social.models import SearchableComment
        from wagtail_social.search.conf import settings as search_settings

        log(f"== {DATABASES[args.database]}, {whoosh_version()}")
        started = time.perf_counter()
        corpus = build(args.scale)
        loaded = time.perf_counter() - started
        documents = corpus.pages + corpus.comments
        log(f"  corpus: {corpus.pages} pages, {corpus.comments} comments in {loaded:.0f} s; indexing…")
        kinds = args.backends.split(",")
        indexing = {kind: index("social" if kind == "whoosh" else "default") for kind in kinds}
        employee = make_user("alice", first_name="Alice", last_name="Martin")
        searchers = [Searcher(kind, employee) for kind in kinds]
        log("  latency…")
        timed = latencies(searchers, [Page.objects.live(), SearchableComment], QUERIES, args.rounds)
        backends = {
            s.kind: {
                "index_s": indexing[s.kind],
                "per_second": documents / indexing[s.kind],
                **timed[s.kind],
                "relevance": relevance(s, corpus.planted),
            }
            for s in searchers
        }
        log("  permission filter…")
        restricted = permissions(corpus, kinds, employee, QUERIES[:12], args.rounds, args.scale)
        return {
            "database": args.database,
            "whoosh": whoosh_version(),
            "commit": _common.git_commit(),
            "machine": _common.machine(),
            "load": os.getloadavg()[0],
            "rebuild_processes": search_settings.REBUILD_PROCESSES,
            "corpus": {
                "pages": corpus.pages,
                "comments": corpus.comments,
                "vocabulary": corpus.vocabulary,
                "words": corpus.words,
                "sections": len(corpus.sections),
                "queries": len(QUERIES),
            },
            "rounds": args.rounds,
            "backends": backends,
            "permissions": restricted,
        }
    finally:
        _common.cleanup(tmp)


def run_child(python: str, database: str, args, backends: str = "whoosh,database") -> dict:
    out = Path(
        f"/tmp/wagtail-social-search-bench-{os.getpid()}-{database}-{Path(python).parent.parent.name}.json"
    )
    command = [
        python,
        str(Path(__file__).resolve()),
        "--scale",
        str(args.scale),
        "--rounds",
        str(args.rounds),
    ]
    command += ["--database", database, "--backends", backends, "--json", str(out)]
    subprocess.run(command, check=True, cwd=_common.REPO_ROOT)
    result = json.loads(out.read_text())
    out.unlink()
    return result


def main() -> int:
    from bench._search_report import document

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 20,000 documents (default)")
    parser.add_argument("--database", choices=("both", "sqlite", "postgres"), default="both")
    parser.add_argument("--backends", default="whoosh,database", help="of whoosh,database (default both)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds over the queries (default 5)")
    parser.add_argument("--whoosh-venv", help="a virtualenv whose python re-runs the whoosh cases (SQLite)")
    parser.add_argument("--json", help="write the results of one database as JSON (no report)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    if args.database != "both" and args.json:
        Path(args.json).write_text(json.dumps(run_one(args)))
        return 0
    databases = list(DATABASES) if args.database == "both" else [args.database]
    results = [run_child(sys.executable, database, args, args.backends) for database in databases]
    fork = None
    if args.whoosh_venv:
        fork = run_child(str(Path(args.whoosh_venv) / "bin" / "python"), "sqlite", args, "whoosh")
    body, ok = document(results, fork, args.scale, load_before)
    print(body)
    if args.write:
        _common.write_doc_section("search", body)
        log(f"\nWrote {_common.DOC.relative_to(_common.REPO_ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
