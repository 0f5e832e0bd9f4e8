"""k-anonymity of the participation figures (k = 3 in the hand-built dataset of
``tests/kpi_dataset.py``; the raw figures are worked out in ``tests/test_kpi_definitions.py``)."""

import pytest
from django.test import override_settings

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS, R
from wagtail_social_kpi import definitions, population, privacy
from wagtail_social_kpi.definitions import Count, PageFigures
from wagtail_social_kpi.privacy import Suppressed, is_suppressed

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        yield kpi_dataset.build(home)


def primary(value) -> bool:
    return is_suppressed(value) and not value.complementary


def hidden(value) -> bool:
    return is_suppressed(value) and value.complementary


def test_cells_under_k_are_suppressed_and_say_so():
    assert privacy.people_cell(2, 3) == Suppressed(3)
    assert privacy.people_cell(0, 3) == 0  # nobody: describes no one's activity
    assert privacy.people_cell(3, 3) == 3
    assert privacy.events_cell(40, 2, 3) == Suppressed(3)  # 40 comments by two people
    assert privacy.events_cell(10, 0, 3) == 10  # anonymous views: no person
    cell = Suppressed(5)
    assert str(cell) == "fewer than 5" and cell != 0 and str(cell) not in ("", "0")
    assert "fewer than 5" in cell.explanation
    assert str(Suppressed(5, complementary=True)) == "hidden"


def test_complementary_suppression_hides_the_smallest_other_cell():
    cells = privacy.complementary({"a": Suppressed(3), "b": 0, "c": 7, "d": 4}, 3)
    # 0 is passed over (hiding it would hide nothing): the smallest other is d.
    assert cells["b"] == 0 and cells["c"] == 7 and hidden(cells["d"])
    two = {"a": Suppressed(3), "b": Suppressed(3), "c": 1}
    assert privacy.complementary(two, 3) == two  # two hidden already: neither recoverable alone
    assert privacy.complementary({"a": 4, "b": 5}, 3) == {"a": 4, "b": 5}


def test_headline_is_protected(data):
    h = privacy.protect_headline(definitions.headline(R))
    assert h.population.count == 12 and h.readers.count == 8 and h.readers.previous_count == 4
    # Previous regular readers 1, contributors 1, engaged 2: under k = 3, and what comes from them.
    for figure in (h.regular_readers, h.active_contributors, h.engaged):
        assert primary(figure.previous_count)
        assert is_suppressed(figure.previous_share) and is_suppressed(figure.change)
        assert is_suppressed(figure.share_change)
    assert h.regular_readers.count == 4
    # Pyramid in R: non-readers 3, readers only 5, occasional 3, heavy 1. Heavy (1) is
    # suppressed; the total (12) is shown, so the smallest other (non-readers 3, before
    # occasional 3) is hidden too.
    pyramid = dict(h.pyramid.levels())
    assert primary(pyramid["heavy_contributors"].count)
    assert hidden(pyramid["non_readers"].count)
    assert (pyramid["readers_only"].count, pyramid["occasional_contributors"].count) == (5, 3)
    # In P: non-readers 8, readers only 3, occasional 1, heavy 0: occasional suppressed; the
    # zero is passed over, readers only (3) hidden.
    assert primary(pyramid["occasional_contributors"].previous_count)
    assert hidden(pyramid["readers_only"].previous_count)
    assert (pyramid["non_readers"].previous_count, pyramid["heavy_contributors"].previous_count) == (8, 0)


def test_a_population_under_k_shows_nothing(data):
    hr = privacy.protect_headline(definitions.headline(R, population.members_of("Dept: HR")))
    assert primary(hr.population.count)
    assert all(primary(f.count) and primary(f.previous_count) for _n, f in hr.figures())
    assert all(primary(f.count) for _n, f in hr.pyramid.levels())


def test_departments_with_complementary_suppression_down_each_column(data):
    departments = privacy.protect_departments(definitions.by_department(R, population.departments()))
    sales, tech, hr = departments["Sales"], departments["Tech"], departments["HR"]
    assert str(hr.readers.count) == "fewer than 3" and primary(hr.population.count)
    # Populations 5, 5 and HR's (2, suppressed) add up to the company's 12: the smallest other,
    # Sales (first of the two fives), is hidden.
    assert hidden(sales.population.count) and tech.population.count == 5
    # Readers 4, 3 and HR's: Tech's 3 is hidden.
    assert sales.readers.count == 4 and hidden(tech.readers.count)
    # Regular readers 2 and 2: both under k already; no more to hide.
    assert primary(sales.regular_readers.count) and primary(tech.regular_readers.count)
    # Engaged 5, 4 and HR's: Tech's 4 hidden.
    assert sales.engaged.count == 5 and hidden(tech.engaged.count)


def test_periods_are_protected(data):
    weeks = privacy.protect_periods(definitions.by_period(R, "week"))
    # W4: readers 3, engaged 1, contributors 0, views 3 (by 3 readers).
    assert (weeks[3].readers, weeks[3].active_contributors, weeks[3].views) == (3, 0, 3)
    assert primary(weeks[3].engaged) and is_suppressed(weeks[3].share("engaged"))
    # W1 and W2 contributors: 2 each.
    assert primary(weeks[0].active_contributors) and primary(weeks[1].active_contributors)


def test_pages_are_protected(data):
    pages = {f.title: f for f in privacy.protect_pages(definitions.page_figures(R, data.people["viewer"]))}
    n1 = pages["News one"]
    # Views 21 by 7 people, of which 10 anonymous (nobody): shown.
    assert (n1.views, n1.unique_readers, n1.kinds["anonymous_page_view"].events) == (21, 7, 10)
    # Comments: 5 by 2 people.
    assert primary(n1.comments) and primary(n1.people("comment"))
    # Reactions: 4 by 4 people shown; like 3 (3 people) and bravo 1: bravo suppressed, like
    # hidden (the total 4 would give it).
    assert n1.events("reaction") == 4
    assert primary(n1.reactions_by_kind["bravo"]) and hidden(n1.reactions_by_kind["like"])
    # Helpful yes 2 (2 people) and no 1: both suppressed; the ratio with them.
    assert primary(n1.helpful_yes) and primary(n1.helpful_no) and is_suppressed(n1.helpful_ratio)
    assert n1.events("helpful") == 3
    h1 = pages["Training plan"]
    # Views 5 (3 readers + 2 anonymous) shown; p9's comment and p11's answer suppressed.
    assert h1.views == 5 and h1.kinds["anonymous_page_view"].events == 2
    assert primary(h1.comments) and primary(h1.helpful_yes) and is_suppressed(h1.helpful_ratio)


def test_views_of_nobody_but_anonymous_visitors_are_shown():
    page = PageFigures(1, "Public", "0001", kinds={"anonymous_page_view": Count(4, 0)}, reading=Count(4, 0))
    protected = privacy.protect_page(page, {"page_view", "anonymous_page_view"}, 5)
    assert protected.views == 4 and protected.unique_readers == 0
    read_by_two = PageFigures(
        2,
        "Small",
        "0002",
        kinds={"anonymous_page_view": Count(4, 0), "page_view": Count(2, 2)},
        reading=Count(6, 2),
    )
    protected = privacy.protect_page(read_by_two, {"page_view", "anonymous_page_view"}, 5)
    # The two readers' views are suppressed, and the total with them (it is made of them): the
    # anonymous views stay shown, since nothing shown could be subtracted from them.
    assert primary(protected.views) and primary(protected.events("page_view"))
    assert protected.events("anonymous_page_view") == 4
