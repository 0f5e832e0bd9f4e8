"""What the participation block costs a page: SQL queries, time and HTML size of a page with
0 to 1,000 comments, against the same page type without the block, and against
django-comments-xtd's own ``render_xtdcomment_tree`` for reference.

Run from the repository root: ``.venv/bin/python bench/page_render.py [--write]``.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common  # noqa: E402

SIZES = (0, 10, 100, 1000)
OUR_TAG = "{% load wagtail_social_tags %}{% social_participation page %}"
XTD_TREE = "{% load comments_xtd %}{% render_xtdcomment_tree for page %}"
OUR_MARKER, XTD_MARKER = '<li class="social-comment', 'id="c'  # one per comment in the HTML


@dataclass
class Row:
    case: str
    call: Callable[[], str] | None = None
    queries: int | None = None
    ms: float | None = None
    kb: float | None = None
    shown: int | None = None  # comments in the HTML
    sql: list[str] = field(default_factory=list)
    error: str = ""
    slow: bool = False  # a render over half a second: timed apart, fewer times


def probe(case: str, call, shown_marker: str, expect: str = "") -> Row:
    """Queries, HTML size and comments shown of one call, after a first, warming call."""
    call()
    started = time.perf_counter()
    sql, html = _common.count_queries(call)
    slow = time.perf_counter() - started > 0.5
    if expect and expect not in html:
        raise AssertionError(f"{case}: {expect!r} not in the HTML")
    return Row(
        case, call, len(sql), None, len(html.encode()) / 1024, html.count(shown_marker), sql, slow=slow
    )


def time_rows(rows: list[Row], iterations: int, warmups: int) -> None:
    """Median times; the fast cases interleaved, so that the machine's other load weighs on
    each case alike and the ratios stay meaningful."""
    fast = [row for row in rows if row.call and not row.slow]
    for row, ms in zip(
        fast, _common.interleaved_medians([r.call for r in fast], iterations, warmups), strict=True
    ):
        row.ms = ms
    for row in rows:
        if row.call and row.slow:  # keeps the whole run within a few minutes
            row.ms = _common.median_ms(row.call, min(iterations, 5), 1)
            row.case += f" ({min(iterations, 5)} iterations)"


def page_getter(client, page):
    url = page.url

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"GET {url}: {response.status_code}")
        return response.content.decode()

    return get


def template_renderer(source: str, page, user):
    """Render ``source`` alone with ``page`` for ``user``, as a page template would (request
    context, session), outside any view; a new request each time, as caches live on it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string(source)
    url = page.url

    def render():
        request = RequestFactory().get(url)
        request.user = user
        request.session = SessionStore()
        return template.render({"page": page}, request)

    return render


def normalized(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def query_check(rows: dict[int, Row]) -> tuple[str, list[str]]:
    """A note on whether queries are constant in N, and the diff of the query lists if not."""
    counts = {size: rows[size].queries for size in SIZES if size}
    if len(set(counts.values())) == 1:
        return f"Queries constant in the number of comments: {counts[10]} for 10, 100 and 1,000.", []
    lines = []
    base = [normalized(q) for q in rows[10].sql]
    for size in (100, 1000):
        other = [normalized(q) for q in rows[size].sql]
        if other != base:
            diff = difflib.unified_diff(base, other, "10 comments", f"{size} comments", lineterm="", n=0)
            lines += ["```diff", *diff, "```"]
    return f"**Queries are NOT constant in the number of comments**: {counts}.", lines


def table_of(sql: str, specific: tuple[str, ...] = ()) -> str:
    """The table a query reads (its outermost FROM); the specific page tables as one."""
    for match in re.finditer(r'FROM "(\w+)"', sql):
        if sql.count("(", 0, match.start()) == sql.count(")", 0, match.start()):
            return "(specific page)" if match.group(1) in specific else match.group(1)
    return sql.split()[0]


def most_repeated(sql: list[str]) -> str:
    query, times = Counter(normalized(q) for q in sql).most_common(1)[0]
    return f"{times}× `{query[:150]}…`"


def fmt(value, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


def table(rows: list[Row], bare_ms: float) -> str:
    lines = [
        "| case | queries | median ms | × bare page | HTML KB | comments in HTML |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = row.ms / bare_ms if row.ms is not None else None
        cells = [
            fmt(row.queries, "{}"),
            fmt(row.ms, "{:.1f}"),
            fmt(ratio, "{:.2f}×"),
            fmt(row.kb, "{:.1f}"),
            fmt(row.shown, "{}"),
        ]
        lines.append(f"| {row.case} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run(iterations: int, warmups: int) -> str:
    from bench.benchapp.models import BarePage
    from tests.testapp.models import PlainPage
    from tests.utils import add_page

    load_before = f"{os.getloadavg()[0]:.1f}"
    site = _common.build_site()
    bare = add_page(site.section, "Bare page", BarePage)
    pages = {}
    for size in SIZES:
        pages[size] = add_page(site.section, f"Discussion of {size} comments")
        _common.add_comments(pages[size], [site.employee, *site.colleagues], size)
    client = _common.logged_in_client(site.employee)
    print("Rendering…", file=sys.stderr)

    bare_row = probe("bare page (same page type, no block)", page_getter(client, bare), OUR_MARKER)
    by_size = {
        size: probe(
            f"page with block, {size:,} comments",
            page_getter(client, pages[size]),
            OUR_MARKER,
            expect=f"{size} comments",
        )
        for size in SIZES
    }
    big = pages[SIZES[-1]]
    ours = probe(
        f"block alone (`social_participation` tag), {SIZES[-1]:,} comments",
        template_renderer(OUR_TAG, big, site.employee),
        OUR_MARKER,
    )
    xtd_case = f"xtd `render_xtdcomment_tree` alone, {SIZES[-1]:,} comments"
    try:  # comments point at wagtailcore.Page, whatever the page type: give xtd that object
        xtd = probe(xtd_case, template_renderer(XTD_TREE, big.page_ptr, site.employee), XTD_MARKER)
    except Exception as exc:  # reported, not fatal: it is a reference only
        xtd = Row(xtd_case, error=f"cannot render here: {type(exc).__name__}: {exc}")
    rows = [bare_row, *by_size.values(), ours, xtd]
    time_rows(rows, iterations, warmups)
    for row in rows:
        print(f"  {row.case}: {fmt(row.ms, '{:.1f} ms')} {row.error}", file=sys.stderr)

    worst = by_size[SIZES[-1]].ms / bare_row.ms
    check, diff = query_check(by_size)
    specific = (PlainPage._meta.db_table, BarePage._meta.db_table)
    added = Counter(table_of(q, specific) for q in by_size[SIZES[-1]].sql) - Counter(
        table_of(q, specific) for q in bare_row.sql
    )
    notes = [
        check,
        "Queries the block adds to the bare page, by table: "
        + ", ".join(f"{name} {n}" for name, n in sorted(added.items()))
        + " (the bare template never touches `request.user`, so it loads no session or user).",
        f"1,000-comment page: {worst:.2f}× the bare page ({'within' if worst <= 3 else 'OVER'} the 3× target).",
        "The block shows one page of threads (`WAGTAIL_SOCIAL_COMMENTS_PER_PAGE`, 20 by default) with "
        "all their replies; xtd's tree shows every comment of the page, with no pagination.",
        "The two *alone* rows render just the tag in a template, outside any view; their ratio is "
        "still to the whole bare page.",
        f"xtd's tree: {xtd.error}" if xtd.error else f"xtd's most repeated query: {most_repeated(xtd.sql)}",
    ]
    header = (
        f"## Page rendering (`bench/page_render.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on a {_common.machine()}, commit "
        f"{_common.git_commit()}, load average {load_before} before and {os.getloadavg()[0]:.1f} after "
        f"the run: median of {iterations} renders after {warmups} warm-ups, the cases taking turns, "
        "through Django's test client logged in as an employee (so the comment form is rendered). "
        "Comments: a third top-level, the rest replies up to 3 levels deep, created through xtd's "
        "own save; queries counted on one render after a warm-up."
    )
    notes = "\n".join(f"- {note}" for note in notes)
    return "\n\n".join([header, table(rows, bare_row.ms), notes, *(["\n".join(diff)] if diff else [])])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    args = parser.parse_args()
    tmp = _common.setup_django()
    try:
        report = run(args.iterations, args.warmups)
    finally:
        _common.cleanup(tmp)
    print(report)
    if args.write:
        _common.write_doc_section("page_render", report)
        print(f"\nWrote {_common.DOC.relative_to(_common.REPO_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
