"""The participation dashboard (``wagtail_social_kpi/admin/``) on the hand-built dataset
(``tests/kpi_dataset.py``, k = 3): who sees it, what it shows, its pickers, its charts, the home
panel, and its queries."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests import kpi_dataset
from tests.kpi_dataset import KPI_SETTINGS, R
from tests.utils import make_user
from wagtail_social.models import PageView
from wagtail_social_kpi import charts, definitions, dictionary, privacy
from wagtail_social_kpi.admin import presentation
from wagtail_social_kpi.admin.forms import DashboardForm, preset_range
from wagtail_social_kpi.models import ContributorListConsent

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("wagtail_social_kpi_admin:dashboard")
HOME = reverse("wagtailadmin_home")
NBSP = "\u00a0"
R_QUERY = {"start": "2026-11-02", "end": "2026-11-29"}


@pytest.fixture
def data(home):
    with override_settings(**KPI_SETTINGS):
        yield kpi_dataset.build(home)


def admin_user(name, *codenames):
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames]),
    )
    return make_user(name, group)


@pytest.fixture
def comms(data):
    return admin_user("comms", "view_participation")


@pytest.fixture
def editor_without(data):
    return admin_user("plain")


def page(client, **query):
    response = client.get(DASHBOARD, query)
    assert response.status_code == 200
    return response.content.decode()


class TestPermission:
    def test_refused_and_menu_hidden_without_the_permission(self, client_for, editor_without):
        client = client_for(editor_without)
        # The admin's usual refusal: back to the admin home with "you do not have permission".
        response = client.get(DASHBOARD, follow=True)
        assert response.redirect_chain == [(HOME, 302)]
        assert "do not have permission" in response.content.decode()
        home = client.get(HOME).content.decode()
        assert DASHBOARD not in home and "participation-summary" not in home

    def test_menu_shown_with_the_permission(self, client_for, comms):
        home = client_for(comms).get(HOME).content.decode()
        assert DASHBOARD in home and "Participation" in home

    def test_anonymous_goes_to_the_login(self, client, data):
        response = client.get(DASHBOARD)
        assert response.status_code == 302 and "login" in response["Location"]

    def test_permission_offered_in_the_group_screen(self, client_for, data):
        root = make_user("root", is_superuser=True, is_staff=True)
        group = Group.objects.create(name="Comms")
        html = client_for(root).get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
        permission = Permission.objects.get(codename="view_participation")
        assert f'value="{permission.pk}"' in html


class TestFigures:
    def test_headline_figures_are_the_definitions_ones(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY)
        expected = privacy.protect_headline(definitions.headline(R))
        for row in presentation.headline_rows(expected):
            assert row.phrase in html, row.phrase
        # By hand (tests/test_kpi_definitions.py): 12 people; readers 8 (67 %), before 4 (33 %);
        # activation 11 (92 %); regular readers 4 (33 %); contributors 4 (33 %); engaged 10 (83 %).
        for text in ("92", "67", "33", "83"):
            assert f"{text}{NBSP}%" in html
        assert f"67{NBSP}% readers" in html and f"33{NBSP}% active contributors" in html
        assert f"83{NBSP}% engaged" in html and "8 people" in html and "of 12 people" in html
        assert f"+33{NBSP}pts" in html or "+33 pts" in html  # readers: 33 % to 67 %
        assert "5 October 2026 to 1 November 2026" in html  # the previous period

    def test_suppressed_cells_say_so(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY)
        # Previous period: 1 active contributor, 2 engaged (k = 3); the pyramid's single heavy
        # contributor, and its complement; HR has 2 people.
        assert "fewer than 3 people" in html and "hidden" in html
        hr_row = re.search(r"<th scope=\"row\">HR</th>(.*?)</tr>", html, re.S).group(1)
        assert "fewer than 3 people" in hr_row and ">0<" not in hr_row and "0 people" not in hr_row

    def test_regular_readers_need_two_weeks(self, client_for, comms):
        html = page(client_for(comms), start="2026-11-02", end="2026-11-14")
        assert "Regular readers: —" in html
        assert "Regular readers need a range of at least two weeks." in html

    def test_charts_are_svg_images_with_their_tables(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY)
        for chart in ("kpi-trend-chart", "kpi-department-chart", "kpi-pyramid-chart"):
            svg = re.search(rf'<svg[^>]*id="{chart}"[^>]*>.*?</svg>', html, re.S).group(0)
            assert 'role="img"' in svg and f'aria-labelledby="{chart}-title"' in svg
            assert re.search(rf'<title id="{chart}-title">[^<]+</title>', svg)
            assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
        assert html.count("<table") >= 3
        assert "Trend: people and share of the population in each period" in html
        # Week 1 (2–8 November): 5 readers of 12.
        assert f"42{NBSP}% (5 people)" in html

    def test_dictionary_one_click_away(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY)
        for entry in dictionary.HEADLINE + dictionary.PYRAMID:
            assert f'href="#{entry.anchor}"' in html and f'id="{entry.anchor}"' in html
        assert "t least 3 contributions in the range" in html  # the threshold of the settings

    def test_the_documentation_says_what_the_dictionary_says(self):
        import os
        from pathlib import Path

        # Under tox the tests run from a copy of tests/ alone: tox says where the repository is.
        root = Path(os.environ.get("WAGTAIL_SOCIAL_SOURCE_DIR") or Path(__file__).resolve().parents[1])
        docs = (root / "docs" / "kpi.md").read_text()
        for row in dictionary.markdown_rows():
            assert row in docs, row


class TestPickers:
    def test_default_range_is_the_last_four_full_weeks(self):
        monday = datetime.date(2026, 11, 30)
        assert preset_range("last_4_weeks", monday) == R
        assert preset_range("last_4_weeks", datetime.date(2026, 12, 3)) == R
        assert preset_range("last_month", monday) == definitions.DateRange.month(2026, 10)
        assert preset_range("this_month", monday).start == datetime.date(2026, 11, 1)
        three = preset_range("last_3_months", monday)
        assert (three.start, three.end) == (datetime.date(2026, 8, 1), datetime.date(2026, 10, 31))
        assert preset_range("last_30_days", monday).days == 30

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"start": "2026-11-20", "end": "2026-11-02"}, "starts after it ends"),
            ({"start": "2026-11-02", "end": "2099-01-01"}, "ends in the future"),
            ({"start": "2026-11-02"}, "Give both"),
            ({"preset": "last_century"}, "Select a valid choice"),
            ({"grain": "fortnight", **R_QUERY}, "Select a valid choice"),
            ({"start": "2020-01-01", "end": "2026-11-01", "grain": "day"}, "Too many periods"),
            ({"start": "not a date", "end": "2026-11-01"}, "Enter a valid date"),
        ],
    )
    def test_mistakes_are_form_errors(self, client_for, comms, query, message):
        html = page(client_for(comms), **query)
        assert message in html and 'role="alert"' in html
        assert "kpi-trend-chart" not in html

    def test_a_preset_fills_the_dates(self, client_for, comms):
        response = client_for(comms).get(DASHBOARD, {"preset": "last_month"})
        last_month = preset_range("last_month")
        assert response.context["form"].data["start"] == last_month.start.isoformat()

    def test_grouping_by_month_and_day(self, client_for, comms):
        html = page(client_for(comms), start="2026-10-01", end="2026-11-30", grain="month")
        # October: 4 readers of 12 (33 %); November 8 (67 %).
        assert f"33{NBSP}% (4 people)" in html and f"67{NBSP}% (8 people)" in html
        days = client_for(comms).get(DASHBOARD, {**R_QUERY, "grain": "day"}).context["periods"]
        assert len(days) == 28

    def test_comparison_of_a_group_with_everyone_else(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY, group_a="Pilot")
        # Pilot p1 p2 p6 p7 (4, all readers: 100 %) against the 8 others (4 readers: 50 %).
        assert "Pilot against everyone else" in html
        assert f"100{NBSP}% (4 people)" in html and f"50{NBSP}% (4 people)" in html

    def test_refused_comparison_shows_the_definitions_message(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY, group_a="Pilot", group_b="Pilot and Anne")
        with pytest.raises(definitions.ComparisonRefused) as refused:
            definitions.compare_groups(R, "Pilot", "Pilot and Anne")
        from django.utils.html import escape

        assert escape(str(refused.value)) in html
        assert "kpi-trend-chart" in html  # the rest of the page is still there

    def test_unknown_comparison_group_is_a_form_error(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY, group_a="Employees")
        assert "Select a valid choice" in html


class TestPresentation:
    def test_french_typography(self):
        with translation.override("fr"):
            assert str(presentation.percent(0.48)) == f"48{NBSP}%"
            assert presentation.phrase("active_contributors", definitions.Figure(48, 100)).startswith(
                f"48{NBSP}%"
            )

    def test_suppressed_is_never_zero(self):
        assert str(presentation.people(privacy.Suppressed(5))) == "fewer than 5 people"
        assert str(presentation.people(privacy.Suppressed(5, complementary=True))) == "hidden"
        assert str(presentation.percent(privacy.Suppressed(5))) == "fewer than 5 people"

    def test_chart_text_is_escaped(self):
        svg = charts.bar_chart(
            "c", "<b>t</b>", "d&", ["<script>x</script>"], [charts.Series('s"', [0.5], ["<i>"])]
        )
        assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg and "<i>" not in svg


class TestContributors:
    def test_only_people_who_opted_in_are_listed(self, client_for, comms, data):
        # Contributions in R: p1 3, p6 2 (tests/test_kpi_employee.py); only p6 opted in.
        ContributorListConsent.objects.create(user=data.people["p6"])
        html = page(client_for(comms), **R_QUERY)
        section = re.search(r'aria-labelledby="kpi-contributors-heading">(.*?)</section>', html, re.S).group(
            1
        )
        assert "Only people who chose to appear in this list are in it" in section
        assert f'href="{reverse("wagtail_social_kpi:measured")}"' in section
        rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', section, re.S)
        assert rows == [("P6 Tester", "2")]  # p1 (3 contributions) did not opt in

    def test_nobody_listed_without_opting_in(self, client_for, comms):
        html = page(client_for(comms), **R_QUERY)
        section = re.search(r'aria-labelledby="kpi-contributors-heading">(.*?)</section>', html, re.S).group(
            1
        )
        assert "<table" not in section and "Nobody who opted in contributed in this range." in section


class TestHomePanel:
    def test_shown_with_the_permission(self, client_for, comms):
        html = client_for(comms).get(HOME).content.decode()
        assert "participation-summary" in html and "Open the participation dashboard" in html
        assert "regular readers" in html.lower()

    def test_hidden_without_it(self, client_for, editor_without):
        html = client_for(editor_without).get(HOME).content.decode()
        assert "participation-summary" not in html


def test_queries_do_not_grow_with_records(client_for, comms, data):
    client = client_for(comms)
    query = {**R_QUERY, "group_a": "Pilot"}
    client.get(DASHBOARD, query)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD, query).status_code == 200
        return len(queries)

    before = count()
    for number in range(150):
        PageView.objects.create(
            user=data.people[f"p{number % 12 + 1}"],
            page=data.pages["hr"],
            day=datetime.date(2026, 11, 2) + datetime.timedelta(days=number // 12),
        )
    for number in range(13, 30):
        make_user(f"p{number}", data.groups["Employees"], data.groups["Dept: Tech"])
    assert count() == before
    # 22 on both databases, with the comparison, the contributors list, the population shares
    # (one query for all) and the admin's own queries: the headline, the departments and the
    # comparison share one collection of the population's records (29 when each collected its own).
    assert before <= 22


def test_the_form_is_valid_without_parameters(data):
    form = DashboardForm({}, today=datetime.date(2026, 11, 30))
    assert form.is_valid() and form.date_range == R and form.grouping == "week" and form.comparison is None
