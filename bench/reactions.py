"""Requests per second of the reaction endpoint, served by a real multi-threaded server to
concurrent logged-in clients, against a bare Django view doing one INSERT in the same run.

Run from the repository root: ``.venv/bin/python bench/reactions.py [--write]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common  # noqa: E402
from bench._reactions_load import (  # noqa: E402
    CASES,
    KIND,
    PAGES,
    TARGET,
    Expected,
    Run,
    Server,
    build,
    log,
    percentile,
    timed_run,
)


def in_process_posts(site, pages) -> dict:
    """One POST of each case through the test client (same middleware, no server), as the
    employee of ``site``; the reaction cases toggle their like on the pages in turn."""
    from django.test import Client

    client = Client()
    client.force_login(site.employee)
    liked, turn = set(), iter(range(10**9))

    def react(**headers):
        page = pages[next(turn) % len(pages)]
        action = "remove" if page in liked else "add"
        liked.symmetric_difference_update({page})
        return client.post(CASES["ours"].path, {"page": page, "reaction": f"{action}:{KIND}"}, **headers)

    return {
        "bare": lambda: client.post(CASES["bare"].path, {"n": 0}),
        "ours": lambda: react(HTTP_X_WAGTAIL_SOCIAL="1"),
        "form": react,
    }


class PhaseTimer:
    """Exclusive time spent in a few functions, by phase: a phase's time leaves out the
    phases it calls (the lazy ``request.user`` is loaded inside the page check)."""

    def __init__(self):
        self.spent: Counter = Counter()
        self.stack: list[float] = []  # time spent in timed callees, per open phase
        self.patched: list[tuple[object, str, object]] = []

    def wrap(self, module, name: str, phase: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            self.stack.append(0.0)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = self.stack.pop()
                self.spent[phase] += elapsed - inner
                if self.stack:
                    self.stack[-1] += elapsed

        setattr(module, name, timed)
        self.patched.append((module, name, original))

    def restore(self) -> None:
        for module, name, original in reversed(self.patched):
            setattr(module, name, original)


def breakdown(post, requests: int) -> tuple[float, list[tuple[str, float]]]:
    """Median ms of a request of ``post`` and of each phase of our view in it, and the rest."""
    import django.contrib.auth.middleware as auth_middleware

    import wagtail_social.access as access
    import wagtail_social.generation as generation
    import wagtail_social.reactions as reactions
    import wagtail_social.views.gates as gates
    import wagtail_social.views.reactions as view

    timer = PhaseTimer()
    timer.wrap(auth_middleware, "get_user", "session and user (auth middleware)")
    timer.wrap(generation, "current", "generation number (one row)")
    timer.wrap(view, "reaction_target", "page and view restrictions (kept in memory)")
    timer.wrap(access, "can_participate", "participation policy and check")
    timer.wrap(gates, "policy_for", "participation policy and check")
    timer.wrap(gates, "retry_after", "rate limit (cache)")
    timer.wrap(reactions, "set_reaction", "the write (INSERT ... ON CONFLICT DO NOTHING / DELETE)")
    timer.wrap(reactions, "target_reactions", "counts of the target for the answer")
    rest = "the rest: middleware, routing, form parsing, response"
    samples = []
    try:
        for _ in range(requests):
            timer.spent = Counter()
            started = time.perf_counter()
            post()
            total = time.perf_counter() - started
            samples.append({**timer.spent, rest: total - sum(timer.spent.values()), "total": total})
    finally:
        timer.restore()
    phases = [
        *dict.fromkeys(phase for sample in samples for phase in sample if phase not in (rest, "total")),
        rest,
    ]
    median = {
        phase: statistics.median(s.get(phase, 0.0) for s in samples) * 1000 for phase in [*phases, "total"]
    }
    return median["total"], [(phase, median[phase]) for phase in phases]


def in_process(site, pages, cases: list[str]) -> tuple[dict[str, int], dict[str, float], tuple]:
    """SQL statements and median ms of one request of each case, in this process, one at a time
    (no server, no concurrency), and where our JSON request spends its time."""
    from bench.benchapp.models import BenchRow
    from wagtail_social.models import Reaction

    posts = in_process_posts(site, pages)
    queries = {}
    for name in cases:
        for _ in range(2 * len(pages)):  # warm: site roots, content types, each page's rules kept in memory
            posts[name]()
        sql, response = _common.count_queries(posts[name])
        if response.status_code not in (200, 302):
            raise AssertionError(f"{name}: {response.status_code} {response.content[:200]!r}")
        queries[name] = len(sql)
    medians = dict(
        zip(cases, _common.interleaved_medians([posts[name] for name in cases], 100, 10), strict=True)
    )
    phases = breakdown(posts["ours"], 200) if "ours" in cases else None
    BenchRow.objects.all().delete()
    Reaction.objects.all().delete()
    return queries, medians, phases


# The server, in a subprocess


def check_database(expected: Expected) -> tuple[list[str], int, int]:
    from bench.benchapp.models import BenchRow
    from wagtail_social.models import Reaction

    problems = []
    liked = {key for key, on in expected.liked.items() if on}
    stored = set(Reaction.objects.filter(kind=KIND, comment=None).values_list("user_id", "page_id"))
    if stored != liked:
        problems.append(
            f"reactions: {len(stored)} stored, {len(liked)} expected "
            f"({len(stored - liked)} extra, {len(liked - stored)} missing)"
        )
    if Reaction.objects.exclude(kind=KIND, comment=None).exists():
        problems.append("reactions of another kind or on comments were stored")
    rows = BenchRow.objects.count()
    if rows != expected.inserted:
        problems.append(f"baseline rows: {rows} stored, {expected.inserted} answered")
    return problems, len(stored), rows


def run(concurrencies: list[int], total: int, repeats: int, cases: list[str]) -> tuple[str, bool]:
    from django.conf import settings
    from django.db import connections

    load_before = f"{os.getloadavg()[0]:.1f}"
    log("Setting up…")
    site, pages, identities = build(max(concurrencies))
    log("In process, one request at a time…")
    queries, medians, phases = in_process(site, pages, cases)
    connections.close_all()  # the server's threads have the file to themselves
    db = Path(settings.DATABASES["default"]["NAME"])
    server = Server(db)
    log(f"Server on 127.0.0.1:{server.port} (pid {server.process.pid})")
    expected = Expected()
    results: dict[tuple[int, str], list[Run]] = {}
    try:
        for name in cases:  # warm-up, untimed: the server's first requests fill its caches
            timed_run(server.port, CASES[name], identities, pages, 4 * max(concurrencies), expected)
        for concurrency in concurrencies:
            clients = identities[:concurrency]
            for repeat in range(repeats):
                for name in cases:  # interleaved: A B C A B C …
                    done = timed_run(server.port, CASES[name], clients, pages, total, expected)
                    results.setdefault((concurrency, name), []).append(done)
                    log(
                        f"  {concurrency:>2} clients, {name:<4} run {repeat + 1}/{repeats}: "
                        f"{done.per_second:7.1f} req/s{'  ' + '; '.join(done.errors[:2]) if done.errors else ''}"
                    )
    finally:
        server.stop()
    load_after = f"{os.getloadavg()[0]:.1f}"
    problems, stored, rows = check_database(expected)
    table, worst, failures = report_table(results, concurrencies, cases)
    target_ok = worst is not None and worst >= TARGET
    header = (
        "## Reactions under load (`bench/reactions.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on a {_common.machine()}, commit "
        f"{_common.git_commit()}, load average {load_before} before and {load_after} after the run. "
        "Django's multi-threaded WSGI server (`ThreadedWSGIServer`, one thread per connection, "
        "`TCP_NODELAY`, DEBUG off, request logging off) in a process of its own on 127.0.0.1; the "
        "clients in another, each a thread with its own keep-alive connection and its own logged-in "
        "employee (session and CSRF cookies, `X-CSRFToken` header), all starting together. "
        f"Each run sends {total} POSTs; the cases take turns (A B C A B C …), {repeats} runs each, "
        "after an untimed warm-up; req/s is the median over the runs, latencies are over all "
        "their requests. SQLite file in WAL mode, `transaction_mode` IMMEDIATE, 20 s busy "
        "timeout, `synchronous=NORMAL`, a new connection per request (`CONN_MAX_AGE` 0); the "
        "rate limit is counted on each request (local-memory cache) with a ceiling never reached."
    )
    bare_ms = medians.get("bare")
    single = [
        "| case | SQL statements | median ms | × bare view's time |",
        "|---|---:|---:|---:|",
        *(
            f"| {CASES[name].name} | {queries[name]} | {medians[name]:.1f} | "
            + (f"{medians[name] / bare_ms:.2f}× |" if bare_ms else "— |")
            for name in cases
        ),
    ]
    parts = [header, table, notes(cases, queries, worst, target_ok, failures, problems, stored, rows)]
    parts += [
        "One request at a time in the bench process, through Django's test client (same "
        "middleware, no server, no concurrency): median of 100, the cases taking turns.",
        "\n".join(single),
    ]
    if phases:
        total_ms, by_phase = phases
        parts += [
            "Where our script request spends its time, one at a time: medians over 200 requests "
            f"({total_ms:.1f} ms with the timers); a phase's time leaves out the phases it calls "
            "(the session and user are loaded lazily, in the page check):",
            "\n".join(
                [
                    "| phase | median ms | share |",
                    "|---|---:|---:|",
                    *(f"| {phase} | {ms:.2f} | {ms / total_ms:.0%} |" for phase, ms in by_phase),
                ]
            ),
        ]
    return "\n\n".join(parts), not failures and not problems  # a missed target is reported, not an error


def notes(cases, queries, worst, target_ok, failures, problems, stored, rows) -> str:
    lines = [
        "Cases: **bare view**: a view that requires a logged-in user and does one "
        "`BenchRow.objects.create()`, answering JSON; **script**: our endpoint as our script "
        "calls it (`X-Wagtail-Social: 1`), answering the page's counts as JSON; **form post**: "
        "the same without JavaScript, answering a redirect to the page. Same middleware, same "
        f"server. Each person goes through {PAGES} pages in turn, adding a like where they have "
        "none and removing it where they have one.",
        (
            f"Lowest ratio: {worst:.2f}× the bare view's requests per second "
            f"({'meets' if target_ok else '**misses**'} the ≥ {TARGET}× target)."
            if worst is not None
            else "No ratio: the bare view was not run."
        ),
        (
            "Every answer was 2xx/3xx (no 5xx, no 429), and each JSON answer showed the like as "
            "its request left it. Database at the end as the answered requests imply: "
            f"{stored} likes standing, {rows:,} baseline rows."
            if not failures and not problems
            else "**Failures**: " + "; ".join(failures + problems)
        ),
    ]
    return "\n".join(f"- {line}" for line in lines)


def report_table(results, concurrencies, cases):
    lines = [
        "| clients | case | req/s | × bare view | p50 ms | p95 ms | requests | not 2xx/3xx |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    worst, failures = None, []
    for concurrency in concurrencies:
        bare = (
            statistics.median(r.per_second for r in results[(concurrency, "bare")])
            if (concurrency, "bare") in results
            else None
        )
        for name in cases:
            runs = results[(concurrency, name)]
            rate = statistics.median(r.per_second for r in runs)
            latencies = [s for r in runs for s in r.latencies]
            statuses = sum((r.statuses for r in runs), Counter())
            bad = {code: n for code, n in statuses.items() if not 200 <= code < 400}
            errors = [e for r in runs for e in r.errors]
            if bad or errors:
                failures.append(f"{concurrency} clients, {name}: statuses {dict(bad)}, {errors[:3]}")
            ratio = rate / bare if bare else None
            if ratio is not None and name != "bare":
                worst = ratio if worst is None else min(worst, ratio)
            cells = [
                str(concurrency),
                CASES[name].name,
                f"{rate:.0f}",
                "—" if ratio is None else f"{ratio:.2f}×",
                f"{percentile(latencies, 0.5) * 1000:.1f}",
                f"{percentile(latencies, 0.95) * 1000:.1f}",
                f"{sum(r.requests for r in runs):,}",
                ", ".join(f"{n}× {code}" for code, n in sorted(bad.items())) or "0",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines), worst, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--clients", default="8,16", help="concurrencies, comma-separated (default 8,16)")
    parser.add_argument("--requests", type=int, default=400, help="POSTs per run (default 400)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per case and concurrency (default 5)")
    parser.add_argument("--cases", default="bare,ours,form", help="of bare, ours, form (default all)")
    args = parser.parse_args()
    concurrencies = [int(n) for n in args.clients.split(",")]
    cases = [name for name in args.cases.split(",") if name]
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    tmp = _common.setup_django()
    try:
        report, ok = run(concurrencies, args.requests, args.repeats, cases)
    finally:
        _common.cleanup(tmp)
    print(report)
    if args.write:
        _common.write_doc_section("reactions", report)
        log(f"\nWrote {_common.DOC.relative_to(_common.REPO_ROOT)}")
    return 0 if ok else 1  # errors, 429s, or a database that disagrees with the answers


if __name__ == "__main__":
    sys.exit(main())
