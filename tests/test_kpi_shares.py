"""Population shares declared by features (the usage charter's "accepted the current version"):
counted within the KPI population, protected like every figure, listed on the dashboard; the KPI
app never imports the feature that declares them."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import wagtail_social_kpi
from tests.utils import make_user
from wagtail_social import charter
from wagtail_social_kpi import privacy
from wagtail_social_kpi.shares import share_figures

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("wagtail_social_kpi_admin:dashboard")


def charter_figure():
    return next(figure for figure in share_figures() if figure.key == "charter_accepted")


@pytest.fixture
def people(db):
    """Twelve active employees: the population (every active account, by default)."""
    return [make_user(f"p{number}") for number in range(12)]


def accept(users, version):
    for user in users:
        charter.accept(user, version)


def test_the_share_counts_acceptances_of_the_current_version_only(people):
    first = charter.publish_version("<p>One</p>")
    accept(people[:6], first)
    figure = charter_figure()
    assert (figure.count, figure.population, figure.share) == (6, 12, 0.5)
    second = charter.publish_version("<p>Two</p>")
    figure = charter_figure()
    assert figure.count == 0 and figure.share == 0  # nobody accepted version 2 yet
    accept(people[:5], second)
    assert charter_figure().count == 5


def test_inactive_accounts_are_not_counted(people):
    version = charter.publish_version("<p>One</p>")
    accept(people[:6], version)
    people[0].is_active = False
    people[0].save()
    figure = charter_figure()
    assert (figure.count, figure.population) == (5, 11)


@pytest.mark.parametrize(
    ("count", "total", "shown"),
    [
        (0, 10, (0, 10)),  # nobody: describes no one
        (3, 10, "count hidden"),  # fewer than k people accepted
        (8, 10, "count hidden"),  # fewer than k did not: 10 - 8 = 2
        (10, 10, (10, 10)),  # everyone
        (5, 10, (5, 10)),
        (2, 4, "all hidden"),  # a population under k
    ],
)
def test_the_share_is_k_anonymous(count, total, shown):
    protected = privacy.protect_share(count, total, k=5)
    if shown == "count hidden":
        assert privacy.is_suppressed(protected[0]) and protected[1] == total
    elif shown == "all hidden":
        assert all(privacy.is_suppressed(cell) for cell in protected)
    else:
        assert protected == shown


def test_the_dashboard_lists_the_share(client_for, people):
    version = charter.publish_version("<p>One</p>")
    accept(people[:6], version)
    group = Group.objects.create(name="Comms")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_participation"]))
    comms = make_user("comms", group)  # the 13th person of the population
    html = client_for(comms).get(DASHBOARD).content.decode()
    row = html.split('id="kpi-share-charter_accepted"')[1].split("</tr>")[0]
    assert "Accepted the current usage charter" in row
    assert "6 people" in row and "46\u00a0%" in row


def test_the_kpi_app_does_not_import_the_charter():
    for path in Path(wagtail_social_kpi.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "charter" not in node.module, path
            elif isinstance(node, ast.Import):
                assert all("charter" not in alias.name for alias in node.names), path
