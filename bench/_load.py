"""Load tests of an endpoint against the bare one-INSERT view, shared by ``bench/reactions.py``
and ``bench/polls.py``: logged-in identities, the bench server in its own process, and keep-alive
client threads running what a :class:`Script` asks (their reports: ``bench/_report.py``).

A script (one person's requests in one run) says what to send and checks each answer; the
runner sends, times and counts. The bare view's script is here: it is every bench's baseline.
"""

from __future__ import annotations

import http.client
import os
import socket
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
        """The body and headers of this person's ``n``-th request of the run (a script whose
        URL changes from one request to the next also sets ``self.path``, else the case's is used)."""

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
            path = getattr(script, "path", None) or case.path  # a script may name each request's URL
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers={**headers, **body_headers})
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
