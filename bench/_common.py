"""Set-up shared by the bench scripts: Django on a throw-away SQLite file, a site with a
commenting section and employees, threaded comments, timing, and the performance doc."""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOC = REPO_ROOT / "docs" / "performance.md"


def setup_django(settings_module: str = "bench.settings") -> Path:
    """Configure Django on a fresh SQLite file in a new temporary directory, migrate, and
    return the directory (remove it with :func:`cleanup`)."""
    tmp = Path(tempfile.mkdtemp(prefix="wagtail-social-bench-"))
    os.environ["WAGTAIL_SOCIAL_BENCH_DB"] = str(tmp / "bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.pop("WAGTAIL_SOCIAL_TEST_DB", None)  # tests.settings would start a PostgreSQL
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return tmp


def cleanup(tmp: Path) -> None:
    from django.db import connections

    connections.close_all()
    shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class BenchSite:
    home: object
    section: object  # comments on for its subtree
    employee: object  # the reader: a plain employee, logged in
    colleagues: list = field(default_factory=list)


def build_site(colleagues: int = 5) -> BenchSite:
    """A home page as the default site's root (as the ``home`` test fixture), a section with
    comments on, an employee and a few colleagues."""
    from wagtail.models import Page
    from wagtail.models import Site as WagtailSite

    from tests.utils import add_page, make_user, set_policy

    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page, and with it its site
    home = add_page(Page.objects.get(depth=1), "Home")
    WagtailSite.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    section = add_page(home, "Section")
    set_policy(section, comments_enabled=True)
    employee = make_user("alice", first_name="Alice", last_name="Martin")
    others = [make_user(f"user{n}", first_name=f"User{n}", last_name="Durand") for n in range(colleagues)]
    return BenchSite(home, section, employee, others)


def add_comments(page, authors: list, count: int, label: str = "") -> None:
    """``count`` comments through xtd's own save (so thread_id, parent_id, level, order and
    nested_count are the engine's): a third top-level, the rest replies; the first replies
    answer the threads' roots, later ones answer earlier replies (levels 1 to 3)."""
    from django.db import transaction
    from django.utils import timezone

    from tests.utils import make_comment

    if not count:
        return
    start = timezone.now() - datetime.timedelta(days=2)
    made = []
    with transaction.atomic():
        for n in range(count):
            roots = max(1, count // 3)
            parent = None if n < roots else made[n - roots]
            made.append(
                make_comment(
                    page,
                    authors[n % len(authors)],
                    f"Comment {n}: a few words about {page.title}, with a link https://example.com/{n}.",
                    parent=parent,
                    submit_date=start + datetime.timedelta(seconds=60 * n),
                )
            )
            if (n + 1) % 100 == 0 or n + 1 == count:
                end = "" if sys.stderr.isatty() and n + 1 < count else "\n"
                print(f"\r  {label or page.title}: {n + 1}/{count} comments", end=end, file=sys.stderr)


def logged_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def page_getter(client, page):
    url = page.url

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url}: {response.status_code}")
        return response.content.decode()

    return get


def template_renderer(source: str, page, user, **context):
    """Render ``source`` alone with ``page`` (and ``context``) for ``user``, as a page template
    would (request context, session), outside any view; a new request each time, as caches
    live on it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string(source)
    url = page.url

    def render():
        request = RequestFactory().get(url)
        request.user = user
        request.session = SessionStore()
        return template.render({"page": page, **context}, request)

    return render


def count_queries(call) -> tuple[list[str], object]:
    """The SQL run by ``call()`` and what it returned."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = call()
    return [query["sql"] for query in captured.captured_queries], result


def median_ms(call, iterations: int = 30, warmups: int = 3) -> float:
    for _ in range(warmups):
        call()
    times = []
    for _ in range(iterations):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def interleaved_medians(calls: list, iterations: int = 30, warmups: int = 3) -> list[float]:
    """Median ms of each call, run in turn each round so background load hits them alike."""
    times = [[] for _ in calls]
    for round_ in range(warmups + iterations):
        for call, spent in zip(calls, times, strict=True):
            started = time.perf_counter()
            call()
            if round_ >= warmups:
                spent.append(time.perf_counter() - started)
    return [statistics.median(spent) * 1000 for spent in times]


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}"


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


DOC_INTRO = """# Performance

Measured by the scripts in `bench/` (scripts, not tests): run them all with `make bench`, or one
with `.venv/bin/python bench/page_render.py` from the repository root; `--write` replaces that
script's section of this page with the figures of the run. Each script builds its own site on a
throw-away SQLite file (WAL mode, DEBUG off) and renders pages through Django's test client.

The scripts: `bench/page_render.py` renders pages with 0 to 1,000 comments against a bare page,
and a page with page-view recording on and off (target: at most 1 more query and 10 % more time);
`bench/reactions.py` serves the site with a real multi-threaded server in a process of its own
and sends reactions from concurrent logged-in clients, against a bare view doing one INSERT in
the same run (target: at least 0.5× its requests per second).

This page was first written on {date}, on a {machine}. Each section says when and where its
figures were measured; compare figures from the same machine only.

**Ratios** are a case's median time over the median time of the *bare page*: the same page type,
served the same way, whose template lacks only the participation block. 1.0× means free; 2.0×
means the page takes twice as long to produce.

**Targets**
- The number of SQL queries of a page does not grow with the number of its comments.
- A page whose discussion holds 1,000 comments renders within 3× the bare page.
"""


def write_doc_section(name: str, body: str) -> None:
    """Replace the part of docs/performance.md between ``<!-- name:start -->`` and
    ``<!-- name:end -->`` (appended, or the doc created, when missing)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    if DOC.exists():
        text = DOC.read_text()
    else:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        text = DOC_INTRO.format(date=datetime.date.today().isoformat(), machine=machine())
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)
