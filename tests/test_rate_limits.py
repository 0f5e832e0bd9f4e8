"""Per-person rate limits of the comment write endpoints (post, edit, report) and of the helpful
endpoint, each following its own setting. Windows are long so that no test straddles two."""

import pytest
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from tests.test_comments import POST_URL, form_data
from tests.utils import make_comment, set_policy
from wagtail_social.conf import settings as social_settings
from wagtail_social.models import CommentRevision, HelpfulVote

pytestmark = pytest.mark.django_db
WINDOW = 1_000_000
SCRIPT = {"HTTP_X_WAGTAIL_SOCIAL": "1"}


def assert_refused(response, message: str) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= WINDOW
    assert message in response.content.decode()


def test_defaults():
    assert social_settings.COMMENT_RATE_LIMIT == (10, 60)
    assert social_settings.COMMENT_EDIT_RATE_LIMIT == (10, 60)
    assert social_settings.FLAG_RATE_LIMIT == (20, 60)
    assert social_settings.HELPFUL_RATE_LIMIT == (30, 60)


class TestPost:
    @pytest.fixture(autouse=True)
    def _limit(self, settings):
        settings.WAGTAIL_SOCIAL_COMMENT_RATE_LIMIT = (2, WINDOW)

    def test_over_the_limit_is_429_and_nothing_is_stored(self, client_for, employee, article):
        client = client_for(employee)
        for n in range(2):
            assert client.post(POST_URL, form_data(article, text=f"Commentaire {n}")).status_code == 302
        response = client.post(POST_URL, form_data(article, text="Un de trop"))
        assert_refused(response, "Too many comments in a short time")
        assert list(XtdComment.objects.order_by("pk").values_list("comment", flat=True)) == [
            "Commentaire 0",
            "Commentaire 1",
        ]

    def test_the_script_gets_json(self, client_for, employee, article):
        client = client_for(employee)
        for n in range(2):
            client.post(POST_URL, form_data(article, text=f"Commentaire {n}"), **SCRIPT)
        response = client.post(POST_URL, form_data(article, text="Un de trop"), **SCRIPT)
        assert response.status_code == 429
        assert response["Retry-After"]
        assert response.json() == {
            "ok": False,
            "message": "Too many comments in a short time: wait a moment before posting again.",
        }
        assert XtdComment.objects.count() == 2

    def test_another_person_is_not_affected(self, client_for, employee, colleague, article):
        client = client_for(employee)
        for n in range(3):
            client.post(POST_URL, form_data(article, text=f"Commentaire {n}"))
        assert client_for(colleague).post(POST_URL, form_data(article, text="Moi")).status_code == 302
        assert XtdComment.objects.filter(user=colleague).count() == 1

    def test_other_limits_do_not_apply(self, client_for, employee, article, settings):
        settings.WAGTAIL_SOCIAL_REACTION_RATE_LIMIT = (0, WINDOW)
        settings.WAGTAIL_SOCIAL_COMMENT_EDIT_RATE_LIMIT = (0, WINDOW)
        response = client_for(employee).post(POST_URL, form_data(article, text="Bonjour"))
        assert response.status_code == 302


class TestEdit:
    @pytest.fixture(autouse=True)
    def _limit(self, settings):
        settings.WAGTAIL_SOCIAL_COMMENT_EDIT_RATE_LIMIT = (2, WINDOW)

    def edit(self, client, comment, text, **extra):
        return client.post(
            reverse("wagtail_social:edit_comment", args=[comment.pk]), {"comment": text}, **extra
        )

    def test_over_the_limit_is_429_and_stores_no_revision(self, client_for, employee, article):
        comment = make_comment(article, employee, "Version 0")
        client = client_for(employee)
        for n in (1, 2):
            assert self.edit(client, comment, f"Version {n}").status_code == 302
        response = self.edit(client, comment, "Version 3")
        assert_refused(response, "Too many edits in a short time")
        comment.refresh_from_db()
        assert comment.comment == "Version 2"
        assert CommentRevision.objects.count() == 2
        assert self.edit(client, comment, "Version 3", **SCRIPT).json()["ok"] is False

    def test_showing_the_form_is_not_counted(self, client_for, employee, article):
        comment = make_comment(article, employee, "Version 0")
        client = client_for(employee)
        for _ in range(3):
            assert client.get(reverse("wagtail_social:edit_comment", args=[comment.pk])).status_code == 200
        assert self.edit(client, comment, "Version 1").status_code == 302

    def test_another_person_is_not_affected(self, client_for, employee, colleague, article):
        mine = make_comment(article, employee, "Alice 0")
        theirs = make_comment(article, colleague, "Bob 0")
        client = client_for(employee)
        for n in range(3):
            self.edit(client, mine, f"Alice {n + 1}")
        assert self.edit(client_for(colleague), theirs, "Bob 1").status_code == 302
        theirs.refresh_from_db()
        assert theirs.comment == "Bob 1"


class TestFlag:
    @pytest.fixture(autouse=True)
    def _limit(self, settings):
        settings.WAGTAIL_SOCIAL_FLAG_RATE_LIMIT = (2, WINDOW)

    def flag(self, client, comment, **extra):
        return client.post(reverse("wagtail_social:flag_comment", args=[comment.pk]), **extra)

    def test_over_the_limit_is_429_and_nothing_is_stored(self, client_for, employee, colleague, article):
        comments = [make_comment(article, colleague, f"Douteux {n}") for n in range(3)]
        client = client_for(employee)
        for comment in comments[:2]:
            assert self.flag(client, comment).status_code == 302
        assert_refused(self.flag(client, comments[2]), "Too many reports in a short time")
        assert not CommentFlag.objects.filter(comment=comments[2]).exists()
        assert self.flag(client, comments[2], **SCRIPT).status_code == 429

    def test_another_person_is_not_affected(self, client_for, employee, colleague, moderator, article):
        comments = [make_comment(article, moderator, f"Douteux {n}") for n in range(3)]
        client = client_for(employee)
        for comment in comments:
            self.flag(client, comment)
        assert self.flag(client_for(colleague), comments[2]).status_code == 302
        assert CommentFlag.objects.filter(comment=comments[2], user=colleague).exists()


class TestHelpful:
    @pytest.fixture
    def faq(self, article):
        set_policy(article, helpful_enabled=True)
        return article

    def answer(self, client, page, helpful="yes"):
        return client.post(reverse("wagtail_social:helpful"), {"page": str(page.pk), "helpful": helpful})

    def test_follows_its_own_setting_not_the_reactions_one(
        self, client_for, employee, colleague, faq, settings
    ):
        settings.WAGTAIL_SOCIAL_HELPFUL_RATE_LIMIT = (2, WINDOW)
        settings.WAGTAIL_SOCIAL_REACTION_RATE_LIMIT = (1, WINDOW)
        client = client_for(employee)
        assert self.answer(client, faq, "yes").status_code == 302
        assert self.answer(client, faq, "no").status_code == 302
        assert_refused(self.answer(client, faq, "yes"), "Too many answers in a short time")
        assert HelpfulVote.objects.get(user=employee).helpful is False
        assert self.answer(client_for(colleague), faq).status_code == 302

    def test_a_high_reaction_limit_does_not_lift_it(self, client_for, employee, faq, settings):
        settings.WAGTAIL_SOCIAL_HELPFUL_RATE_LIMIT = (1, WINDOW)
        settings.WAGTAIL_SOCIAL_REACTION_RATE_LIMIT = (1000, WINDOW)
        client = client_for(employee)
        assert self.answer(client, faq, "yes").status_code == 302
        assert self.answer(client, faq, "no").status_code == 429
        assert HelpfulVote.objects.get(user=employee).helpful is True
