"""Our admin screens ask ``access``: a private community's polls, helpfulness figures and pages
are not found by non-members, whatever their admin permissions, exactly as a missing id."""

from __future__ import annotations

import io

import pytest
from django.urls import URLPattern, reverse
from openpyxl import load_workbook

from tests.polls_admin import LIST, body, cast, form_data, make_poll, url
from tests.utils import add_page, make_user
from wagtail_social.models import HelpfulVote
from wagtail_social_polls.models import Poll, PollPlacement

pytestmark = pytest.mark.django_db

QUESTION = "Which date for the community offsite?"
CHOOSER = "wagtailsnippetchoosers_wagtail_social_polls_poll"
BULK_DELETE = reverse("wagtail_bulk_action", args=["wagtail_social_polls", "poll", "delete"])
# Every URL of one poll: the snippet views, ours, and the chooser's answer once a poll is chosen.
POLL_URLS = [
    ("edit", ""),
    ("delete", ""),
    ("copy", ""),
    ("usage", ""),
    ("history", ""),
    ("history_results", ""),
    ("results", ""),
    ("results", "?export=csv"),
    ("results", "?export=xlsx"),
    ("voters", "?export=csv"),
    ("voters", "?export=xlsx"),
]


@pytest.fixture
def community_poll(community_page):
    """A poll shown only in the private community, with enough votes for its results."""
    poll = make_poll(QUESTION)
    cast(poll, [0], [1], [1])
    PollPlacement.objects.create(poll=poll, page=community_page)
    return poll


@pytest.fixture
def member_exporter(exporter, members):
    exporter.groups.add(members)
    return exporter


def poll_url(name, pk, query=""):
    return reverse(f"wagtailsnippets_wagtail_social_polls_poll:{name}", args=[pk]) + query


def chosen_url(pk):
    return reverse(f"{CHOOSER}:chosen", args=[pk])


class TestPollsOfAPrivateCommunity:
    @pytest.mark.parametrize(("name", "query"), POLL_URLS)
    def test_non_member_gets_404_as_for_a_missing_id(self, client_for, exporter, community_poll, name, query):
        client = client_for(exporter)
        assert client.get(poll_url(name, community_poll.pk + 1000, query)).status_code == 404
        response = client.get(poll_url(name, community_poll.pk, query))
        assert response.status_code == 404
        assert QUESTION.encode() not in body(response)

    def test_non_member_cannot_edit_copy_or_delete_it(self, client_for, poll_editor, community_poll):
        client = client_for(poll_editor)
        for name in ("edit", "copy", "delete"):
            assert client.post(url(name, community_poll), form_data(community_poll)).status_code == 404
        assert list(Poll.objects.all()) == [community_poll]
        assert Poll.objects.get().question == QUESTION

    def test_every_view_of_one_poll_is_covered(self, client_for, exporter, community_poll):
        """Whatever views the viewsets mount for one poll (a later Wagtail may add some)."""
        from wagtail_social_polls.admin.viewsets import PollViewSet

        viewset = Poll.snippet_viewset
        assert isinstance(viewset, PollViewSet)
        client = client_for(exporter)
        checked = set()
        for namespace, patterns in (
            ("wagtailsnippets_wagtail_social_polls_poll", viewset.get_urlpatterns()),
            (CHOOSER, viewset.chooser_viewset.get_urlpatterns()),
        ):
            for pattern in patterns:
                assert isinstance(pattern, URLPattern)
                if list(pattern.pattern.regex.groupindex) != ["pk"]:
                    continue
                address = reverse(f"{namespace}:{pattern.name}", args=[community_poll.pk])
                assert client.get(address, {"export": "csv"}).status_code == 404, address
                checked.add(pattern.name)
        assert {"edit", "delete", "copy", "usage", "history", "results", "voters", "chosen"} <= checked

    def test_chooser_answers_404_as_for_a_missing_id(self, client_for, poll_editor, community_poll):
        client = client_for(poll_editor)
        assert client.get(chosen_url(community_poll.pk + 1000)).status_code == 404
        assert client.get(chosen_url(community_poll.pk)).status_code == 404

    def test_non_member_does_not_see_it_in_lists(self, client_for, poll_editor, community_poll):
        public = make_poll("Canteen menu?")
        client = client_for(poll_editor)
        for address in (LIST, reverse("wagtailsnippets_wagtail_social_polls_poll:list_results")):
            html = client.get(address).content.decode()
            assert "Canteen menu?" in html and QUESTION not in html, address
        for address in (reverse(f"{CHOOSER}:choose"), reverse(f"{CHOOSER}:choose_results")):
            html = client.get(address).content.decode()
            assert "Canteen menu?" in html and QUESTION not in html, address
        chosen = client.get(reverse(f"{CHOOSER}:chosen_multiple"), {"id": [community_poll.pk, public.pk]})
        assert "Canteen menu?" in chosen.content.decode() and QUESTION not in chosen.content.decode()

    def test_non_member_cannot_bulk_delete_it(self, client_for, poll_editor, community_poll):
        client = client_for(poll_editor)
        assert client.get(f"{BULK_DELETE}?id={community_poll.pk + 1000}").status_code == 404
        assert client.get(f"{BULK_DELETE}?id={community_poll.pk}").status_code == 404
        assert client.post(f"{BULK_DELETE}?id={community_poll.pk}").status_code == 404
        public = make_poll("Canteen menu?")
        html = client.get(f"{BULK_DELETE}?id={community_poll.pk}&id={public.pk}").content.decode()
        assert "Canteen menu?" in html and QUESTION not in html
        client.post(f"{BULK_DELETE}?id={community_poll.pk}&id={public.pk}")
        assert list(Poll.objects.all()) == [community_poll]

    def test_member_sees_and_manages_it(self, client_for, member_exporter, community_poll):
        client = client_for(member_exporter)
        for name, query in POLL_URLS:
            assert client.get(poll_url(name, community_poll.pk, query)).status_code == 200, name
        assert client.get(chosen_url(community_poll.pk)).status_code == 200
        assert QUESTION in client.get(LIST).content.decode()
        assert QUESTION in client.get(reverse(f"{CHOOSER}:choose")).content.decode()

    def test_superuser_sees_it(self, client_for, community_poll):
        admin = make_user("root", is_superuser=True, is_staff=True)
        assert client_for(admin).get(url("edit", community_poll)).status_code == 200

    def test_a_poll_placed_nowhere_stays_visible(self, client_for, poll_editor):
        poll = make_poll(QUESTION)
        client = client_for(poll_editor)
        assert QUESTION in client.get(LIST).content.decode()
        assert client.get(url("edit", poll)).status_code == 200
        assert client.get(url("results", poll)).status_code == 200

    def test_a_poll_also_placed_on_a_public_page_is_visible(
        self, client_for, poll_editor, community_poll, article
    ):
        PollPlacement.objects.create(poll=community_poll, page=article)
        client = client_for(poll_editor)
        assert QUESTION in client.get(LIST).content.decode()
        assert client.get(url("results", community_poll)).status_code == 200

    def test_unpublishing_its_public_page_does_not_hide_it_from_editors(
        self, client_for, poll_editor, article
    ):
        poll = make_poll(QUESTION)
        PollPlacement.objects.create(poll=poll, page=article)
        article.unpublish()
        assert client_for(poll_editor).get(url("edit", poll)).status_code == 200


HELPFULNESS = reverse("wagtail_social_admin:helpfulness")
HELPFUL_COMMENTS = reverse("wagtail_social_admin:helpful_comments")


class TestHelpfulnessReportsOfAPrivateCommunity:
    @pytest.fixture
    def answers(self, community_page, article):
        HelpfulVote.objects.create(
            user=make_user("reader0"), page=community_page, helpful=False, comment="Private remark"
        )
        HelpfulVote.objects.create(
            user=make_user("reader1"), page=article, helpful=True, comment="Public remark"
        )

    @staticmethod
    def text(response) -> str:
        data = body(response)
        if response["Content-Type"].startswith("application/vnd.openxmlformats"):
            rows = load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
            return "\n".join(" ".join(str(cell) for cell in row) for row in rows)
        return data.decode("utf-8-sig")

    @pytest.mark.parametrize("query", [{}, {"export": "csv"}, {"export": "xlsx"}])
    def test_non_member_editor_does_not_see_the_community(self, client_for, editor, answers, query):
        client = client_for(editor)
        report = self.text(client.get(HELPFULNESS, query))
        comments = self.text(client.get(HELPFUL_COMMENTS, query))
        assert "Article" in report and "Public remark" in comments
        assert "Private topic" not in report
        assert "Private remark" not in comments and "Private topic" not in comments

    def test_non_member_editor_filtering_on_the_page_finds_nothing(
        self, client_for, editor, answers, community_page
    ):
        html = client_for(editor).get(HELPFUL_COMMENTS, {"page": community_page.pk}).content.decode()
        assert "Private remark" not in html

    def test_member_editor_sees_it(self, client_for, editor, members, answers):
        editor.groups.add(members)
        client = client_for(editor)
        assert b"Private topic" in body(client.get(HELPFULNESS, {"export": "csv"}))
        assert b"Private remark" in body(client.get(HELPFUL_COMMENTS, {"export": "csv"}))


class TestPolicyViewOfAPrivateCommunity:
    def policy_url(self, page_id):
        return reverse("wagtail_social_admin:policy", args=[page_id])

    def test_same_404_for_a_hidden_page_and_a_missing_one(self, client_for, editor, community_page):
        client = client_for(editor)
        assert community_page.permissions_for_user(editor).can_edit()  # the permission is there
        for method in (client.get, client.post):
            assert method(self.policy_url(community_page.pk)).status_code == 404
            assert method(self.policy_url(community_page.pk + 1000)).status_code == 404

    def test_same_404_for_a_page_the_user_may_not_edit(self, client_for, moderator, article):
        client = client_for(moderator)
        assert client.get(self.policy_url(article.pk)).status_code == 404
        assert client.get(self.policy_url(article.pk + 1000)).status_code == 404

    def test_member_editor_sets_it(self, client_for, editor, members, community_page):
        editor.groups.add(members)
        assert client_for(editor).get(self.policy_url(community_page.pk)).status_code == 200

    def test_draft_pages_keep_their_policy_form(self, client_for, editor, article):
        article.unpublish()
        assert client_for(editor).get(self.policy_url(article.pk)).status_code == 200

    def test_participation_action_not_offered_to_non_members(self, client_for, editor, community, home):
        draft = add_page(home, "Public news")
        listing = client_for(editor).get(reverse("wagtailadmin_explore", args=[home.pk])).content.decode()
        assert self.policy_url(draft.pk) in listing
        assert self.policy_url(community.pk) not in listing
