"""Reports of the load benches (``bench/reactions.py``, ``bench/polls.py``): where one request
spends its time (a timer of chosen functions), one request at a time in process, the load
table and its notes, and the command line every load bench shares."""

from __future__ import annotations

import os
import statistics
import time
from collections import Counter
from collections.abc import Callable

from bench import _common
from bench._load import TARGET, Case, log

# Where a request spends its time


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


REST = "the rest: middleware, routing, form parsing, response"


def breakdown(
    post, requests: int, phases: list[tuple[object, str, str]]
) -> tuple[float, list[tuple[str, float]]]:
    """Median ms of a request of ``post`` and of each phase in it, and the rest; ``phases`` are
    ``(module, function name, phase)``, the function replaced in its module while timed."""
    timer = PhaseTimer()
    for module, name, phase in phases:
        timer.wrap(module, name, phase)
    samples = []
    try:
        for _ in range(requests):
            timer.spent = Counter()
            started = time.perf_counter()
            post()
            total = time.perf_counter() - started
            samples.append({**timer.spent, REST: total - sum(timer.spent.values()), "total": total})
    finally:
        timer.restore()
    names = [*dict.fromkeys(phase for _module, _name, phase in phases), REST]
    median = {
        phase: statistics.median(s.get(phase, 0.0) for s in samples) * 1000 for phase in [*names, "total"]
    }
    return median["total"], [(phase, median[phase]) for phase in names]


def in_process_medians(
    posts: dict, cases: list[str], warmups: int
) -> tuple[dict[str, int], dict[str, float]]:
    """SQL statements of one request of each case after ``warmups`` untimed ones, and the median
    ms of 100, the cases taking turns; in this process, one at a time (no server, no concurrency)."""
    queries = {}
    for name in cases:
        for _ in range(warmups):
            posts[name]()
        sql, response = _common.count_queries(posts[name])
        if response.status_code not in (200, 302):
            raise AssertionError(f"{name}: {response.status_code} {response.content[:200]!r}")
        queries[name] = len(sql)
    medians = dict(
        zip(cases, _common.interleaved_medians([posts[name] for name in cases], 100, 10), strict=True)
    )
    return queries, medians


# Report


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def method(total: int, repeats: int) -> str:
    """How the load was run, for a report's header."""
    return (
        "Django's multi-threaded WSGI server (`ThreadedWSGIServer`, one thread per connection, "
        "`TCP_NODELAY`, DEBUG off, request logging off) in a process of its own on 127.0.0.1; the "
        "clients in another, each a thread with its own keep-alive connection and its own logged-in "
        "employee (session and CSRF cookies), all starting together. "
        f"Each run sends {total} POSTs; the cases take turns (A B C A B C …), {repeats} runs each, "
        "after an untimed warm-up; req/s is the median over the runs, latencies are over all "
        "their requests; server CPU is the server process's user and system time over a run's "
        "requests (median over the runs). SQLite file in WAL mode, `transaction_mode` IMMEDIATE, 20 s busy "
        "timeout, `synchronous=NORMAL`, a new connection per request (`CONN_MAX_AGE` 0); the "
        "rate limit is counted on each request (local-memory cache) with a ceiling never reached."
    )


def measured(load_before: str) -> str:
    return (
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on a {_common.machine()}, commit "
        f"{_common.git_commit()}, load average {load_before} before and {os.getloadavg()[0]:.1f} "
        "after the run."
    )


def report_table(results, concurrencies: list[int], cases: dict[str, Case]):
    """The load table; the lowest ratio to the bare view, and the runs that went wrong."""
    lines = [
        "| clients | case | req/s | × bare view | p50 ms | p95 ms | server CPU ms/req | requests | not 2xx/3xx |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    worst, failures = None, []
    for concurrency in concurrencies:
        bare = (
            statistics.median(r.per_second for r in results[(concurrency, "bare")])
            if (concurrency, "bare") in results
            else None
        )
        for name, case in cases.items():
            runs = results[(concurrency, name)]
            rate = statistics.median(r.per_second for r in runs)
            latencies = [s for r in runs for s in r.latencies]
            cpu = [r.server_cpu_ms for r in runs if r.server_cpu_ms is not None]
            statuses = sum((r.statuses for r in runs), Counter())
            bad = {code: n for code, n in statuses.items() if not 200 <= code < 400}
            errors = [e for r in runs for e in r.errors]
            if bad or errors:
                failures.append(f"{concurrency} clients, {name}: statuses {dict(bad)}, {errors[:3]}")
            ratio = rate / bare if bare else None
            if ratio is not None and not case.baseline:
                worst = ratio if worst is None else min(worst, ratio)
            cells = [
                str(concurrency),
                case.name,
                f"{rate:.0f}",
                "—" if ratio is None else f"{ratio:.2f}×",
                f"{percentile(latencies, 0.5) * 1000:.1f}",
                f"{percentile(latencies, 0.95) * 1000:.1f}",
                f"{statistics.median(cpu):.1f}" if cpu else "—",
                f"{sum(r.requests for r in runs):,}",
                ", ".join(f"{n}× {code}" for code, n in sorted(bad.items())) or "0",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines), worst, failures


def cpu_note(results, concurrencies: list[int], cases: dict[str, Case]) -> str:
    """Server CPU per request of each case over the bare view's: the cost of the endpoint
    itself, which lock waits and the machine's other load leave out of the req/s ratio."""

    def cpu(concurrency, name):
        values = [r.server_cpu_ms for r in results[(concurrency, name)] if r.server_cpu_ms is not None]
        return statistics.median(values) if values else None

    ratios = {}
    for concurrency in concurrencies:
        bare = cpu(concurrency, "bare") if (concurrency, "bare") in results else None
        for name, case in cases.items():
            ours = cpu(concurrency, name)
            if bare and ours and not case.baseline:
                ratios.setdefault(case.name, []).append(ours / bare)
    if not ratios:
        return "No server CPU ratio: the bare view was not run, or the CPU time could not be read."
    spans = [
        f"{name}: {min(values):.2f}×" + (f" to {max(values):.2f}×" if len(values) > 1 else "")
        for name, values in ratios.items()
    ]
    return "Server CPU per request over the bare view's: " + "; ".join(spans) + "."


def ratio_note(worst: float | None) -> str:
    if worst is None:
        return "No ratio: the bare view was not run."
    verdict = "meets" if worst >= TARGET else "**misses**"
    return (
        f"Lowest ratio: {worst:.2f}× the bare view's requests per second ({verdict} the ≥ {TARGET}× target)."
    )


def in_process_parts(cases: dict[str, Case], queries: dict, medians: dict, phases, what: str) -> list[str]:
    """The one-at-a-time table and, if measured, where ``what`` spends its time."""
    bare_ms = medians.get("bare")
    single = [
        "| case | SQL statements | median ms | × bare view's time |",
        "|---|---:|---:|---:|",
        *(
            f"| {cases[name].name} | {queries[name]} | {medians[name]:.1f} | "
            + (f"{medians[name] / bare_ms:.2f}× |" if bare_ms else "— |")
            for name in queries
        ),
    ]
    parts = [
        "One request at a time in the bench process, through Django's test client (same "
        "middleware, no server, no concurrency): median of 100, the cases taking turns.",
        "\n".join(single),
    ]
    if phases:
        total_ms, by_phase = phases
        parts += [
            f"Where {what} spends its time, one at a time: medians over the requests "
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
    return parts


def load_arguments(description: str, cases: str):
    """The command line of a load bench: its options, parsed."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--clients", default="8,16", help="concurrencies, comma-separated (default 8,16)")
    parser.add_argument("--requests", type=int, default=400, help="POSTs per run (default 400)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per case and concurrency (default 5)")
    parser.add_argument("--cases", default=cases, help=f"of {cases} (default all)")
    args = parser.parse_args()
    args.concurrencies = [int(n) for n in args.clients.split(",")]
    args.case_names = [name for name in args.cases.split(",") if name]
    unknown = set(args.case_names) - set(cases.split(","))
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    return args


def main(section: str, description: str, cases: str, run: Callable) -> int:
    """Parse the command line, run ``run(args)`` on a fresh database, print its report and,
    with ``--write``, put it in ``docs/performance.md`` as ``section``."""
    args = load_arguments(description, cases)
    tmp = _common.setup_django()
    try:
        report, ok = run(args)
    finally:
        _common.cleanup(tmp)
    print(report)
    if args.write:
        _common.write_doc_section(section, report)
        log(f"\nWrote {_common.DOC.relative_to(_common.REPO_ROOT)}")
    return 0 if ok else 1  # errors, refusals, or a database that disagrees with the answers
