"""The report of ``bench/search.py``: its section of ``docs/performance.md``, from the results
of each database's run (and of the whoosh fork's, if run)."""

from __future__ import annotations

import datetime
import os

DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
BACKENDS = {"whoosh": "ours (whoosh)", "database": "Wagtail's database backend"}
NOTE = (  # from profiling, not measured by each run
    "Where our time goes (cProfile, SQLite). Searching: a results page is one whoosh search "
    "per language index (the hits, then `len()` of the same results for the exact count), on "
    "searchers kept open per thread and reopened when the index's generation or table of "
    "contents changes (`search/readers.py`); the permission mask is a set of document numbers "
    "cached per segment and per combination of rules the person passes (`search/masks.py`), and "
    "a segment the mask hides whole is not searched; what a person passes is still read from the "
    "database at every search (3 queries). Indexing: whoosh-reloaded read each document's field "
    "length back with a `stat()` per posting when flushing and merging (`whoosh/codec/whoosh3.py`); "
    "our writer tells it once per field (`adapter.SegmentWriter`), a rebuild sorts its postings in "
    "memory (`WAGTAIL_SOCIAL_SEARCH_REBUILD_MEMORY_MB`) and analyses each distinct word once "
    "(`analysis.WordFilter`), on worker processes that each write a segment "
    "(`adapter.ParallelWriter`, `WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES`) while the command's "
    "process reads the rows and builds the documents. What is left is whoosh's own pure-Python "
    "work, about 10 µs per posting: flushing about 40% of a rebuild, analysis and adding "
    "documents about half, reading the rows from the database under a tenth; on 2 processors "
    "the workers use 15% more processor time than one process alone (each segment writes its "
    "own copy of the shared words). Wagtail's database backend writes through the "
    "database's own C code (FTS5, `tsvector`), which a pure-Python index cannot match on "
    "throughput. Its SQLite backend is slow on comments (seconds per search: its p95), and its "
    "`.public()` cannot run with 1,000 restrictions there."
)
FLAT = 1.5  # the permission filter is "flat" if 1,000 private communities cost under 1.5× none


def _hits(checks: list[dict]) -> int:
    return sum(1 for check in checks if check["rank"] is not None and check["rank"] <= 3)


def _rank(check: dict) -> str:
    rank = check["rank"]
    return "not in top 10" if rank is None else ("**1**" if rank == 1 else str(rank))


def main_table(results: list[dict]) -> list[str]:
    lines = [
        "| database | backend | indexing s | documents/s | p50 ms | p95 ms | relevance: top 3 |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for kind, figures in result["backends"].items():
            lines.append(
                f"| {DATABASES[result['database']]} | {BACKENDS[kind]} | {figures['index_s']:.1f} | "
                f"{figures['per_second']:,.0f} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
                f"{_hits(figures['relevance'])}/{len(figures['relevance'])} |"
            )
    return lines


def relevance_table(results: list[dict]) -> list[str]:
    columns = [(r, kind) for r in results for kind in r["backends"]]
    header = " | ".join(f"{BACKENDS[kind]}, {DATABASES[r['database']]}" for r, kind in columns)
    lines = [f"| query | expected page | {header} |", "|---|---|" + "---:|" * len(columns)]
    first = columns[0][0]["backends"][columns[0][1]]["relevance"]
    for index, check in enumerate(first):
        cells = [_rank(r["backends"][kind]["relevance"][index]) for r, kind in columns]
        lines.append(f"| `{check['query']}` | {check['title']} | " + " | ".join(cells) + " |")
    return lines


def permission_table(results: list[dict]) -> tuple[list[str], list[str]]:
    """The latency by number of private communities, and the verdicts on flatness."""
    columns = [(r, kind) for r in results for kind in r["permissions"] if r["permissions"][kind]]
    levels = sorted({int(level) for r, kind in columns for level in r["permissions"][kind]})
    labels = []
    for r, kind in columns:
        what = "ours, p50 / p95 ms" if kind == "whoosh" else "database backend, `.public()`, p50 / p95 ms"
        labels.append(f"{DATABASES[r['database']]}: {what}")
    lines = ["| private communities | " + " | ".join(labels) + " |", "|---:|" + "---:|" * len(columns)]
    for level in levels:
        cells = []
        for r, kind in columns:
            figures = r["permissions"][kind].get(str(level)) or r["permissions"][kind].get(level)
            if figures is None:
                cells.append("not run (failed or over 20 s a query at the level before)")
            elif "error" in figures:
                cells.append(f"**fails**: {figures['error']}")
            elif kind == "whoosh":
                cells.append(f"{figures['p50']:.1f} / {figures['p95']:.1f}")
            else:
                cells.append(f"{figures['p50']:.1f} / {figures['p95']:.1f} ({figures['queries']} queries)")
        lines.append(f"| {level:,} | " + " | ".join(cells) + " |")
    verdicts = []
    for r, kind in columns:
        by_level = {
            int(level): figures for level, figures in r["permissions"][kind].items() if "error" not in figures
        }
        top = max(by_level)
        ratio = by_level[top]["p50"] / by_level[0]["p50"]
        verdict = ""
        if kind == "whoosh":
            verdict = " (flat)" if ratio < FLAT else f" (**not flat**: over {FLAT}×)"
        verdicts.append(
            f"{BACKENDS[kind]}, {DATABASES[r['database']]}: p50 with {top:,} private communities "
            f"{ratio:.2f}× the p50 with none{verdict}."
        )
    return lines, verdicts


def targets(results: list[dict]) -> list[str]:
    """Plain verdicts: speed (indexing and query latency) and relevance against the database."""
    notes = []
    for r in results:
        ours, theirs = r["backends"].get("whoosh"), r["backends"].get("database")
        if not ours or not theirs:
            continue
        name = DATABASES[r["database"]]
        for label, key, better in (
            ("indexing", "per_second", "higher"),
            ("p50", "p50", "lower"),
            ("p95", "p95", "lower"),
        ):
            mine, other = ours[key], theirs[key]
            met = mine >= other if better == "higher" else mine <= other
            ratio = mine / other if other else float("inf")
            notes.append(
                f"{name}, {label}: ours {mine:,.1f} against {other:,.1f} ({ratio:.2f}×): "
                + ("meets" if met else "**misses**")
                + " the target (at least the database backend's speed)."
            )
        mine, other = _hits(ours["relevance"]), _hits(theirs["relevance"])
        verdict = "better" if mine > other else ("**the same**" if mine == other else "**worse**")
        notes.append(
            f"{name}, relevance: ours {mine}/12 in the top 3, the database backend {other}/12: {verdict}."
        )
    return notes


def fork_part(results: list[dict], fork: dict) -> list[str]:
    base = next(r for r in results if r["database"] == "sqlite")
    rows = [(base["whoosh"], base), (fork["whoosh"], fork)]
    lines = [
        "| whoosh | indexing s | documents/s | p50 ms | p95 ms | relevance: top 3 | p50 ms, 0 → most private communities |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for version, result in rows:
        figures = result["backends"]["whoosh"]
        levels = {int(level): f for level, f in result["permissions"]["whoosh"].items()}
        lines.append(
            f"| {version} | {figures['index_s']:.1f} | {figures['per_second']:,.0f} | {figures['p50']:.1f} | "
            f"{figures['p95']:.1f} | {_hits(figures['relevance'])}/12 | "
            f"{levels[0]['p50']:.1f} → {levels[max(levels)]['p50']:.1f} ({max(levels):,}) |"
        )
    return lines


def document(results: list[dict], fork: dict | None, scale: float, load_before: float) -> tuple[str, bool]:
    first = results[0]
    corpus = first["corpus"]
    intro = (
        "## Search (`bench/search.py`)\n\n"
        f"Measured {datetime.date.today().isoformat()} at commit `{first['commit']}` on a "
        f"{first['machine']}, each database in a process of its own; load average "
        f"{load_before:.1f} before the run and {os.getloadavg()[0]:.1f} after (the machine is shared: "
        f"compare figures of one run). Scale {scale:g}: {corpus['pages'] + corpus['comments']:,} "
        f"documents, {corpus['pages']:,} pages ({corpus['sections']:,} sections of 4 pages, the home "
        f"page) and {corpus['comments']:,} comments, {corpus['words']:,} words of generated French "
        f"intranet text over a vocabulary of {corpus['vocabulary']:,} forms (accents, elisions with "
        "straight and curly apostrophes, œ and æ), from a fixed seed (`bench/_search_words.py`, loaded by `bench/_search_corpus.py`). "
        "Our backend: `wagtail_social.search.backend`, each search filtered for an employee in no "
        "group (`user=`). Wagtail's: modelsearch's database backend, FTS5 on SQLite, `tsvector` "
        'with `SEARCH_CONFIG = "french"` on PostgreSQL. Indexing: `update_index` of each '
        "backend, the whole corpus; ours on "
        f"{first.get('rebuild_processes', 1)} worker process(es) (`WAGTAIL_SOCIAL_SEARCH_REBUILD_PROCESSES`, "
        "its default: one per processor), Wagtail's in the command's process. Latency: a results page (the first 10 hits loaded from the "
        f"database, and the count) for each of {corpus['queries']} queries typed without accents, on "
        f"`Page.objects.live()` and on comments, {first['rounds']} rounds after a warm-up, the "
        "backends taking turns; p50/p95 over every timed search (a search whose warm-up took "
        "over a second is timed once and counted for each round: "
        + "; ".join(
            f"{BACKENDS[kind]}, {DATABASES[r['database']]}: {figures['timed_once']}"
            for r in results
            for kind, figures in r["backends"].items()
        )
        + " of "
        + str(2 * corpus["queries"])
        + ")."
    )
    parts = [intro, "\n".join(main_table(results)), "\n".join(f"- {n}" for n in targets(results))]
    parts += [
        "**Relevance**: rank of the expected page among the first 10 hits of `Page.objects.live()` "
        "(a planted page titled with the words; one page in 7 and one comment in 11 mention them "
        "in passing, accented and inflected).",
        "\n".join(relevance_table(results)),
    ]
    table, verdicts = permission_table(results)
    parts += [
        "**The permission filter**: N private communities beside the corpus, each a section "
        "restricted to a group of its own with a page and two comments (4 documents), added in "
        "steps (10, then 90 more, then 900 more) and indexed by each backend's `add_bulk`; the "
        "first 12 queries on `Page.objects.live()` by an employee in none of the groups. Each "
        "level is checked: no hit of ours under a community (and `communaute`, in every "
        "community's title, finds none). Wagtail's own way, the database backend on "
        "`Page.objects.live().public()` (one `path` clause per restriction; it cannot filter "
        "comments at all), each query once.",
        "\n".join(table),
        "\n".join(f"- {v}" for v in verdicts),
        NOTE,
    ]
    if fork:
        parts += [
            "**Which whoosh** (see `docs/search.md`): the whoosh cases again on SQLite, in a "
            f"virtualenv with {fork['whoosh']} instead of {first['whoosh']} (nothing else changed; "
            "the database-backend figures are not re-run).",
            "\n".join(fork_part(results, fork)),
        ]
    return "\n\n".join(parts), True
