"""Discussions on an object that is not a page (the test app's ``Announcement``, shown on a
page): comments, replies, reactions, flags, moderation, follow-ups and edits work as on a page,
under the access and policy of the announcement's page."""

import pytest
from django.core import mail
from django.urls import reverse
from django_comments.forms import CommentSecurityForm
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from tests.testapp.models import Announcement, AnnouncementsPage
from tests.utils import add_page, comment_key, make_comment, set_policy
from wagtail_social.models import Reaction
from wagtail_social.targets import target_for

pytestmark = pytest.mark.django_db
POST_URL = reverse("wagtail_social:post_comment")
REACT = reverse("wagtail_social:react")
WHO = reverse("wagtail_social:who_reacted")
QUEUE = reverse("wagtail_social_moderation:index")


@pytest.fixture
def news(section):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    return add_page(section, "News", model=AnnouncementsPage)


@pytest.fixture
def announcement(news):
    return Announcement.objects.create(page=news, title="Canteen closed on Friday", text="Works.")


@pytest.fixture
def private_announcement(community):
    set_policy(community, comments_enabled=True, reactions_enabled=True)
    page = add_page(community, "Community news", model=AnnouncementsPage)
    return Announcement.objects.create(page=page, title="Members' offsite", text="Secret plans.")


def form_data(target, text="Bonne nouvelle", reply_to=0, followup=False):
    data = CommentSecurityForm(target).generate_security_data()
    data.update(comment=text, reply_to=str(reply_to))
    if followup:
        data["followup"] = "on"
    return data


def post(client, target, **kwargs):
    return client.post(POST_URL, form_data(target, **kwargs))


def react_data(announcement, reaction="add:like", comment=None):
    data = {"page": str(announcement.page_id), "reaction": reaction}
    if comment is not None:
        data["comment"] = str(comment.pk)
    else:
        data.update(target_type="testapp.announcement", target_id=str(announcement.pk))
    return data


def test_the_page_shows_the_announcements_discussion(client_for, employee, announcement, news):
    make_comment(announcement, employee, "On the announcement")
    make_comment(news, employee, "On the page")
    html = client_for(employee).get(news.url).content.decode()
    block = html.split(f'id="social-testapp-announcement-{announcement.pk}-comments"')[1].split("</section>")[
        0
    ]
    assert "On the announcement" in block
    assert "On the page" not in block
    assert 'name="content_type" value="testapp.announcement"' in block
    assert f'name="target_id" value="{announcement.pk}"' in block
    assert html.count("wagtail_social.js") == 1  # the assets are linked once for every block


def test_comment_and_reply(client_for, employee, colleague, announcement, news):
    response = post(client_for(employee), announcement, text="Merci pour l'info")
    comment = XtdComment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"{news.url}#comment-{comment.pk}")
    assert comment.content_object == announcement
    response = post(client_for(colleague), announcement, text="Et le lundi ?", reply_to=comment.pk)
    reply = XtdComment.objects.get(comment="Et le lundi ?")
    assert (reply.parent_id, reply.level, reply.content_object) == (comment.pk, 1, announcement)


def test_a_reply_stays_in_its_discussion(client_for, employee, colleague, announcement, news):
    on_the_page = make_comment(news, colleague, "Page comment")
    response = post(client_for(employee), announcement, text="Cross", reply_to=on_the_page.pk)
    assert response.status_code == 400
    assert not XtdComment.objects.filter(comment="Cross").exists()


def test_react_to_the_announcement_and_to_its_comments(client_for, employee, colleague, announcement, news):
    comment = make_comment(announcement, colleague, "Good to know")
    client = client_for(employee)
    response = client.post(REACT, react_data(announcement, "add:useful"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#social-testapp-announcement-{announcement.pk}-reactions")
    response = client.post(REACT, react_data(announcement, "add:bravo", comment), HTTP_X_WAGTAIL_SOCIAL="1")
    bravo = next(item for item in response.json()["reactions"] if item["kind"] == "bravo")
    assert (bravo["count"], bravo["pressed"]) == (1, True)
    assert target_for(announcement).key in {(r.target_type_id, r.target_id) for r in Reaction.objects.all()}
    assert Reaction.objects.filter(target_type__model="xtdcomment", target_id=comment.pk).count() == 1
    assert not Reaction.objects.filter(target_type=None).exists()  # the page itself got nothing
    html = client.get(news.url).content.decode()
    assert 'value="remove:useful" aria-pressed="true"' in html
    names = client_for(colleague).get(WHO, {**react_data(announcement), "kind": "useful"})
    assert "Alice Martin" in names.content.decode()


def test_a_comment_or_target_must_belong_to_the_page_named(
    client_for, employee, colleague, announcement, section
):
    other = add_page(section, "Other")
    comment = make_comment(announcement, colleague, "x")
    client = client_for(employee)
    assert (
        client.post(REACT, {**react_data(announcement, comment=comment), "page": str(other.pk)}).status_code
        == 404
    )
    assert client.post(REACT, {**react_data(announcement), "page": str(other.pk)}).status_code == 404
    assert client.post(REACT, {**react_data(announcement), "target_type": "auth.user"}).status_code == 404
    assert not Reaction.objects.exists()


def test_flag_moderate_and_review(client_for, employee, colleague, moderator, announcement):
    comment = make_comment(announcement, colleague, "Rude words")
    client = client_for(employee)
    assert client.post(reverse("wagtail_social:flag_comment", args=[comment.pk])).status_code == 302
    assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).count() == 1
    queue = client_for(moderator).get(QUEUE).content.decode()
    assert "Rude words" in queue and "News" in queue
    review = reverse("wagtail_social_moderation:edit", args=[comment.pk])
    html = client_for(moderator).get(review).content.decode()
    assert "Canteen closed on Friday" in html
    assert (
        client_for(moderator).post(review, {"action": "remove", "reason": "Hors charte"}).status_code == 302
    )
    comment.refresh_from_db()
    assert comment.is_removed
    client_for(moderator).post(review, {"action": "restore"})
    held = make_comment(announcement, colleague, "Held one", is_public=False)
    client_for(moderator).post(
        reverse("wagtail_social_moderation:edit", args=[held.pk]), {"action": "approve"}
    )
    held.refresh_from_db()
    assert held.is_public


def test_edit(client_for, employee, announcement):
    comment = make_comment(announcement, employee, "Premier jet")
    url = reverse("wagtail_social:edit_comment", args=[comment.pk])
    response = client_for(employee).post(url, {"comment": "Corrigé"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.comment == "Corrigé"


def test_follow_up_email_links_to_the_page_and_mutes_this_discussion(
    client_for, employee, colleague, announcement, news, django_capture_on_commit_callbacks
):
    make_comment(announcement, colleague, "Following", followup=True)
    make_comment(news, colleague, "Following the page too", followup=True)
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(employee), announcement, text="News about the canteen")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [colleague.email]
    assert "Canteen closed on Friday" in message.subject
    assert "News about the canteen" in message.body
    assert f"http://testserver{news.url}#comment-" in message.body
    mute_path = "/social/mute/" + message.body.split("http://testserver/social/mute/")[1].split()[0]
    assert client_for(colleague).post(mute_path).status_code == 200
    assert list(
        XtdComment.objects.filter(user=colleague, followup=True).values_list("comment", flat=True)
    ) == ["Following the page too"]


class TestPolicyOfThePage:
    def test_comments_off_on_the_page(self, client_for, employee, announcement, news):
        set_policy(news, comments_enabled=False)
        assert post(client_for(employee), announcement).status_code == 403
        assert not XtdComment.objects.exists()

    def test_reactions_off_on_the_page(self, client_for, employee, announcement, news):
        set_policy(news, reactions_enabled=False)
        assert client_for(employee).post(REACT, react_data(announcement)).status_code == 403
        assert not Reaction.objects.exists()

    def test_everything_off_hides_the_block(self, client_for, employee, announcement, news):
        set_policy(news, comments_enabled=False, reactions_enabled=False)
        html = client_for(employee).get(news.url).content.decode()
        assert "social-testapp-announcement" not in html


class TestPrivateCommunity:
    """A non-member gets exactly the answer a missing announcement gets, on every endpoint."""

    def endpoints(self, client, announcement, comment):
        return {
            "post": lambda: client.post(POST_URL, form_data(announcement)),
            "reply": lambda: client.post(POST_URL, form_data(announcement, reply_to=comment.pk)),
            "edit": lambda: client.post(
                reverse("wagtail_social:edit_comment", args=[comment.pk]), {"comment": "x"}
            ),
            "flag": lambda: client.post(reverse("wagtail_social:flag_comment", args=[comment.pk])),
            "react": lambda: client.post(REACT, react_data(announcement)),
            "react_comment": lambda: client.post(REACT, react_data(announcement, comment=comment)),
            "who": lambda: client.get(WHO, {**react_data(announcement), "kind": "like"}),
            "fragment": lambda: client.get(
                reverse("wagtail_social:target_discussion", args=["testapp.announcement", announcement.pk])
            ),
        }

    def test_member_takes_part(self, client_for, member, private_announcement):
        client = client_for(member)
        assert post(client, private_announcement).status_code == 302
        assert client.post(REACT, react_data(private_announcement)).status_code == 302

    def test_non_member_gets_404_everywhere(self, client_for, member, outsider, private_announcement):
        comment = make_comment(private_announcement, outsider, "Own comment, before the restriction")
        client = client_for(outsider)
        answers = {
            name: call().status_code
            for name, call in self.endpoints(client, private_announcement, comment).items()
        }
        assert answers == dict.fromkeys(answers, 404)
        html = client.get(private_announcement.page.url)
        assert html.status_code != 200 or "Secret plans" not in html.content.decode()
        assert XtdComment.objects.count() == 1 and not Reaction.objects.exists()

    def test_missing_announcement_answers_the_same(self, client_for, outsider, private_announcement):
        comment = make_comment(private_announcement, outsider, "x")
        gone = Announcement(pk=private_announcement.pk + 1000, page=private_announcement.page, title="gone")
        client = client_for(outsider)
        for name, call in self.endpoints(client, gone, comment).items():
            if name not in ("edit", "flag", "react_comment", "reply"):
                assert call().status_code == 404, name

    def test_queue_hides_it_from_outsider_moderators(
        self, client_for, moderators, member, private_announcement
    ):
        from tests.utils import make_user

        comment = make_comment(private_announcement, member, "Community secret", is_public=False)
        oscar = make_user("oscar", moderators)
        assert "Community secret" not in client_for(oscar).get(QUEUE).content.decode()
        assert (
            client_for(oscar).get(reverse("wagtail_social_moderation:edit", args=[comment.pk])).status_code
            == 404
        )


def test_deleting_an_announcement_deletes_its_reactions(employee, announcement):
    Reaction.objects.create(user=employee, page=announcement.page, target=announcement, kind="like")
    comment = make_comment(announcement, employee, "c")
    Reaction.objects.create(user=employee, page=announcement.page, target=comment, kind="like")
    key = comment_key(comment)
    comment.delete()
    assert not Reaction.objects.filter(target_type=key[0], target_id=key[1]).exists()
    assert Reaction.objects.count() == 1
    announcement.delete()
    assert not Reaction.objects.exists()


def test_an_announcement_moved_to_another_page_takes_its_reactions(
    client_for, employee, colleague, announcement, section
):
    comment = make_comment(announcement, colleague, "Good to know")
    client = client_for(employee)
    client.post(REACT, react_data(announcement, "add:like"))
    client.post(REACT, react_data(announcement, "add:bravo", comment))
    other = add_page(section, "Other news", model=AnnouncementsPage)
    announcement.page = other
    announcement.save()
    assert set(Reaction.objects.values_list("page_id", flat=True)) == {other.pk}
    # Counted, removed and added again through the page the announcement is on now.
    response = client.post(REACT, react_data(announcement, "remove:like"), HTTP_X_WAGTAIL_SOCIAL="1")
    like = next(item for item in response.json()["reactions"] if item["kind"] == "like")
    assert (like["count"], like["pressed"]) == (0, False)
    response = client.post(REACT, react_data(announcement, "add:like"), HTTP_X_WAGTAIL_SOCIAL="1")
    like = next(item for item in response.json()["reactions"] if item["kind"] == "like")
    assert (like["count"], like["pressed"]) == (1, True)
    assert Reaction.objects.filter(target_type__model="xtdcomment", page=other).count() == 1
