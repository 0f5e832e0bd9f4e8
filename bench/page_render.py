"""What the participation block costs a page: SQL queries, time and HTML size of a page with
0 to 1,000 comments, against the same page type without the block, and against
django-comments-xtd's own ``render_xtdcomment_tree`` for reference.

Run from the repository root: ``.venv/bin/python bench/page_render.py [--write]``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common  # noqa: E402

SIZES = (0, 10, 100, 1000)
OUR_TAG = "{% load wagtail_social_tags %}{% social_participation page %}"
XTD_TREE = "{% load comments_xtd %}{% render_xtdcomment_tree for page %}"


@dataclass
class Row:
    case: str
    queries: int | None = None
    ms: float | None = None
    kb: float | None = None
    shown: int | None = None  # comments in the HTML
    sql: list[str] = field(default_factory=list)
    error: str = ""


def measure(case: str, call, iterations: int, warmups: int, shown_marker: str, expect: str = "") -> Row:
    """Queries of one call (after a first, warming call), then the median time over ``iterations``."""
    call()
    sql, html = _common.count_queries(call)
    if expect and expect not in html:
        raise AssertionError(f"{case}: {expect!r} not in the HTML")
    started = time.perf_counter()
    call()
    if time.perf_counter() - started > 0.5:  # keep the whole run within a few minutes
        iterations, warmups = max(5, iterations // 3), 1
        case += f" ({iterations} iterations)"
    ms = _common.median_ms(call, iterations, warmups)
    return Row(case, len(sql), ms, len(html.encode()) / 1024, html.count(shown_marker), sql)


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
    context, session), outside any view."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.template import engines
    from django.test import RequestFactory

    request = RequestFactory().get(page.url)
    request.user = user
    request.session = SessionStore()
    template = engines["django"].from_string(source)
    return lambda: template.render({"page": page}, request)


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
    from tests.utils import add_page

    site = _common.build_site()
    bare = add_page(site.section, "Bare page", BarePage)
    pages = {}
    for size in SIZES:
        pages[size] = add_page(site.section, f"Discussion of {size} comments")
        _common.add_comments(pages[size], [site.employee, *site.colleagues], size)
    client = _common.logged_in_client(site.employee)
    print("Rendering…", file=sys.stderr)

    bare_row = measure(
        "bare page (same page type, no block)", page_getter(client, bare), iterations, warmups, 'id="comment-'
    )
    by_size = {}
    for size in SIZES:
        by_size[size] = measure(
            f"page with block, {size:,} comments",
            page_getter(client, pages[size]),
            iterations,
            warmups,
            'id="comment-',
            expect=f"{size} comments",
        )
        print(f"  {by_size[size].case}: {by_size[size].ms:.1f} ms", file=sys.stderr)
    big = pages[SIZES[-1]]
    base_page = big.page_ptr  # comments point at wagtailcore.Page, whatever the page type
    ours = measure(
        f"block alone (`social_participation` tag), {SIZES[-1]:,} comments",
        template_renderer(OUR_TAG, big, site.employee),
        iterations,
        warmups,
        'id="comment-',
    )
    xtd_case = f"xtd `render_xtdcomment_tree` alone, {SIZES[-1]:,} comments"
    try:
        xtd = measure(
            xtd_case, template_renderer(XTD_TREE, base_page, site.employee), iterations, warmups, 'id="c'
        )
    except Exception as exc:  # reported, not fatal: it is a reference only
        xtd = Row(xtd_case, error=f"cannot render here: {type(exc).__name__}: {exc}")
        print(f"  {xtd_case}: {xtd.error}", file=sys.stderr)
    print(f"  {xtd_case}: {fmt(xtd.ms, '{:.1f}')} ms", file=sys.stderr)

    rows = [bare_row, *by_size.values(), ours, xtd]
    target = 3 * bare_row.ms
    worst = by_size[SIZES[-1]].ms
    check, diff = query_check(by_size)
    notes = [
        check,
        f"1,000-comment page: {worst / bare_row.ms:.2f}× the bare page "
        f"({'within' if worst <= target else 'OVER'} the 3× target).",
        "The block shows one page of threads (`WAGTAIL_SOCIAL_COMMENTS_PER_PAGE`, 20 by default) with "
        "their replies; xtd's tree shows every comment of the page, with no pagination.",
        "The two *alone* rows render just the tag in a template, outside any view; their ratio is "
        "still to the whole bare page.",
    ]
    if xtd.error:
        notes.append(f"xtd's tree: {xtd.error}")
    header = (
        f"## Page rendering (`bench/page_render.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on a {_common.machine()}, commit "
        f"{_common.git_commit()}: median of {iterations} requests after {warmups} warm-ups, through "
        "Django's test client logged in as an employee (so the comment form is rendered). Comments: a "
        "third top-level, the rest replies up to 3 levels deep, created through xtd's own save."
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
