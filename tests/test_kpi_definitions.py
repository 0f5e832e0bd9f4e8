"""The participation figures on a hand-built dataset (``tests/kpi_dataset.py``, which lists every
record): each expected value is worked out by hand in the comments next to it."""

import datetime

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.fields import DateField, IntegerField
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS, P, R, add_page_views, day
from wagtail_social.features import Activity, Feature, register_feature, unregister_feature
from wagtail_social_kpi import definitions, population
from wagtail_social_kpi.definitions import DateRange

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        yield kpi_dataset.build(home)


def test_a_range_knows_its_length_previous_period_and_weeks():
    assert R.days == 28 and R.previous() == P
    wednesday = DateRange(datetime.date(2026, 11, 4), datetime.date(2026, 11, 22))
    # ISO weeks overlapping the range, clipped to it: 4–8, 9–15, 16–22.
    assert [(w.start.day, w.end.day) for w in wednesday.weeks()] == [(4, 8), (9, 15), (16, 22)]
    assert definitions.regular_weeks_needed(wednesday) == 2  # half of 3, rounded up
    assert [str(m) for m in DateRange(day("5/10"), day("29/11")).periods("month")] == [
        "2026-10-05..2026-10-31",
        "2026-11-01..2026-11-29",
    ]
    with pytest.raises(ValueError):
        DateRange(day("3/11"), day("2/11"))
    with pytest.raises(ValueError):
        R.periods("year")


def test_population_and_departments(data):
    # Active "Employees" members: p1..p12 (former is inactive; outsider, viewer, member are not in it).
    assert set(population.population().values_list("pk", flat=True)) == data.ids(
        *(f"p{n}" for n in range(1, 13))
    )
    departments = population.departments()
    assert departments[data.people["p1"].pk] == "Sales"
    assert departments[data.people["p7"].pk] == "Tech"
    assert departments[data.people["p12"].pk] == "HR"
    assert population.department_of(data.people["p11"]) == "HR"
    assert population.department_of(data.people["viewer"]) is None


def by_department_name(user):
    return "Even" if user.pk % 2 == 0 else "Odd"


def test_departments_by_function(data):
    settings = {**KPI_SETTINGS, "WAGTAIL_SOCIAL_KPI_DEPARTMENT_GROUP_PREFIX": ""}
    with override_settings(
        **settings, WAGTAIL_SOCIAL_KPI_DEPARTMENT_FUNCTION="tests.test_kpi_definitions.by_department_name"
    ):
        departments = population.departments()
        assert departments[data.people["p1"].pk] == by_department_name(data.people["p1"])
        assert population.department_of(data.people["p2"]) == by_department_name(data.people["p2"])


def test_headline_figures_and_previous_period(data):
    h = definitions.headline(R)
    assert h.population.count == 12
    # Activation: anything recorded up to 29/11: everyone but p12 (whose only view is on 1/12).
    # Previous (up to 1/11): p1, p2, p5, p6 (views in P) and p3 (a view on 1/9) = 5.
    assert (h.activation.count, h.activation.previous_count) == (11, 5)
    assert h.activation.share == pytest.approx(11 / 12)
    # Readers in R: p1 p2 p3 p4 p6 p7 p8 p11 = 8 (former is inactive, outsider outside);
    # in P: p1 p2 p5 p6 = 4.
    assert (h.readers.count, h.readers.previous_count, h.readers.change) == (8, 4, 4)
    assert h.readers.share_change == pytest.approx(8 / 12 - 4 / 12)
    # Regular readers (2 of the 4 weeks): p1 (4 weeks), p3 (W1, W3), p6 (3), p8 (W2, W4) = 4;
    # in P: p1 (6/10 and 14/10, two weeks) = 1.
    assert (h.regular_readers.count, h.regular_readers.previous_count) == (4, 1)
    # Active contributors: p1 p2 p6 p9 = 4; in P: p1 = 1.
    assert (h.active_contributors.count, h.active_contributors.previous_count) == (4, 1)
    # Engaged: reactions p3 p4 p5 p7 p1 p10, helpful p3 p4 p6 p11, comments p1 p2 p6 p9
    # = p1 p2 p3 p4 p5 p6 p7 p9 p10 p11 = 10; in P: p1 (comment), p5 (reaction) = 2.
    assert (h.engaged.count, h.engaged.previous_count) == (10, 2)
    # Pyramid (threshold 3): heavy p1 (3 comments); occasional p2 (1), p6 (2), p9 (1);
    # readers only p3 p4 p7 p8 p11; non-readers 12 - 1 - 3 - 5 = 3 (p5, p10, p12).
    # In P: heavy 0; occasional p1; readers only p2 p5 p6; non-readers 8.
    pyramid = {name: (f.count, f.previous_count) for name, f in h.pyramid.levels()}
    assert pyramid == {
        "non_readers": (3, 8),
        "readers_only": (5, 3),
        "occasional_contributors": (3, 1),
        "heavy_contributors": (1, 0),
    }


def test_regular_readers_need_two_weeks(data):
    h = definitions.headline(DateRange(day("2/11"), day("14/11")))  # 13 days
    assert h.regular_readers.count is None and h.regular_readers.share is None
    assert "two weeks" in str(h.regular_readers.reason)
    assert h.readers.count == 7  # p1 p2 p3 p4 p6 p8 p11 read between 2/11 and 14/11


def test_headline_of_a_part_of_the_population(data):
    h = definitions.headline(R, population.members_of("Pilot"))
    # Pilot p1 p2 p6 p7: all read; p1 p2 p6 contribute; all engaged (p7 liked n1).
    assert (h.population.count, h.readers.count, h.active_contributors.count, h.engaged.count) == (4, 4, 3, 4)


def test_by_department(data):
    figures = definitions.by_department(R, population.departments())
    sales, tech, hr = figures["Sales"], figures["Tech"], figures["HR"]
    # Sales p1..p5: readers p1 p2 p3 p4; regular p1 p3; contributors p1 p2; engaged all five
    # (p5 reacted); pyramid heavy p1, occasional p2, readers only p3 p4, non-readers p5.
    assert (sales.population.count, sales.readers.count, sales.regular_readers.count) == (5, 4, 2)
    assert (sales.active_contributors.count, sales.engaged.count, sales.activation.count) == (2, 5, 5)
    assert [f.count for _n, f in sales.pyramid.levels()] == [1, 2, 1, 1]
    # Tech p6..p10: readers p6 p7 p8; regular p6 p8; contributors p6 p9; engaged p6 p7 p9 p10;
    # pyramid: non-readers p10, readers only p7 p8, occasional p6 p9, heavy none.
    assert (tech.readers.count, tech.regular_readers.count, tech.active_contributors.count) == (3, 2, 2)
    assert tech.engaged.count == 4 and [f.count for _n, f in tech.pyramid.levels()] == [1, 2, 2, 0]
    # HR p11 p12: p11 read and answered; p12 nothing (activation 1).
    assert (hr.population.count, hr.readers.count, hr.activation.count) == (2, 1, 1)
    # In P, Sales: readers p1 p2 p5 (3); Tech: p6 (1).
    assert (sales.readers.previous_count, tech.readers.previous_count) == (3, 1)


def test_by_week_and_by_month(data):
    weeks = definitions.by_period(R, "week")
    # W1: readers p1 p2 p3 p6 p11; engaged p1 p2 (comments) p3 p1 (reactions) p11 (helpful);
    # contributors p1 p2; views by the population p1 1 + p2 2 + p3 1 + p6 1 + p11 1 = 6.
    # W2: readers p1 p4 p6 p8; engaged p1 p6 (comments) p4 p5 p10 (reactions, p4 helpful too);
    # contributors p1 p6; views 4. W3: readers p1 p3 p6; engaged p1 p6 p9 (comments) p3 p6
    # (helpful); contributors p1 p6 p9; views 3. W4: readers p1 p7 p8; engaged p7; views 3.
    assert [(w.readers, w.engaged, w.active_contributors, w.views) for w in weeks] == [
        (5, 4, 2, 6),
        (4, 5, 2, 4),
        (3, 4, 3, 3),
        (3, 1, 0, 3),
    ]
    assert weeks[0].period == DateRange(day("2/11"), day("8/11")) and weeks[0].population == 12
    months = definitions.by_period(DateRange(day("1/10"), day("30/11")), "month")
    # October: readers p1 p2 p5 p6; engaged p1 (comment 8/10) p5 (reaction 21/10); contributor p1.
    # November: as R (nothing on 30/11): readers 8, engaged 10, contributors 4.
    assert [(m.readers, m.engaged, m.active_contributors) for m in months] == [(4, 2, 1), (8, 10, 4)]
    days = definitions.by_period(DateRange(day("2/11"), day("3/11")), "day")
    # 2/11: readers p1 p6 (2 views), nobody engaged; 3/11: reader p2 (1 view), engaged p1
    # (comment and reaction).
    assert [(d.readers, d.engaged, d.views) for d in days] == [(2, 0, 2), (1, 1, 1)]


def test_group_a_against_group_b(data):
    comparison = definitions.compare_groups(R, "Pilot")
    # Pilot p1 p2 p6 p7 against everyone else (p3 p4 p5 p8 p9 p10 p11 p12).
    assert (comparison.a.population.count, comparison.b.population.count) == (4, 8)
    # Readers: pilot 4; others p3 p4 p8 p11 = 4. Contributors: pilot p1 p2 p6; others p9.
    assert (comparison.a.readers.count, comparison.b.readers.count) == (4, 4)
    assert (comparison.a.active_contributors.count, comparison.b.active_contributors.count) == (3, 1)


def test_groups_that_differ_by_fewer_than_k_people_are_not_compared(data):
    # "Pilot" and "Pilot and Anne" differ by p3 alone: 1 < k = 3.
    with pytest.raises(definitions.ComparisonRefused, match="fewer than 3 people"):
        definitions.compare_groups(R, "Pilot", "Pilot and Anne")
    with pytest.raises(definitions.ComparisonRefused):
        definitions.compare_groups(R, "Employees")  # not offered for comparison


def test_population_figures_collect_once_and_give_the_same_figures(data):
    departments = population.departments()
    separate = (
        definitions.headline(R),
        definitions.by_department(R, departments),
        definitions.compare_groups(R, "Pilot"),
    )
    with CaptureQueriesContext(connection) as queries:
        shared = definitions.population_figures(R)
        together = (shared.headline, shared.by_department(departments), shared.compare_groups("Pilot"))
    assert together == separate
    assert len(queries) == 5  # the collection (4) and the pilot group's members (1)
    with pytest.raises(definitions.ComparisonRefused, match="fewer than 3 people"):
        shared.compare_groups("Pilot", "Pilot and Anne")
    with pytest.raises(definitions.ComparisonRefused):
        shared.compare_groups("Employees")  # not offered for comparison


def test_per_page(data):
    figures = {f.title: f for f in definitions.page_figures(R, data.people["viewer"])}
    assert "Private topic" not in figures  # the viewer is not a member of the community
    n1 = figures["News one"]
    # Views: 11 logged in (p1 ×2, p2, p3 ×2, p6 ×3, p8, outsider, former) + 10 anonymous = 21;
    # unique readers: p1 p2 p3 p6 p8 outsider former = 7 (every account counts on a page).
    assert (n1.views, n1.unique_readers) == (21, 7)
    assert n1.kinds["anonymous_page_view"].events == 10 and n1.kinds["anonymous_page_view"].people == 0
    # Comments: p1 ×3, p6 ×2 = 5 by 2 people. Reactions: like p3 p4 p7, bravo p5.
    assert (n1.comments, n1.people("comment")) == (5, 2)
    assert n1.reactions_by_kind == {"like": 3, "bravo": 1}
    # Helpful: yes p3 p4, no p6; ratio 2/3.
    assert (n1.helpful_yes, n1.helpful_no, n1.helpful_ratio) == (2, 1, pytest.approx(2 / 3))
    h1 = figures["Training plan"]
    # Views p1 p4 p11 + 2 anonymous = 5; comment p9; helpful yes p11.
    assert (h1.views, h1.unique_readers, h1.comments, h1.helpful_yes, h1.helpful_ratio) == (5, 3, 1, 1, 1.0)
    assert figures["News"].views == 0 and figures["News"].helpful_ratio is None


def mirrored_page_views():
    """A second reader activity that names people: the same people reading the same pages (as a
    download of each page's document would be)."""
    from wagtail_social.models import PageView

    return PageView.objects.values("page", "day", person=F("user_id"))


def test_unique_readers_over_several_reader_activities_that_name_people(data):
    register_feature(
        Feature(
            key="test_downloads",
            label="Downloads",
            switch=False,
            activities=[Activity("download", Activity.READER, mirrored_page_views)],
        )
    )
    try:
        figures = {f.title: f for f in definitions.page_figures(R, data.people["viewer"])}
        sections = definitions.section_figures(
            R, data.people["viewer"], type(data.pages["news"]).objects.filter(title="News")
        )
    finally:
        unregister_feature("test_downloads")
    # News one: 11 logged-in views twice + 10 anonymous = 32 events; still the same 7 people
    # (counted once over both activities, not 7 + 7).
    assert (figures["News one"].views, figures["News one"].unique_readers) == (32, 7)
    assert (sections[0].views, sections[0].unique_readers) == (24 + 14, 8)


def test_per_section_and_the_private_page(data):
    sections = definitions.section_figures(
        R, data.people["viewer"], data.pages["news"].__class__.objects.filter(title__in=["News", "HR"])
    )
    news, hr = sorted(sections, key=lambda f: f.title != "News")
    # News = n1 + n2 for a non-member: views 21 + 3 (p1 17/11, p2 4/11, p7 25/11) = 24;
    # readers n1's 7 and p7 = 8; comments 5 + 1 (p2) = 6 by p1 p6 p2; reactions like
    # p3 p4 p7 p1 = 4, bravo 1, by 5 people; helpful yes 2, no 1.
    assert (news.views, news.unique_readers, news.comments, news.people("comment")) == (24, 8, 6, 3)
    assert news.reactions_by_kind == {"like": 4, "bravo": 1} and news.people("reaction") == 5
    assert (news.helpful_yes, news.helpful_no) == (2, 1)
    assert (hr.views, hr.unique_readers, hr.comments) == (5, 3, 1)
    # A member also sees c1's records: p8's view and p10's like.
    member_news = definitions.section_figures(
        R, data.people["member"], type(data.pages["news"]).objects.filter(title="News")
    )[0]
    assert (member_news.views, member_news.unique_readers) == (25, 8)
    assert member_news.reactions_by_kind["like"] == 5 and member_news.people("reaction") == 6
    private = [f for f in definitions.page_figures(R, data.people["member"]) if f.title == "Private topic"]
    assert private[0].views == 1
    # A viewer who may not see a section gets nothing for it.
    assert (
        definitions.section_figures(
            R, data.people["viewer"], type(data.pages["c1"]).objects.filter(pk=data.pages["c1"].pk)
        )
        == []
    )


def secret_ballots():
    """A windowed activity made of the "Voted in secret" group (no model needed): each member
    voted, with no date, in a poll of the page n2 open from 20 November to 10 December 2026."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    through = get_user_model().groups.through
    return through.objects.filter(group__name="Voted in secret").values(
        person=F("user_id"),
        page=Value(Page.objects.get(title="News two").pk, output_field=IntegerField()),
        day=Value(datetime.date(2026, 11, 20), output_field=DateField()),
        until=Value(datetime.date(2026, 12, 10), output_field=DateField()),
    )


@pytest.fixture
def windowed(data):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Voted in secret")
    data.people["p5"].groups.add(group)
    data.people["p12"].groups.add(group)
    register_feature(
        Feature(
            key="test_ballots",
            label="Secret ballots",
            switch=False,
            activities=[Activity("secret_vote", Activity.ENGAGED, secret_ballots, windowed=True)],
        )
    )
    yield data
    unregister_feature("test_ballots")


def test_a_windowed_record_counts_in_every_range_its_window_overlaps(windowed):
    h = definitions.headline(R)
    # p12 voted (window 20/11–10/12 overlaps R): engaged 10 + p12 = 11, activation 12.
    assert (h.engaged.count, h.activation.count) == (11, 12)
    assert definitions.headline(DateRange(day("1/12"), day("31/12"))).engaged.count == 2  # p5, p12
    assert definitions.headline(P).engaged.count == 2  # window after P: p1, p5 as before
    weeks = definitions.by_period(R, "week")
    # W3 (16–22) and W4 (23–29) overlap the window: W3 engaged p1 p6 p9 p3 + p5 p12 = 6; W4 p7 + 2 = 3.
    assert [w.engaged for w in weeks] == [4, 5, 6, 3]
    n2 = next(f for f in definitions.page_figures(R, windowed.people["viewer"]) if f.title == "News two")
    assert (n2.events("secret_vote"), n2.people("secret_vote")) == (2, 2)


def test_query_counts_do_not_grow_with_records(data):
    viewer = data.people["viewer"]

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            definitions.headline(R)
            definitions.by_period(R, "week")
            definitions.page_figures(R, viewer)
            definitions.section_figures(R, viewer, type(data.pages["news"]).objects.all())
            definitions.by_department(R, population.departments())
        return len(queries)

    count_queries()  # the viewer's groups and restrictions are then remembered on the user object
    before = count_queries()
    # 100 more page views and people.
    add_page_views(data, 100)
    assert count_queries() == before
    assert before <= 25


def test_a_timestamped_record_counts_on_its_day_in_the_site_time_zone(data):
    """Records with a timestamp are selected on it: 2 November 00:30 in Paris is 1 November in
    UTC but counts in R (from 2 November); 30 November 00:30 is 29 November in UTC but not in R."""
    from wagtail_social.models import Reaction

    early = datetime.datetime(2026, 11, 2, 0, 30, tzinfo=kpi_dataset.PARIS)
    late = datetime.datetime(2026, 11, 30, 0, 30, tzinfo=kpi_dataset.PARIS)
    for person, when in (("p12", early), ("p9", late)):
        reaction = Reaction.objects.create(user=data.people[person], page=data.pages["h1"], kind="like")
        Reaction.objects.filter(pk=reaction.pk).update(created_at=when)
    in_r = {f.title: f for f in definitions.page_figures(R, data.people["viewer"])}["Training plan"]
    assert in_r.reactions_by_kind == {"like": 1} and in_r.people("reaction") == 1
    next_day = DateRange(datetime.date(2026, 11, 30), datetime.date(2026, 11, 30))
    after = {f.title: f for f in definitions.page_figures(next_day, data.people["viewer"])}["Training plan"]
    assert after.reactions_by_kind == {"like": 1}
    before_r = DateRange(datetime.date(2026, 11, 1), datetime.date(2026, 11, 1))
    assert {f.title: f for f in definitions.page_figures(before_r, data.people["viewer"])}[
        "Training plan"
    ].reactions_by_kind == {}


def test_by_day_over_two_years(data):
    """730 periods: more than SQLite's 500 terms of a compound SELECT (the periods and the days
    are one VALUES list each)."""
    two_years = DateRange(datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    days = definitions.by_period(two_years, "day")
    assert len(days) == 730
    figures = {period.period.start: period for period in days}
    # 2 November 2026: p1 and p6 read News one (+ the outsider, outside the population).
    assert figures[datetime.date(2026, 11, 2)].readers == 2
    # Reader-days outside R: p1 6/10 and 14/10, p2 7/10, p3 1/9, p5 20/10, p6 13/10, p12 1/12.
    in_r = sum(period.readers for period in definitions.by_period(R, "day"))
    assert sum(period.readers for period in days) == in_r + 7


@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_each_period_holds_the_figures_of_its_own_range(data, grain):
    """By period, on a range starting and ending mid-week and mid-month (the first and last
    periods clipped): each period's readers, engaged and contributors are those of the period
    taken as a range of its own."""
    span = DateRange(day("7/10"), day("25/11")) if grain != "day" else DateRange(day("31/10"), day("9/11"))
    periods = definitions.by_period(span, grain)
    assert periods[0].period.start == span.start and periods[-1].period.end == span.end
    assert sum(p.readers for p in periods) > 0
    for figures in periods:
        alone = definitions.headline(figures.period)
        assert (figures.readers, figures.engaged, figures.active_contributors) == (
            alone.readers.count,
            alone.engaged.count,
            alone.active_contributors.count,
        ), figures.period


@pytest.mark.parametrize("span", [R, DateRange(day("7/10"), day("25/11"))])
def test_the_weeks_cut_from_the_headlines_rows_are_those_by_period(windowed, span):
    """The dashboard reads a range once: its trend by week and the person summaries come from
    the same per-person weekly rows. They must equal what by_period and summaries compute on their
    own (a windowed activity included)."""
    from wagtail_social_kpi.definitions import people as people_figures

    collected = definitions.population_figures(span)
    assert collected.data.weekly is not None
    assert collected.by_period("week") == definitions.by_period(span, "week")
    assert collected.data.current == people_figures.summaries(span, population.population())
    with CaptureQueriesContext(connection) as queries:
        collected.by_period("week")
    assert len(queries) == 0
