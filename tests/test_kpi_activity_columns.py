"""Contributions by status per page and per section in the participation reports, exports and
command (``wagtail_social_kpi/tables.py``): the KPI app shows a feature's activity kinds it has
no fixed column for (ideas, questions, suggestions, supports), labelled with what the feature
registered (``Activity.label``, ``Activity.detail_labels``), without importing it.

The hand-built dataset is ``tests/kpi_dataset.py``'s (k = 3; range R, 2–29 November 2026) and,
all at noon on 10 November 2026 unless said otherwise:

* "News one" (n1): ideas new by p1 p2 p3 p4 (4), accepted by p5 p6 p7 (3), declined by p8 (1);
  p9 p10 p11 support p5's idea (3 supports); an idea by p1 on 1 December (after R).
* "News two" (n2): ideas under review by p1 p2 p3 p4 (4).
* "=1+1" (a page of News whose title a spreadsheet would run): ideas done by p4 … p8 (5).
* "Training plan" (h1, in HR): questions open by p9, answered by p10, closed by p11.
* "Private topic" (c1, Members only): an idea new by p9.

So n1 shows 8 ideas: new 4, accepted *hidden* (3, but it would give the declined idea by
subtraction), declined *fewer than 3*. The section News, for a viewer who is no member of the
private community: 17 ideas by 8 people, new 4, under review 4, accepted *hidden* (the smallest),
done 5, declined *fewer than 3*; for a member, new 5 and 18 ideas.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from tests import kpi_dataset
from tests.contributions_helpers import make_contribution
from tests.kpi_dataset import KPI_SETTINGS, PARIS, R
from tests.test_kpi_command import export, read_csv
from tests.test_kpi_reports import PAGES, exported_rows, grant
from tests.utils import add_page
from wagtail_social.contributions.models import Support
from wagtail_social_kpi import privacy, tables

pytestmark = pytest.mark.django_db

FORMULA = "=1+1"
FEWER = "fewer than 3"
HIDDEN = "hidden"
NOON = datetime.datetime(2026, 11, 10, 12, tzinfo=PARIS)


def ideas(data, page: str, state: str, *people: str, when=NOON, kind="idea"):
    return [
        make_contribution(
            data.pages[page],
            data.people[person],
            kind,
            title=f"{state} {person}",
            state=state,
            created_at=when,
        )
        for person in people
    ]


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        data = kpi_dataset.build(home)
        data.pages["formula"] = add_page(data.pages["news"], FORMULA, slug="formula")
        ideas(data, "n1", "new", "p1", "p2", "p3", "p4")
        supported = ideas(data, "n1", "accepted", "p5", "p6", "p7")[0]
        ideas(data, "n1", "declined", "p8")
        ideas(data, "n1", "new", "p1", when=datetime.datetime(2026, 12, 1, 12, tzinfo=PARIS))
        for person in ("p9", "p10", "p11"):
            Support.objects.create(contribution=supported, user=data.people[person], created_at=NOON)
        ideas(data, "n2", "under_review", "p1", "p2", "p3", "p4")
        ideas(data, "formula", "done", "p4", "p5", "p6", "p7", "p8")
        for state, person in (("open", "p9"), ("answered", "p10"), ("closed", "p11")):
            ideas(data, "h1", state, person, kind="question")
        ideas(data, "c1", "new", "p9")
        yield data


@pytest.fixture
def viewer(data):
    return grant(data.people["viewer"], "view_participation", "export_participation")


def by_title(table) -> dict[str, dict]:
    return {row["title"]: row for row in table.rows()}


def test_ideas_by_state_per_page(data, viewer):
    table = tables.page_table(R, viewer)
    headings = dict(table.columns)
    # After the fixed columns: each kind, then its states present, in the workflow's order.
    keys = table.keys
    assert keys[keys.index("poll_voters") + 1 :] == [
        "idea",
        "idea_new",
        "idea_under_review",
        "idea_accepted",
        "idea_done",
        "idea_declined",
        "support",
        "question",
        "question_open",
        "question_answered",
        "question_closed",
        "suggestion",
    ]
    assert str(headings["idea_under_review"]) == "Ideas: Under review"
    assert str(headings["support"]) == "Supports of ideas" and str(headings["suggestion"]) == "Suggestions"
    rows = by_title(table)
    n1 = rows["News one"]
    assert (n1["idea"], n1["idea_new"], n1["idea_under_review"], n1["idea_done"]) == (8, 4, 0, 0)
    # The declined idea (p8 alone) is withheld; the accepted ones would give it: hidden too.
    assert str(n1["idea_declined"]) == FEWER and str(n1["idea_accepted"]) == HIDDEN
    assert n1["support"] == 3
    assert (rows["News two"]["idea"], rows["News two"]["idea_under_review"]) == (4, 4)
    assert (rows[FORMULA]["idea"], rows[FORMULA]["idea_done"]) == (5, 5)
    # Three questions by three people: shown; each state by one person: withheld, all three.
    h1 = rows["Training plan"]
    assert h1["question"] == 3
    assert all(privacy.is_suppressed(h1[f"question_{state}"]) for state in ("open", "answered", "closed"))
    assert rows["HR"]["idea"] == 0 and rows["HR"]["suggestion"] == 0
    assert "Private topic" not in rows


def test_ideas_by_state_per_section(data, viewer):
    sections = by_title(tables.section_table(R, viewer))
    news = sections["News"]
    assert (news["idea"], news["idea_new"], news["idea_under_review"], news["idea_done"]) == (17, 4, 4, 5)
    assert str(news["idea_declined"]) == FEWER and str(news["idea_accepted"]) == HIDDEN
    assert news["support"] == 3 and news["question"] == 0
    assert sections["HR"]["question"] == 3
    # A member of the private community counts its idea in the section.
    member = grant(data.people["member"], "view_participation")
    news = by_title(tables.section_table(R, member))["News"]
    assert (news["idea"], news["idea_new"]) == (18, 5)


def test_a_state_under_k_is_withheld_in_every_format(data, viewer, client_for):
    client = client_for(viewer)
    for export_format in ("csv", "xlsx", "json"):
        headings, rows = exported_rows(client, PAGES, export_format)
        n1 = dict(zip(headings, next(row for row in rows if row[1] == "News one"), strict=True))
        assert n1["Ideas: Declined"] == FEWER and n1["Ideas: Accepted"] == HIDDEN
        assert n1["Ideas: New"] == (4 if export_format != "csv" else "4")


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_formula_title_is_neutralised_in_the_reports_exports(data, viewer, client_for, export_format):
    headings, rows = exported_rows(client_for(viewer), PAGES, export_format)
    row = dict(zip(headings, next(row for row in rows if row[1] == "'" + FORMULA), strict=True))
    assert row["Ideas: Done"] == (5 if export_format == "xlsx" else "5")
    assert FORMULA not in [row[1] for row in rows]


def test_the_command_exports_the_same_columns(data, tmp_path):
    output, _said = export(tmp_path, by="section")
    rows = read_csv(output)
    news = dict(zip(rows[0], next(row for row in rows if row[1] == "News"), strict=True))
    # As an administrator: the private community's idea counts (new 5, 18 ideas).
    assert (news["Ideas"], news["Ideas: New"], news["Ideas: Declined"]) == ("18", "5", FEWER)
    output, _said = export(tmp_path, by="page", name="pages.csv")
    titles = [row[1] for row in read_csv(output)[1:]]
    assert "'" + FORMULA in titles and FORMULA not in titles
