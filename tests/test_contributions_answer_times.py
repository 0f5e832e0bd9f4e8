"""Answer times (``contributions.answer_times`` and the "Answer times" report): median and 90th
percentile of the time to first answer in working days, the share answered within target, with
unanswered questions counted; per section and overall; only the questions of pages the manager
may see; CSV/XLSX exports that stay inert and leave an entry in the audit log.

The hand-built questions (target: 2 working days; March 2027 has no French holiday before
Easter Monday, 29 March; Europe/Paris), all asked by ``employee`` and answered by ``colleague``:

=====  ==========  =================  =================  ================  =======  ======
 q     page        asked              due                first answer      days     within
=====  ==========  =================  =================  ================  =======  ======
 q1    Formation   Thu 4 Mar 10:00    Mon 8 Mar 10:00    Thu 4 Mar 16:00   0.25     yes
 q2    Formation   Thu 4 Mar 10:00    Mon 8 Mar 10:00    Fri 5 Mar 10:00   1.00     yes
 q3    Formation   Fri 5 Mar 16:00    Tue 9 Mar 16:00    Mon 8 Mar 16:00   1.00     yes
 q4    Formation   Fri 5 Mar 12:00    Tue 9 Mar 12:00    Tue 9 Mar 18:00   2.25     no
 q5    Formation   Sat 6 Mar 10:00    Wed 10 Mar 00:00   Sun 7 Mar 20:00   0.00     yes
 q6    =Paie page  Mon 8 Mar 09:00    Wed 10 Mar 09:00   —                 —        no
 q7    =Paie page  Tue 9 Mar 10:00    Thu 11 Mar 10:00   — (closed)        —        no
 q8    =Paie page  Tue 9 Mar 10:00    Thu 11 Mar 10:00   Wed 10 Mar 10:00  1.00     yes
=====  ==========  =================  =================  ================  =======  ======

Left out: q9 on Formation, withdrawn unanswered; q10 asked on 15 March, after the range (1–14
March); q11 in a private community ``employee``'s manager is no member of.

* Formation (5): 0, 0.25, 1, 1, 2.25 → median the 3rd, 1.00; 90th percentile the 5th, 2.25;
  within target 4/5, 80 %.
* "=Paie" (3): 1, then two unanswered → the median (2nd) is not reached yet, nor the 90th
  percentile; within target 1/3.
* Section, Home and overall (8): 0, 0.25, 1, 1, 1, 2.25, ∞, ∞ → median the 4th, 1.00; 90th
  percentile the 8th, not reached yet; within target 5/8, 62.5 %. (The mean of the answered
  ones, as Discourse reports, would be 0.92 — saying nothing of q6 and q7.)
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from tests.contributions_helpers import make_contribution
from tests.utils import add_page, make_user
from wagtail_social.contributions.answer_targets import record_first_answer, start_clock
from wagtail_social.contributions.answer_times import NOT_REACHED, AnswerTimes, answer_times
from wagtail_social.contributions.answer_times_report import EXPORT_ACTION, answer_times_menu_item
from wagtail_social.contributions.models import QUESTION

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
REPORT = reverse("wagtail_social_contributions_reports:answer_times")
START, END = datetime.date(2027, 3, 1), datetime.date(2027, 3, 14)
RANGE = {"start": "2027-03-01", "end": "2027-03-14"}
FORMULA = "=Paie"


def at(day: int, hour: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2027, month, day, hour, tzinfo=PARIS)


def ask(page, author, asked, answered=None, by=None, **fields):
    question = make_contribution(page, author, QUESTION, title="A question", created_at=asked, **fields)
    start_clock(question)
    if answered is not None:
        assert record_first_answer(question, by, answered)
    return question


@pytest.fixture
def managers(db):
    group = Group.objects.create(name="Community managers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_contribution"),
    )
    return group


@pytest.fixture
def manager(managers):
    return make_user("claire", managers)


@pytest.fixture
def pages(section, community_page):
    formation = add_page(section, "Formation")
    add_page(formation, "Catalogue")  # Formation is a section
    paie = add_page(section, FORMULA, slug="paie")
    return {
        "formation": formation,
        "paie": paie,
        "paie_page": add_page(paie, "Bulletins"),
        "private": community_page,
    }


@pytest.fixture
def questions(pages, employee, colleague):
    formation, paie = pages["formation"], pages["paie_page"]
    for asked, answered in [
        (at(4, 10), at(4, 16)),
        (at(4, 10), at(5, 10)),
        (at(5, 16), at(8, 16)),
        (at(5, 12), at(9, 18)),
        (at(6, 10), at(7, 20)),
    ]:
        ask(formation, employee, asked, answered, colleague)
    ask(paie, employee, at(8, 9))
    ask(paie, employee, at(9, 10), state="closed")
    ask(paie, employee, at(9, 10), at(10, 10), colleague)
    ask(formation, employee, at(4, 11), withdrawn_at=at(4, 12))
    ask(formation, employee, at(15, 10), at(15, 11), colleague)
    ask(pages["private"], employee, at(4, 10))


def by_title(rows: list[AnswerTimes]) -> dict[str, AnswerTimes]:
    return {row.title: row for row in rows}


def test_median_p90_and_share_within_target_count_unanswered_questions(questions, manager):
    rows = answer_times(manager, START, END)
    figures = by_title(rows)
    assert rows[0].title == "All sections" and [row.title for row in rows[1:]] == [
        "Home",
        "Section",
        "Formation",
        FORMULA,
    ]
    formation = figures["Formation"]
    assert (formation.questions, formation.answered, formation.within_target) == (5, 5, 4)
    assert sorted(formation.days) == pytest.approx([0, 0.25, 1, 1, 2.25])
    assert formation.median == pytest.approx(1) and formation.p90 == pytest.approx(2.25)
    assert formation.share_within_target == pytest.approx(0.8)
    for overall in (rows[0], figures["Home"], figures["Section"]):
        assert (overall.questions, overall.answered, overall.within_target) == (8, 6, 5)
        assert overall.median == pytest.approx(1) and overall.p90 is NOT_REACHED
        assert overall.share_within_target == pytest.approx(0.625)


def test_the_median_is_not_reached_when_over_half_are_unanswered(questions, manager):
    paie = by_title(answer_times(manager, START, END))[FORMULA]
    assert (paie.questions, paie.answered, paie.within_target) == (3, 1, 1)
    assert paie.median is NOT_REACHED and paie.p90 is NOT_REACHED
    assert str(paie.median) == "not reached yet"
    # Exactly half unanswered: the median is the longest answer.
    assert AnswerTimes(None, days=[2.0, 0.5], unanswered=2).median == 2.0
    assert AnswerTimes(None).median is None and AnswerTimes(None).share_within_target is None


def test_a_section_narrows_the_questions(questions, manager, pages):
    rows = answer_times(manager, START, END, pages["formation"])
    assert [row.title for row in rows] == ["All sections", "Formation"]
    assert rows[0].questions == 5


def test_a_private_communitys_questions_are_for_its_members(questions, manager, members, community):
    assert "Community" not in by_title(answer_times(manager, START, END))
    assert answer_times(manager, START, END)[0].questions == 8
    manager.groups.add(members)
    member = type(manager).objects.get(pk=manager.pk)  # the groups are memoised on the user
    figures = by_title(answer_times(member, START, END))
    assert figures["Community"].questions == 1 and figures["All sections"].questions == 9


# --- the report ---------------------------------------------------------------------------


def test_the_report_shows_the_figures(questions, manager, client_for):
    response = client_for(manager).get(REPORT, RANGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formation" in html and "2.25" in html and "not reached yet" in html and "62.5" in html
    assert "Community" not in html and "Private topic" not in html


def test_the_section_filter_offers_only_visible_sections(questions, manager, client_for, community):
    client = client_for(manager)
    assert client.get(REPORT, {**RANGE, "section": community.pk}).status_code == 200
    assert client.get(REPORT, {**RANGE, "section": community.pk, "export": "csv"}).status_code == 400
    assert f'value="{community.pk}"' not in client.get(REPORT, RANGE).content.decode()


def test_only_managers_see_the_report(questions, client_for, employee, manager):
    admin_only = make_user("editor")
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_for(admin_only).get(REPORT, RANGE).status_code in (302, 403)
    assert client_for(admin_only).get(REPORT, {**RANGE, "export": "csv"}).status_code in (302, 403)
    request = RequestFactory().get("/")
    request.user = admin_only
    assert not answer_times_menu_item().is_shown(request)
    request.user = manager
    assert answer_times_menu_item().is_shown(request)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_and_xlsx_exports_are_inert_and_audit_logged(questions, manager, client_for, pages):
    client = client_for(manager)
    data = body(client.get(REPORT, {**RANGE, "export": "csv"}))
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Section", "Questions", "Answered"]
    by_section = {row[0]: row for row in rows[1:]}
    assert by_section["All sections"][1:] == ["8", "6", "1.0", "not reached yet", "5", "62.5"]
    assert by_section["Formation"][3:5] == ["1.0", "2.25"]
    assert "'" + FORMULA in by_section and FORMULA not in by_section
    sheet = load_workbook(io.BytesIO(body(client.get(REPORT, {**RANGE, "export": "xlsx"})))).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert ["'" + FORMULA, 3, 1, "not reached yet", "not reached yet", 1, 33.3] in cells
    body(client.get(REPORT, {**RANGE, "export": "csv", "section": pages["formation"].pk}))
    entries = PageLogEntry.objects.filter(action=EXPORT_ACTION).order_by("pk")
    assert [(entry.page_id, entry.data["format"], entry.data["section"]) for entry in entries] == [
        (entries[0].page_id, "csv", None),
        (entries[0].page_id, "xlsx", None),
        (pages["formation"].pk, "csv", pages["formation"].pk),
    ]
    assert entries[0].page.depth == 1 and {entry.user_id for entry in entries} == {manager.pk}
    assert entries[0].data["start"] == "2027-03-01" and entries[0].data["end"] == "2027-03-14"


def test_queries_do_not_grow_with_the_questions(questions, manager, client_for, pages, employee, colleague):
    client = client_for(manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(REPORT, RANGE).status_code == 200
            body(client.get(REPORT, {**RANGE, "export": "csv"}))
        return len(queries)

    count()  # warm up: the session, the manager's permissions and groups
    before = count()
    for day in range(1, 13):
        ask(pages["formation"], employee, at(day, 9), at(day, 15), colleague)
        ask(pages["paie_page"], employee, at(day, 9))
    assert count() == before
    assert answer_times(manager, START, END)[0].questions == 8 + 24
