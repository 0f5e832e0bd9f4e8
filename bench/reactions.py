"""Requests per second of the reaction endpoint, served by a real multi-threaded server to
concurrent logged-in clients, against a bare Django view doing one INSERT in the same run.

Run from the repository root: ``.venv/bin/python bench/reactions.py [--write]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _load, _report  # noqa: E402
from bench._load import BareScript, log  # noqa: E402
from bench._reactions_load import CASES, KIND, PAGES, Expected, ReactionScript, build  # noqa: E402


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


def phases():
    """Where a reaction goes: ``(module, function, phase)`` for ``_report.breakdown``."""
    import django.contrib.auth.middleware as auth_middleware

    import wagtail_social.access as access
    import wagtail_social.endpoints as endpoints
    import wagtail_social.generation as generation
    import wagtail_social.reactions as reactions
    import wagtail_social.views.reactions as view

    return [
        (auth_middleware, "get_user", "session and user (auth middleware)"),
        (generation, "current", "generation number (one row)"),
        (view, "reaction_target", "page and view restrictions (kept in memory)"),
        (access, "can_participate", "participation policy and check"),
        (endpoints, "policy_for", "participation policy and check"),
        (endpoints, "retry_after", "rate limit (cache)"),
        (reactions, "set_reaction", "the write (INSERT ... ON CONFLICT DO NOTHING / DELETE)"),
        (reactions, "target_reactions", "counts of the target for the answer"),
    ]


def in_process(site, pages, cases: list[str]) -> tuple[dict[str, int], dict[str, float], tuple]:
    """SQL statements and median ms of one request of each case, in this process, one at a time
    (no server, no concurrency), and where our JSON request spends its time."""
    from bench.benchapp.models import BenchRow
    from wagtail_social.models import Reaction

    posts = in_process_posts(site, pages)
    # Warm: site roots, content types, each page's rules kept in memory.
    queries, medians = _report.in_process_medians(posts, cases, warmups=2 * len(pages))
    timed = _report.breakdown(posts["ours"], 200, phases()) if "ours" in cases else None
    BenchRow.objects.all().delete()
    Reaction.objects.all().delete()
    return queries, medians, timed


def check_database(expected: Expected) -> tuple[list[str], int, int]:
    from wagtail_social.models import Reaction

    problems = []
    liked = {key for key, on in expected.liked.items() if on}
    stored = set(Reaction.objects.filter(kind=KIND, target_type=None).values_list("user_id", "page_id"))
    if stored != liked:
        problems.append(
            f"reactions: {len(stored)} stored, {len(liked)} expected "
            f"({len(stored - liked)} extra, {len(liked - stored)} missing)"
        )
    if Reaction.objects.exclude(kind=KIND, target_type=None).exists():
        problems.append("reactions of another kind or on comments were stored")
    rows = _load.bare_rows()
    if rows != expected.inserted:
        problems.append(f"baseline rows: {rows} stored, {expected.inserted} answered")
    return problems, len(stored), rows


def run(args) -> tuple[str, bool]:
    concurrencies, cases = args.concurrencies, {name: CASES[name] for name in args.case_names}
    load_before = f"{os.getloadavg()[0]:.1f}"
    log("Setting up…")
    site, pages, identities = build(max(concurrencies))
    log("In process, one request at a time…")
    queries, medians, timed = in_process(site, pages, list(cases))
    expected = Expected()

    def script_for(case, identity, index):
        if case.baseline:
            return BareScript(identity, expected)
        return ReactionScript(case, identity, index, pages, expected)

    results = _load.serve_and_load(cases, identities, concurrencies, args.requests, args.repeats, script_for)
    problems, stored, rows = check_database(expected)
    table, worst, failures = _report.report_table(results, concurrencies, cases)
    header = (
        "## Reactions under load (`bench/reactions.py`)\n\n"
        f"{_report.measured(load_before)} {_report.method(args.requests, args.repeats)} Our script and the "
        "bare view send the CSRF token in the `X-CSRFToken` header, the form post as a form field."
    )
    parts = [header, table, notes(worst, failures, problems, stored, rows)]
    parts += _report.in_process_parts(cases, queries, medians, timed, "our script request")
    return "\n\n".join(parts), not failures and not problems  # a missed target is reported, not an error


def notes(worst, failures, problems, stored, rows) -> str:
    lines = [
        "Cases: **bare view**: a view that requires a logged-in user and does one "
        "`BenchRow.objects.create()`, answering JSON; **script**: our endpoint as our script "
        "calls it (`X-Wagtail-Social: 1`), answering the page's counts as JSON; **form post**: "
        "the same without JavaScript, answering a redirect to the page. Same middleware, same "
        f"server. Each person goes through {PAGES} pages in turn, adding a like where they have "
        "none and removing it where they have one.",
        _report.ratio_note(worst),
        (
            "Every answer was 2xx/3xx (no 5xx, no 429), and each JSON answer showed the like as "
            "its request left it. Database at the end as the answered requests imply: "
            f"{stored} likes standing, {rows:,} baseline rows."
            if not failures and not problems
            else "**Failures**: " + "; ".join(failures + problems)
        ),
    ]
    return "\n".join(f"- {line}" for line in lines)


if __name__ == "__main__":
    sys.exit(_report.main("reactions", __doc__.splitlines()[0], "bare,ours,form", run))
