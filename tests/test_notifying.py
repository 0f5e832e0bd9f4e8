"""Notifications people control: the kinds' registry, the preferences page, the stop link and
its headers, one base URL for every link, following a discussion, and @mentions."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.contributions_helpers import ALL_KINDS
from tests.utils import make_comment, set_policy
from wagtail_social import delivery, following, mentions, notifications
from wagtail_social.models import FollowupBatch, NotificationPreference
from wagtail_social.notification_kinds import MENTION, OFF, REPLIES, all_kinds
from wagtail_social.targets import target_for

pytestmark = pytest.mark.django_db
PREFERENCES = reverse("wagtail_social:notification_preferences")
FOLLOW = reverse("wagtail_social:follow")
PEOPLE = reverse("wagtail_social:mention_people")


def send_followups(page, author, text="New"):
    comment = make_comment(page, author, text)
    notifications.schedule_followup_notifications(comment)
    for batch in FollowupBatch.objects.all():
        notifications.send_batch(batch.pk)
    return comment


def test_every_kind_of_the_issue_is_registered_core_and_contributions():
    keys = {kind.key for kind in all_kinds()}
    assert keys >= {"replies", "answer", "idea_status", "mention", "moderation", "overdue", "reminder"}


def test_preferences_page_lists_kinds_inside_the_host_layout_and_saves(settings, client_for, employee):
    settings.WAGTAIL_SOCIAL_BASE_TEMPLATE = "tests/site_base.html"
    client = client_for(employee)
    body = client.get(PREFERENCES).content.decode()
    assert "Test site header" in body and "Replies in a discussion I follow" in body
    assert "An overdue question" in body and 'value="weekly"' in body
    client.post(PREFERENCES, {"kind-replies": "daily", "kind-mention": "off", "kind-answer": "bogus"})
    assert delivery.frequency_for(employee, REPLIES) == "daily"
    assert delivery.frequency_for(employee, MENTION) == OFF
    assert delivery.frequency_for(employee, "answer") == "immediate"  # an unknown value changes nothing


def test_preferences_need_a_login(client):
    assert client.get(PREFERENCES).status_code == 302


def test_a_kind_switched_off_sends_nothing(article, employee, colleague):
    NotificationPreference.objects.create(user=colleague, kind=REPLIES, frequency=OFF)
    make_comment(article, colleague, "I follow", followup=True)
    send_followups(article, employee)
    assert mail.outbox == []


def test_followup_email_html_text_one_base_url_and_stop_headers(article, employee, colleague, settings):
    settings.WAGTAIL_SOCIAL_BASE_URL = "https://intranet.example"
    make_comment(article, colleague, "I follow", followup=True)
    send_followups(article, employee)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    links = [word for word in message.body.split() if "://" in word]
    assert links and all(link.startswith("https://intranet.example/") for link in links)
    assert "localhost" not in html and "testserver" not in html
    stop = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert stop.startswith("https://intranet.example/social/notifications/stop/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # One click from the mail client (a POST without cookie or CSRF token) stops replies.
    path = stop.removeprefix("https://intranet.example")
    assert Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert delivery.frequency_for(colleague, REPLIES) == OFF


def test_stop_link_get_only_asks_and_a_bad_token_is_404(client, colleague):
    url = reverse("wagtail_social:notifications_stop", args=[delivery.stop_token(colleague.pk, REPLIES)])
    assert "Stop the emails" in client.get(url).content.decode()
    assert delivery.frequency_for(colleague, REPLIES) == "immediate"
    assert client.get(reverse("wagtail_social:notifications_stop", args=["forged"])).status_code == 404


def test_base_url_check_warns_without_an_absolute_url(settings):
    from wagtail_social.checks import check_email_base_url

    assert check_email_base_url() == []
    settings.WAGTAILADMIN_BASE_URL = ""
    assert [warning.id for warning in check_email_base_url()] == ["wagtail_social.W006"]


def test_follow_and_stop_following_with_a_button(client_for, article, employee, colleague):
    client = client_for(colleague)
    data = {"page": article.pk, "content_type": "wagtailcore.page", "object_pk": article.pk}
    assert client.post(FOLLOW, {**data, "follow": "1"}).status_code == 302
    assert following.is_following(colleague, target_for(article))
    send_followups(article, employee)
    assert len(mail.outbox) == 1
    response = client.post(FOLLOW, {**data, "follow": "0"}, HTTP_X_WAGTAIL_SOCIAL="1")
    assert response.json() == {"ok": True, "following": False}
    make_comment(article, colleague, "ticked the box", followup=True)  # the explicit choice wins
    send_followups(article, employee, "Another")
    assert len(mail.outbox) == 1


def test_follow_button_is_shown_with_its_state(client_for, article, colleague):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = colleague
    request.session = {}
    template = Template("{% load wagtail_social_tags %}{% social_discussion page %}")
    body = template.render(Context({"request": request, "page": article}))
    assert 'name="follow" value="1"' in body and "Follow this discussion" in body
    following.set_following(colleague, target_for(article), True)
    body = template.render(Context({"request": request, "page": article}))
    assert 'name="follow" value="0"' in body and "You follow this discussion" in body


def test_follow_needs_csrf_and_a_visible_page(article, community_page, colleague):
    client = Client(enforce_csrf_checks=True)
    client.force_login(colleague)
    data = {"page": article.pk, "content_type": "wagtailcore.page", "object_pk": article.pk, "follow": "1"}
    assert client.post(FOLLOW, data).status_code == 403
    private = {**data, "page": community_page.pk, "object_pk": community_page.pk}
    client = Client()
    client.force_login(colleague)
    assert client.post(FOLLOW, private).status_code == 404


def test_follow_is_rate_limited(client_for, article, colleague, settings):
    settings.WAGTAIL_SOCIAL_MENTION_RATE_LIMIT = (2, 60)
    client = client_for(colleague)
    data = {"page": article.pk, "content_type": "wagtailcore.page", "object_pk": article.pk, "follow": "1"}
    assert [client.post(FOLLOW, data).status_code for _ in range(3)] == [302, 302, 429]


def test_mention_completion_lists_only_people_who_may_see_the_page(
    client_for, community_page, member, moderator, colleague
):
    client = client_for(member)
    assert client.get(PEOPLE, {"page": community_page.pk, "q": "ma"}).json() == {
        "people": [{"username": "maud", "name": "Maud Moreau"}]
    }
    assert client.get(PEOPLE, {"page": community_page.pk, "q": "bo"}).json() == {"people": []}
    assert client_for(colleague).get(PEOPLE, {"page": community_page.pk, "q": "ma"}).status_code == 404


def test_mention_completion_is_rate_limited(client_for, article, colleague, settings):
    settings.WAGTAIL_SOCIAL_MENTION_RATE_LIMIT = (1, 60)
    client = client_for(colleague)
    assert [client.get(PEOPLE, {"page": article.pk, "q": "a"}).status_code for _ in range(2)] == [200, 429]


def test_mentioned_people_are_told_only_if_they_may_see_the_page(
    community_page, member, moderator, colleague, django_capture_on_commit_callbacks
):
    assert mentions.mentioned_usernames("Hi @maud and @bob, mail me at x@y.z.") == ["maud", "bob"]
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(community_page, member, "What do you think, @maud and @bob?")
        mentions._comment_published(None, comment)
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "mentioned you" in mail.outbox[0].body
    assert "http://testserver/" in mail.outbox[0].body


def test_mentions_in_a_contribution(section, employee, colleague, django_capture_on_commit_callbacks):
    from wagtail_social.contributions import contributing

    set_policy(section, **ALL_KINDS)
    with django_capture_on_commit_callbacks(execute=True):
        contributing.submit(section, employee, "idea", {"title": "Bikes", "text": "@bob would like it"})
    assert [message.to for message in mail.outbox] == [[colleague.email]]


def test_a_mention_switched_off_is_not_sent(article, employee, colleague, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=colleague, kind=MENTION, frequency=OFF)
    with django_capture_on_commit_callbacks(execute=True):
        mentions._comment_published(None, make_comment(article, employee, "@bob look"))
    assert mail.outbox == []


def test_comment_form_offers_the_name_completion(client_for, article, colleague):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = colleague
    request.session = {}
    body = Template("{% load wagtail_social_tags %}{% social_discussion page %}").render(
        Context({"request": request, "page": article})
    )
    assert f'data-social-mentions="{PEOPLE}?page={article.pk}"' in body
    assert "wagtail_social_mentions.js" in body


def test_the_mute_link_also_ends_a_follow_by_the_button(client_for, article, employee, colleague):
    following.set_following(colleague, target_for(article), True)
    send_followups(article, employee)
    mute_path = "/social/mute/" + mail.outbox[0].body.split("http://testserver/social/mute/")[1].split()[0]
    assert client_for(colleague).post(mute_path).status_code == 200
    assert not following.is_following(colleague, target_for(article))
