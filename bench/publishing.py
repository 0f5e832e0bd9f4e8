"""What our apps add to an editor's work: the generation number while a draft is autosaved 100
times through Wagtail's own edit view (it must not move: each move empties what every process
keeps in memory), and the SQL statements our apps' signal receivers add to publishing a page,
of a type without the poll block and of one with it, against the same publish with our
receivers disconnected.

Run from the repository root: ``.venv/bin/python bench/publishing.py [--write]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common  # noqa: E402

AUTOSAVES = 100
PUBLISHES = 20  # timed publishes of each case, after a warm-up
OUR_TABLES = "wagtail_social"  # the prefix of every table of our apps


def generation_number() -> int:
    from wagtail_social.models import Generation

    return Generation.objects.get(pk=1).number


def autosaver(client, page):
    """What Wagtail 8's autosave sends while an editor types: the edit form, posted to the edit
    view asking for JSON; from the second time on, the revision the first one created, to
    overwrite. Returns a function that sends the next one."""
    from django.urls import reverse

    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    state = {"revision": None, "count": 0}

    def send():
        state["count"] += 1
        data = {"title": f"{page.title}, draft {state['count']}", "slug": page.slug}
        if state["revision"] is not None:
            data.update({"overwrite_revision_id": state["revision"], "loaded_revision_id": state["revision"]})
        response = client.post(url, data, headers={"Accept": "application/json"})
        answer = response.json() if response.status_code == 200 else {}
        if not answer.get("success"):
            raise AssertionError(
                f"autosave {state['count']}: {response.status_code} {response.content[:200]!r}"
            )
        state["revision"] = answer["revision_id"]

    return send


def autosaves(site, editor) -> tuple[list[list[str]], bool]:
    """The number before and after ``AUTOSAVES`` autosaves of a live page's draft and of a page
    never published (Wagtail writes the latter whole each time), the statements touching our
    tables in them, and the median time of one."""
    from django.test import Client

    from tests.testapp.models import PlainPage
    from tests.utils import add_page

    client = Client()
    client.force_login(editor)
    live = add_page(site.section, "Live page")
    draft = site.section.add_child(instance=PlainPage(title="Draft page", slug="draft-page", live=False))
    rows, ok = [], True
    for label, page in (("a live page's draft", live), ("a page never published", draft)):
        send = autosaver(client, page)
        before = generation_number()
        ours, times = 0, []
        for _ in range(AUTOSAVES):
            started = time.perf_counter()
            sql, _result = _common.count_queries(send)
            times.append(time.perf_counter() - started)
            ours += sum(OUR_TABLES in statement for statement in sql)
        after = generation_number()
        ok = ok and after == before and ours == 0
        rows.append([label, str(before), str(after), str(ours), f"{statistics.median(times) * 1000:.1f}"])
    return rows, ok


def publisher(page):
    """Publishing a new revision of ``page``, as ``revision.publish()`` does for every path
    (the admin's publish button, scheduled publishing, the API): returns a function that
    saves a revision and returns the statements and time of publishing it."""
    from django.db import reset_queries

    def publish():
        revision = page.save_revision()
        reset_queries()  # no request resets Django's query log here: it would fill up
        started = time.perf_counter()
        sql, _result = _common.count_queries(revision.publish)
        return sql, time.perf_counter() - started

    return publish


def publishing(site) -> tuple[list[list[str]], list[str], bool]:
    """For each page type: statements and median ms of a publish with our receivers and
    without, taking turns, on two pages in the same state; and what our apps' statements are."""
    from tests.testapp.models import PollPage
    from tests.utils import add_page, our_receivers_disconnected
    from wagtail_social_polls.models import Poll

    poll = Poll.objects.create(question="Lunch?")
    cases = [
        ("without a poll block (`PlainPage`)", lambda title: add_page(site.section, title), 1),
        (
            "with a poll block showing a poll (`PollPage`)",
            lambda title: add_page(site.section, f"Poll {title}", model=PollPage, body=[("poll", poll)]),
            3,
        ),
    ]
    rows, statements, ok = [], [], True
    for label, make_page, target in cases:
        ours, theirs = publisher(make_page("ours")), publisher(make_page("Wagtail alone"))
        counts = {"ours": [], "theirs": []}
        times = {"ours": [], "theirs": []}
        added: list[str] = []
        for round_ in range(PUBLISHES + 2):
            sql, spent = ours()
            with our_receivers_disconnected():
                sql_alone, spent_alone = theirs()
            if round_ < 2:  # warm-up: Django's and Wagtail's own caches
                continue
            counts["ours"].append(len(sql))
            counts["theirs"].append(len(sql_alone))
            times["ours"].append(spent)
            times["theirs"].append(spent_alone)
            added = [s for s in sql if OUR_TABLES in s]
            for statement in sql_alone:  # Wagtail itself reads the polls a StreamField shows
                if statement in added:
                    added.remove(statement)
        with_ours, alone = max(counts["ours"]), max(counts["theirs"])
        ok = ok and with_ours - alone <= target and min(counts["ours"]) - min(counts["theirs"]) <= target
        rows.append(
            [
                label,
                str(alone),
                str(with_ours),
                f"+{with_ours - alone}",
                f"{statistics.median(times['theirs']) * 1000:.1f}",
                f"{statistics.median(times['ours']) * 1000:.1f}",
            ]
        )
        statements.append(f"{label}: " + "; ".join(f"`{_shorten(s)}`" for s in added))
    return rows, statements, ok


def _shorten(statement: str) -> str:
    words = statement.split()
    return " ".join(words[:4]) + (" …" if len(words) > 4 else "")


def run() -> tuple[str, bool]:
    from django.contrib.auth.models import Group

    from tests.utils import make_user

    load_before = f"{os.getloadavg()[0]:.1f}"
    site = _common.build_site(colleagues=0)
    editor = make_user("editor", Group.objects.get(name="Editors"))
    autosave_rows, autosaves_ok = autosaves(site, editor)
    publish_rows, statements, publishing_ok = publishing(site)
    autosave_table = "\n".join(
        [
            "| autosaved | number before | number after | statements on our tables | median ms |",
            "|---|---:|---:|---:|---:|",
            *("| " + " | ".join(row) + " |" for row in autosave_rows),
        ]
    )
    publish_table = "\n".join(
        [
            "| page type | queries, Wagtail alone | queries, with our apps | added | ms, Wagtail alone | ms, with our apps |",
            "|---|---:|---:|---:|---:|---:|",
            *("| " + " | ".join(row) + " |" for row in publish_rows),
        ]
    )
    header = (
        "## Autosaves and publishing (`bench/publishing.py`)\n\n"
        f"Measured on {datetime.date.today().isoformat()} at commit `{_common.git_commit()}`, on a "
        f"{_common.machine()} (load average {load_before} at the start). An editor of Wagtail's "
        f"*Editors* group autosaves {AUTOSAVES} times through Wagtail's own edit view (the form "
        "posted with `Accept: application/json`, overwriting the revision the first autosave "
        "created, as the admin's script does); then pages are published with `revision.publish()` "
        f"{PUBLISHES} times each (after 2 warm-up publishes), with our apps' signal receivers and, "
        "taking turns, on a page in the same state with them disconnected "
        "(`tests.utils.our_receivers_disconnected`)."
    )
    notes = [
        (
            "Autosaves leave the generation number unchanged and touch none of our tables."
            if autosaves_ok
            else "**An autosave moved the generation number on, or touched our tables.**"
        ),
        (
            "Publishing: at most the generation bump on a page type without a poll block; the bump, "
            "one `DELETE` of stale content placements and one `INSERT … ON CONFLICT DO NOTHING` of "
            "the current ones with it."
            if publishing_ok
            else "**Publishing costs more statements than its target.**"
        ),
        "Statements our apps add: " + " — ".join(statements) + ".",
        "The target of issue 8: at most 1 query added to a publish (the generation bump), no "
        "placement statement on a page type without a poll block. A page type with the poll "
        "block also rewrites the page's placements from its content (2 statements, no read).",
    ]
    report = "\n\n".join([header, autosave_table, publish_table, "\n".join(f"- {note}" for note in notes)])
    return report, autosaves_ok and publishing_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args, _unknown = parser.parse_known_args()  # the load benches' options are not ours
    tmp = _common.setup_django()
    try:
        report, ok = run()
    finally:
        _common.cleanup(tmp)
    print(report)
    if args.write:
        _common.write_doc_section("publishing", report)
        print(f"\nWrote {_common.DOC.relative_to(_common.REPO_ROOT)}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
