"""Load tests of an endpoint against the bare one-INSERT view, shared by ``bench/reactions.py``
and ``bench/polls.py``: logged-in identities, the bench server in its own process, keep-alive
client threads running what a :class:`Script` asks, the report tables, and a timer of where a
request spends its time.

A script (one person's requests in one run) says what to send and checks each answer; the
runner sends, times and counts. The bare view's script is here: it is every bench's baseline.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlencode

from bench import _common

TARGET = 0.5  # our requests per second over the bare view's
BARE_PATH = "/bench/insert/"


@dataclass
class Identity:
    """A logged-in employee as a browser holds it: the session and CSRF cookies, the token."""

    user_id: int
    cookie: str
    csrf_token: str


@dataclass
class Case:
    name: str
    path: str
    fragment: bool = False  # our script's request (JSON answer); else a plain form post
    baseline: bool = False  # the bare one-INSERT view


BARE = Case(f"bare view, one INSERT (`POST {BARE_PATH}`)", BARE_PATH, baseline=True)


@dataclass
class Run:
    """One timed run of a case at a concurrency."""

    seconds: float
    requests: int
    latencies: list[float]
    statuses: Counter
    errors: list[str] = field(default_factory=list)
    server_cpu: float | None = None  # seconds of CPU the server process spent on the run

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def server_cpu_ms(self) -> float | None:
        """Server CPU per request: what the endpoint costs, whatever else loads the machine."""
        return (
            None if self.server_cpu is None or not self.requests else 1000 * self.server_cpu / self.requests
        )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def make_identities(users: int, prefix: str = "reader") -> list[Identity]:
    """``users`` employees, each logged in (a session row, as a login through the site makes)."""
    from django.middleware.csrf import get_token
    from django.test import Client, RequestFactory

    from tests.utils import make_user

    identities = []
    for n in range(users):
        user = make_user(f"{prefix}{n}", first_name=f"{prefix.title()}{n}", last_name="Bench")
        client = Client()
        client.force_login(user)
        request = RequestFactory().get("/")
        token = get_token(request)  # masked, as a page's form or cookie would hand it out
        secret = request.META["CSRF_COOKIE"]
        cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={secret}"
        identities.append(Identity(user.pk, cookie, token))
    return identities


# Request bodies, as a browser sends them


def header_token_body(identity: Identity, fields: dict) -> tuple[bytes, dict[str, str]]:
    """A urlencoded body with the CSRF token in the ``X-CSRFToken`` header (the reactions script)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": identity.csrf_token}
    return urlencode(fields, doseq=True).encode(), headers


def form_body(identity: Identity, fields: dict) -> tuple[bytes, dict[str, str]]:
    """A plain HTML form's post: urlencoded, the token in ``csrfmiddlewaretoken``."""
    fields = {"csrfmiddlewaretoken": identity.csrf_token, **fields}
    return urlencode(fields, doseq=True).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def form_data_body(identity: Identity, fields: dict) -> tuple[bytes, dict[str, str]]:
    """What ``fetch(url, {body: new FormData(form)})`` sends: multipart, the token a field."""
    boundary = f"----benchFormBoundary{uuid.uuid4().hex}"
    parts = []
    for name, values in {"csrfmiddlewaretoken": identity.csrf_token, **fields}.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    body = "".join(parts) + f"--{boundary}--\r\n"
    return body.encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


# Scripts: what one person sends in one run


class Script(Protocol):
    def request(self, n: int) -> tuple[bytes, dict[str, str]]:
        """The body and headers of this person's ``n``-th request of the run."""

    def answered(self, status: int, content: bytes) -> str | None:
        """Called for each 2xx/3xx answer, in order: what was wrong with it, or None."""

    def finished(self, count: int) -> None:
        """Called once the run is over (``count`` requests were planned)."""


class Ledger:
    """What the database must hold at the end, as the answered requests imply; kept by the
    client threads (one per person, so a person's entries have one writer)."""

    def __init__(self):
        self.inserted = 0  # rows of the bare view
        self.cursor: dict[int, int] = {}  # per person: where in the series their next run starts
        self.lock = threading.Lock()


class BareScript:
    """The baseline: one row inserted per request."""

    def __init__(self, identity: Identity, ledger: Ledger):
        self.identity, self.ledger, self.inserted = identity, ledger, 0

    def request(self, n: int):
        return header_token_body(self.identity, {"n": n})

    def answered(self, status: int, content: bytes) -> str | None:
        self.inserted += 1
        return None

    def finished(self, count: int) -> None:
        with self.ledger.lock:
            self.ledger.inserted += self.inserted


def bare_rows() -> int:
    from bench.benchapp.models import BenchRow

    return BenchRow.objects.count()


# The server, in a subprocess


class Server:
    def __init__(self, db: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "WAGTAIL_SOCIAL_BENCH_DB": str(db),
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(_common.REPO_ROOT), os.environ.get("PYTHONPATH")])
            ),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from bench._server import serve; serve()"],
            cwd=_common.REPO_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"the bench server did not start (said {line!r})")
        self.port = int(line)

    def cpu_seconds(self) -> float | None:
        """User and system CPU time of the server process so far (Linux), else None."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # the server exits at EOF on its stdin
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# Clients


def connect(connection: http.client.HTTPConnection) -> None:
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as browsers do


run_lock = threading.Lock()


def client_thread(
    port: int, case: Case, identity: Identity, script: Script, count: int, start: threading.Barrier, run: Run
) -> None:
    """``count`` requests of ``script`` over one keep-alive connection, as one logged-in person."""
    headers = {"Host": f"127.0.0.1:{port}", "Cookie": identity.cookie}
    if case.fragment:
        headers["X-Wagtail-Social"] = "1"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, statuses, errors = [], Counter(), []
    try:
        connect(connection)
    except OSError as exc:
        errors.append(f"cannot connect: {exc}")
        count = 0
    start.wait(timeout=60)  # the others start all the same
    try:
        for n in range(count):
            body, body_headers = script.request(n)
            started = time.perf_counter()
            connection.request("POST", case.path, body=body, headers={**headers, **body_headers})
            response = connection.getresponse()
            content = response.read()
            latencies.append(time.perf_counter() - started)
            statuses[response.status] += 1
            if response.will_close:
                connection.close()
                connect(connection)
            if not 200 <= response.status < 400:
                if len(errors) < 3:
                    errors.append(f"{response.status} {content[:200]!r}")
                continue
            error = script.answered(response.status, content)
            if error:
                errors.append(error)
    except Exception as exc:  # noqa: BLE001 - reported with the run
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()
        script.finished(count)
        with run_lock:
            run.latencies += latencies
            run.statuses += statuses
            run.errors += errors
            run.requests += len(latencies)


ScriptFactory = Callable[[Case, Identity, int], Script]  # (case, identity, its index) -> script


def timed_run(
    port: int, case: Case, identities: list[Identity], total: int, script_for: ScriptFactory
) -> Run:
    """``total`` requests spread over one client thread per identity, all starting at once."""
    run = Run(0.0, 0, [], Counter())
    per_client = total // len(identities)
    start = threading.Barrier(len(identities) + 1)
    threads = [
        threading.Thread(
            target=client_thread,
            args=(port, case, identity, script_for(case, identity, n), per_client, start, run),
            daemon=True,
        )
        for n, identity in enumerate(identities)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=120)
        if thread.is_alive():
            run.errors.append("a client thread did not finish within 120 s")
    run.seconds = time.perf_counter() - started
    return run


def warm_up_requests(concurrencies: list[int]) -> int:
    """Requests of the untimed warm-up of each case (spread over the largest set of clients)."""
    return 4 * max(concurrencies)


def serve_and_load(
    cases: dict[str, Case],
    identities: list[Identity],
    concurrencies: list[int],
    total: int,
    repeats: int,
    script_for: ScriptFactory,
) -> dict[tuple[int, str], list[Run]]:
    """Start the server on the bench's database file, warm it up, then run every case at every
    concurrency ``repeats`` times, the cases taking turns; the runs by (concurrency, case)."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()  # the server's threads have the file to themselves
    server = Server(Path(settings.DATABASES["default"]["NAME"]))
    log(f"Server on 127.0.0.1:{server.port} (pid {server.process.pid})")
    results: dict[tuple[int, str], list[Run]] = {}
    try:
        for case in cases.values():  # untimed: the server's first requests fill its caches
            timed_run(server.port, case, identities, warm_up_requests(concurrencies), script_for)
        for concurrency in concurrencies:
            clients = identities[:concurrency]
            for repeat in range(repeats):
                for name, case in cases.items():  # interleaved: A B C A B C …
                    cpu_before = server.cpu_seconds()
                    done = timed_run(server.port, case, clients, total, script_for)
                    cpu_after = server.cpu_seconds()
                    if cpu_before is not None and cpu_after is not None:
                        done.server_cpu = cpu_after - cpu_before
                    results.setdefault((concurrency, name), []).append(done)
                    log(
                        f"  {concurrency:>2} clients, {name:<4} run {repeat + 1}/{repeats}: "
                        f"{done.per_second:7.1f} req/s, server CPU {done.server_cpu_ms or 0:.1f} ms/req"
                        f"{'  ' + '; '.join(done.errors[:2]) if done.errors else ''}"
                    )
    finally:
        server.stop()
    return results


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
