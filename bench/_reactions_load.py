"""Shared parts of ``bench/reactions.py``: the identities, cases and runs, the bench
server in its own process, and the keep-alive client threads that load it."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench import _common

PAGES = 12  # pages the clients react to, each user going through all of them in turn
KIND = "like"
TARGET = 0.5  # our requests per second over the bare view's


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
    reactions: bool = True  # False: the baseline view


@dataclass
class Run:
    """One timed run of a case at a concurrency."""

    seconds: float
    requests: int
    latencies: list[float]
    statuses: Counter
    errors: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


CASES = {
    "bare": Case("bare view, one INSERT (`POST /bench/insert/`)", "/bench/insert/", reactions=False),
    "ours": Case("reaction endpoint, script (JSON)", "/social/reactions/", fragment=True),
    "form": Case("reaction endpoint, form post (302)", "/social/reactions/"),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Set-up, in this process, on the database file the server then shares


def build(users: int):
    """A section with reactions on, ``PAGES`` pages in it, and ``users`` logged-in employees."""
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import get_token
    from django.test import Client, RequestFactory

    from tests.utils import add_page, make_user, set_policy

    site = _common.build_site(colleagues=0)
    set_policy(site.section, comments_enabled=True, reactions_enabled=True)
    pages = [add_page(site.section, f"Reaction page {n}").pk for n in range(PAGES)]
    identities = []
    for n in range(users):
        user = make_user(f"reader{n}", first_name=f"Reader{n}", last_name="Bench")
        client = Client()
        client.force_login(user)  # a session row, as a login through the site makes
        request = RequestFactory().get("/")
        token = get_token(request)  # masked, as a page's form or cookie would hand it out
        secret = request.META["CSRF_COOKIE"]
        cookie = f"{client.cookies['sessionid'].value}"
        identities.append(Identity(user.pk, f"sessionid={cookie}; csrftoken={secret}", token))
    assert get_user_model().objects.filter(pk__in=[i.user_id for i in identities]).count() == users
    return site, pages, identities


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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # the server exits at EOF on its stdin
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# Clients


class Expected:
    """What the database must hold at the end: whether each (user, page) has a ``like``, after
    the last answered action; and how many baseline rows were inserted."""

    def __init__(self):
        self.liked: dict[tuple[int, int], bool] = {}
        self.cursor: dict[int, int] = {}  # per person: where in the pages their next run starts
        self.inserted = 0
        self.lock = threading.Lock()


def connect(connection: http.client.HTTPConnection) -> None:
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as browsers do


def client_thread(
    port: int,
    case: Case,
    identity: Identity,
    pages: list[int],
    count: int,
    offset: int,
    expected: Expected,
    start: threading.Barrier,
    run: Run,
) -> None:
    """``count`` requests over one keep-alive connection, as one logged-in person: on the pages
    in turn (carrying on from their previous run), adding a like where this person has none and
    removing it where they have one."""
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Cookie": identity.cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": identity.csrf_token,
    }
    if case.fragment:
        headers["X-Wagtail-Social"] = "1"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, statuses, errors, inserted = [], Counter(), [], 0
    cursor = expected.cursor.get(identity.user_id, offset)
    try:
        connect(connection)
    except OSError as exc:
        errors.append(f"cannot connect: {exc}")
        count = 0
    start.wait(timeout=60)  # the others start all the same
    try:
        for n in range(count):
            if case.reactions:
                page = pages[(cursor + n) % len(pages)]
                key = (identity.user_id, page)
                action = "remove" if expected.liked.get(key) else "add"
                body = urlencode({"page": page, "reaction": f"{action}:{KIND}"}).encode()
            else:
                body = urlencode({"n": n}).encode()
            started = time.perf_counter()
            connection.request("POST", case.path, body=body, headers=headers)
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
            if not case.reactions:
                inserted += 1
                continue
            expected.liked[key] = action == "add"  # one thread per person: no race on a key
            if case.fragment:
                shown = next(r for r in json.loads(content)["reactions"] if r["kind"] == KIND)
                if shown["pressed"] != (action == "add"):
                    errors.append(f"page {page}: {action} answered pressed={shown['pressed']}")
    except Exception as exc:  # noqa: BLE001 - reported with the run
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()
        with run_lock:
            run.latencies += latencies
            run.statuses += statuses
            run.errors += errors
            run.requests += len(latencies)
        with expected.lock:
            expected.inserted += inserted
            if case.reactions:
                expected.cursor[identity.user_id] = cursor + count


run_lock = threading.Lock()


def timed_run(port, case, identities, pages, total, expected) -> Run:
    """``total`` requests spread over one client thread per identity, all starting at once."""
    run = Run(0.0, 0, [], Counter())
    per_client = total // len(identities)
    start = threading.Barrier(len(identities) + 1)
    threads = [
        threading.Thread(
            target=client_thread,
            args=(port, case, identity, pages, per_client, n * 5, expected, start, run),
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


# Report


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
