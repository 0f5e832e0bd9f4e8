"""Supports of ideas under load, and the idea box at scale.

**Supports**: requests per second of the support endpoint, served by a real multi-threaded server
to concurrent logged-in clients, against the bare one-INSERT view in the same run (target: at
least 0.5× its requests per second). **Idea box**: a section page carrying the box with 10, 1,000
and 10,000 contributions and 100,000 supports in the database (bulk-loaded in SQL), as a logged-in
employee sees it: its SQL queries (asserted constant in the number of contributions) and its time
against a bare page of the same site (target: within 3×).

By default the script runs itself twice, on SQLite (the bench settings) and on PostgreSQL
(embedded, as ``bench/kpi.py`` starts it), each in a process of its own, and prints
(``--write``: writes) one section.

Run from the repository root: ``.venv/bin/python bench/contributions.py [--write]``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common, _load, _report
from bench._load import BareScript, log

SIZES = (10, 1_000, 10_000)
SUPPORTS = 100_000
PEOPLE = 2_000  # who wrote and supported the boxes' contributions
BOX_TARGET = 3.0  # the box page's time over the bare page's
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
VIEWS = {  # the box's GET parameters: the default listing, and the two other sorts
    "newest first": {},
    "most supported first": {"box-sort": "supported"},
    "not answered yet, oldest first": {"box-state": "unanswered", "box-sort": "unanswered"},
}


def setup(database: str) -> Path:
    """Django on the bench settings; on PostgreSQL, the server process is told where ours is."""
    if database == "postgres":
        os.environ["WAGTAIL_SOCIAL_BENCH_POSTGRES"] = "1"
    tmp = _common.setup_django()
    if database == "postgres":
        from django.conf import settings

        os.environ["WAGTAIL_SOCIAL_BENCH_POSTGRES_HOST"] = settings.DATABASES["default"]["HOST"]
        os.environ["WAGTAIL_SOCIAL_BENCH_POSTGRES_PORT"] = str(settings.DATABASES["default"].get("PORT", ""))
    return tmp


# Supports under load


def in_process(site, ideas, cases: list[str]) -> tuple[dict[str, int], dict[str, float]]:
    """SQL statements and median ms of one request of each case, through the test client as
    the site's employee (supporting the ideas in turn, then taking the support back)."""
    from django.test import Client

    from bench._contributions_load import support_path
    from bench.benchapp.models import BenchRow
    from wagtail_social.contributions.models import Contribution, Support

    client = Client()
    client.force_login(site.employee)
    supported, turn = set(), iter(range(10**9))

    def support(**headers):
        idea = ideas[next(turn) % len(ideas)]
        action = "remove" if idea in supported else "add"
        supported.symmetric_difference_update({idea})
        return client.post(support_path(idea), {"action": action}, **headers)

    posts = {
        "bare": lambda: client.post(_load.BARE_PATH, {"n": 0}),
        "ours": lambda: support(HTTP_X_WAGTAIL_SOCIAL="1"),
        "form": support,
    }
    queries, medians = _report.in_process_medians(posts, cases, warmups=2 * len(ideas))
    BenchRow.objects.all().delete()
    Support.objects.all().delete()
    Contribution.objects.update(support_count=0)
    return queries, medians


def run_load(args, cases: dict) -> tuple[_common.BenchSite, dict]:
    from bench._contributions_load import Expected, SupportScript, build_supports, check_supports

    concurrencies = args.concurrencies
    load_before = f"{os.getloadavg()[0]:.1f}"
    site, ideas, identities = build_supports(max(concurrencies))
    log("  in process, one request at a time…")
    queries, medians = in_process(site, ideas, list(cases))
    expected = Expected()

    def script_for(case, identity, index):
        if case.baseline:
            return BareScript(identity, expected)
        return SupportScript(case, identity, index, ideas, expected)

    results = _load.serve_and_load(cases, identities, concurrencies, args.requests, args.repeats, script_for)
    problems, stored = check_supports(expected, ideas)
    rows = _load.bare_rows()
    if rows != expected.inserted:
        problems.append(f"baseline rows: {rows} stored, {expected.inserted} answered")
    table, worst, failures = _report.report_table(results, concurrencies, cases)
    return site, {
        "measured": _report.measured(load_before),
        "table": table,
        "worst": worst,
        "failures": failures,
        "problems": problems,
        "cpu": _report.cpu_note(results, concurrencies, cases),
        "stored": stored,
        "rows": rows,
        "single": _report.in_process_parts(cases, queries, medians, None, "")[1],
    }


# The idea box


def run_box(site, iterations: int) -> dict:
    """Queries and median ms of each box page (each size, each listing) and of a bare page."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench._contributions_load import build_boxes, load_people, load_supports
    from bench.benchapp.models import BarePage
    from tests.utils import add_page
    from wagtail_social import db_statistics

    log("  idea boxes: people, contributions, supports…")
    people = load_people(PEOPLE)
    reader = get_user_model().objects.get(pk=people[0])
    boxes = build_boxes(site, SIZES, people, timezone.now())
    ideas = load_supports(SUPPORTS, people)
    bare = add_page(site.home, "Bare page", BarePage)
    # The planner's statistics, as the site's daily maintenance (purge_page_views) leaves them.
    db_statistics.refresh()
    client = _common.logged_in_client(reader)

    def getter(page, params=None):
        url = page.url

        def get():
            response = client.get(url, params or {})
            if response.status_code != 200:
                raise AssertionError(f"GET {url}: {response.status_code}")
            return response.content.decode()

        return get

    cases = {("bare", ""): getter(bare)}
    for view, params in VIEWS.items():
        for size, box in boxes.items():
            cases[(view, size)] = getter(box, params)
    queries, kb = {}, {}
    for key, call in cases.items():
        call()  # warm: the site's root, content types, the section's rules
        sql, html = _common.count_queries(call)
        if key[0] != "bare" and 'id="social-idea-box"' not in html:
            raise AssertionError(f"{key}: no idea box in the page")
        queries[key], kb[key] = len(sql), len(html.encode()) / 1024
    for view in VIEWS:  # the claim this bench makes: the box's queries do not grow
        counts = {size: queries[(view, size)] for size in SIZES}
        assert len(set(counts.values())) == 1, f"{view}: queries grow with the contributions: {counts}"
    log("  timing the pages…")
    medians = dict(
        zip(cases, _common.interleaved_medians(list(cases.values()), iterations, warmups=2), strict=True)
    )
    from django.db.models import Max

    from wagtail_social.contributions.models import Contribution, Support

    return {
        "rows": [
            [view, size, queries[(view, size)], medians[(view, size)], kb[(view, size)]]
            for view, size in cases
        ],
        "loaded": {
            "contributions": Contribution.objects.count(),
            "ideas": ideas,
            "supports": Support.objects.count(),
            "people": len(people),
            "most": Contribution.objects.aggregate(most=Max("support_count"))["most"],
            "reader": Support.objects.filter(user=reader).count(),
        },
    }


def run_one(database: str, args) -> dict:
    from bench._contributions_load import CASES

    tmp = setup(database)
    try:
        log(f"== {DATABASES[database]}")
        site, load = run_load(args, {name: CASES[name] for name in args.case_names})
        return {"database": database, "load": load, "box": run_box(site, args.iterations)}
    finally:
        _common.cleanup(tmp)


# The report


def load_part(result: dict, args) -> str:
    load = result["load"]
    name = DATABASES[result["database"]]
    ok = not load["failures"] and not load["problems"]
    notes = [
        _report.ratio_note(load["worst"]),
        load["cpu"],
        (
            "Every answer was 2xx/3xx (no 5xx, no 429), and each JSON answer said the support was "
            "as its request left it. Database at the end as the answered requests imply: "
            f"{load['stored']} supports standing, each idea's `support_count` equal to its supports, "
            f"{load['rows']:,} baseline rows."
            if ok
            else "**Failures**: " + "; ".join(load["failures"] + load["problems"])
        ),
    ]
    return "\n\n".join(
        [
            f"### {name}",
            load["measured"],
            load["table"],
            "\n".join(f"- {line}" for line in notes),
            f"One request at a time in the bench process ({name}), through Django's test client: "
            "median of 100, the cases taking turns.",
            load["single"],
        ]
    )


def box_part(results: list[dict]) -> str:
    first = results[0]["box"]
    loaded = first["loaded"]
    header = "| listing | contributions | " + " | ".join(
        f"{DATABASES[r['database']]} queries | ms | × bare page" for r in results
    )
    lines = [header + " | HTML KB |", "|---|---:|" + "---:|---:|---:|" * len(results) + "---:|"]
    bare = {r["database"]: next(row for row in r["box"]["rows"] if row[0] == "bare") for r in results}
    worst = {}
    for index, row in enumerate(first["rows"]):
        view, size, *_rest = row
        cells = []
        for result in results:
            _view, _size, queries, ms, _kb = result["box"]["rows"][index]
            ratio = ms / bare[result["database"]][3]
            if view != "bare":
                worst[result["database"]] = max(worst.get(result["database"], 0), ratio)
            cells.append(f"{queries} | {ms:.1f} | {ratio:.2f}×" + (" ⚠" if ratio > BOX_TARGET else ""))
        label = "bare page (same site, no participation block)" if view == "bare" else view
        lines.append(
            f"| {label} | {'—' if view == 'bare' else f'{size:,}'} | "
            + " | ".join(cells)
            + f" | {row[4]:.1f} |"
        )
    constant = []
    for result in results:
        counts = sorted({row[2] for row in result["box"]["rows"] if row[0] != "bare"})
        constant.append(f"{DATABASES[result['database']]} {', '.join(map(str, counts))}")
    verdicts = [
        f"{DATABASES[db]} {ratio:.2f}× ({'within' if ratio <= BOX_TARGET else '**over**'} the {BOX_TARGET:.0f}× target)"
        for db, ratio in worst.items()
    ]
    notes = [
        "Queries do not grow with the number of contributions: for each listing the bench asserts the "
        "same count at 10, 1,000 and 10,000 contributions (it stops otherwise). Counts by listing: "
        + "; ".join(constant)
        + ".",
        "Slowest box page over the bare page: " + "; ".join(verdicts) + ".",
        "What brought the page down (before it, 22 queries and 3.6 to 5.6× on SQLite): the "
        "section's pages with their view restrictions and the kinds switched on for each are kept in "
        "memory per generation (`access.readable_subtree`, `ideabox.kinds_by_page`), so a view reads no "
        "page, restriction or policy row; the listed pages' links and the site's state labels are kept "
        "per generation; the widgets of the empty forms (the box's filters, the page's three submission "
        "forms) are rendered once per process for each field, value and language "
        "(`wagtail_social.rendered_widgets`): Django's widget templates were a fifth of the page.",
        "The count and the page of ids read partial indexes on live contributions alone (`WHERE "
        "withdrawn_at IS NULL`), never a row. The count of every kind in any state reads a narrow one "
        "(`page, withdrawn_at`; the condition is then `page IN (…)` alone, every kind being on for "
        "every listed page), which PostgreSQL stores deduplicated: 12 pages for 10,000 contributions "
        "against the table's 513, and a new connection per request maps each page it reads (0.7 ms "
        "instead of 1.7). A filter by kind or state reads `page, kind, state, created_at, "
        "support_count, withdrawn_at, id` (conditions shaped `page IN (…) AND kind IN (…)`: SQLite uses "
        "no partial index inside the branches of an `OR`). From 1,000 matches the page of ids reads an "
        "index in the listing's order (`created_at, id` and `support_count, created_at, id`, then page, "
        "kind, state) and stops at the page's last row instead of sorting every match: at 10,000 "
        "contributions 0.01 ms instead of 0.7 on SQLite, 0.1 instead of 1.3 on PostgreSQL. A smaller "
        "listing is sorted by an expression no index serves (`COALESCE(created_at, created_at)`): the "
        "planner knows how many contributions a page holds on average, not how many the section's do, "
        "and would read through the rest of the site's. SQLite takes the ordered indexes only with "
        "the planner's statistics, which it never gathers by itself: `manage.py purge_page_views`, the "
        "daily job, refreshes them (`wagtail_social.db_statistics`: `ANALYZE` of wagtail_social's "
        "tables), and the bench calls the same function after its bulk load (on PostgreSQL after a "
        "`VACUUM ANALYZE`, as autovacuum would). The rest is the ten items' template and Wagtail's "
        "serving, the same at 10 and at 10,000 contributions.",
    ]
    return "\n\n".join(
        [
            "### The idea box",
            f"A section page carrying the idea box (the test app's `IdeaBoxPage`: the box block in its body, "
            f"and the page's own contributions block) over {_contribution_words(loaded)}, seen by a "
            f"logged-in employee who supports {loaded['reader']} of them, against a bare page of the same site (`BarePage`, no participation tag). "
            "Each box lists its section: 10 pages under it holding its contributions (6 in 10 "
            "ideas, 3 questions, 1 suggestion; states spread; 1 in 50 withdrawn, left out). Queries "
            "counted on one GET after a warm-up; median of interleaved GETs through Django's test client.",
            "\n".join(lines),
            "\n".join(f"- {line}" for line in notes),
        ]
    )


def _contribution_words(loaded: dict) -> str:
    return (
        f"three boxes of {', '.join(f'{s:,}' for s in SIZES)} contributions "
        f"({loaded['contributions']:,} in all, {loaded['ideas']:,} ideas) with {loaded['supports']:,} "
        f"supports by {loaded['people']:,} people, bulk-loaded in SQL (a few ideas gather up to "
        f"{loaded['most']:,} supports, most a few)"
    )


def document(results: list[dict], args) -> str:
    intro = (
        "## Contributions (`bench/contributions.py`)\n\n"
        f"Measured on {datetime.date.today().isoformat()} at commit `{_common.git_commit()}`, on a "
        f"{_common.machine()}, each database in a process of its own.\n\n"
        "**Supports under load**: " + _report.method(args.requests, args.repeats) + " On PostgreSQL "
        "(embedded, Unix socket) the same, a new connection per request too. Cases: **bare view**: "
        "a view that requires a logged-in user and does one `BenchRow.objects.create()`, answering "
        "JSON; **script**: the support endpoint as our script calls it (`X-Wagtail-Social: 1`), "
        "answering the idea's count as JSON; **form post**: the same without JavaScript, answering a "
        "redirect to the page. Each person goes through "
        "24 ideas on 12 pages in turn, supporting where they do not and taking the support back where "
        "they do (so both the `INSERT … ON CONFLICT DO NOTHING` and the `DELETE`, each with the "
        "idea's counter `UPDATE`, are measured)."
    )
    return "\n\n".join([intro, *(load_part(r, args) for r in results), box_part(results)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--database", choices=("both", "sqlite", "postgres"), default="both")
    parser.add_argument("--clients", default="8,16", help="concurrencies, comma-separated (default 8,16)")
    parser.add_argument("--requests", type=int, default=400, help="POSTs per run (default 400)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per case and concurrency (default 3)")
    parser.add_argument("--cases", default="bare,ours,form", help="of bare,ours,form (default all)")
    parser.add_argument("--iterations", type=int, default=20, help="GETs per box page (median)")
    parser.add_argument("--json", help=argparse.SUPPRESS)  # a child run's results
    args = parser.parse_args()
    args.concurrencies = [int(n) for n in args.clients.split(",")]
    args.case_names = [name for name in args.cases.split(",") if name]
    if args.database != "both" and args.json:
        Path(args.json).write_text(json.dumps(run_one(args.database, args)))
        return 0
    results = []
    for database in DATABASES if args.database == "both" else (args.database,):
        out = Path(f"/tmp/wagtail-social-contributions-bench-{os.getpid()}-{database}.json")
        command = [sys.executable, __file__, *sys.argv[1:], "--database", database, "--json", str(out)]
        command = [part for part in command if part != "--write"]
        subprocess.run(command, check=True)
        results.append(json.loads(out.read_text()))
        out.unlink()
    body = document(results, args)
    print(body)
    if args.write:
        _common.write_doc_section("contributions", body)
        log(f"\nWrote {_common.DOC.relative_to(_common.REPO_ROOT)}")
    failed = any(r["load"]["failures"] or r["load"]["problems"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
