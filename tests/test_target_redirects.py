"""Without JavaScript, a comment (or reaction, edit, report) on the discussion of an object that
is not a page returns to the object's own URL when it has one (``get_absolute_url``: a
contribution's page), where that discussion is shown; an object without a URL (the test app's
announcement, shown on its page) returns to its page, as before."""

import pytest
from django.urls import reverse
from django_comments.forms import CommentSecurityForm
from django_comments_xtd.models import XtdComment

from tests.contributions_helpers import make_contribution, switch_on
from tests.testapp.models import Announcement, AnnouncementsPage
from tests.utils import add_page, make_comment, set_policy
from wagtail_social.targets import target_for

pytestmark = pytest.mark.django_db
POST_URL = reverse("wagtail_social:post_comment")
REACT = reverse("wagtail_social:react")


def form_data(target, text="Bonne idée"):
    data = CommentSecurityForm(target).generate_security_data()
    data.update(comment=text, reply_to="0")
    return data


@pytest.fixture
def idea(section, colleague):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    page = add_page(section, "Cantine")
    switch_on(page)
    return make_contribution(page, colleague, title="Menus végétariens")


def test_a_comment_on_a_contribution_returns_to_the_contribution(client_for, employee, idea):
    response = client_for(employee).post(POST_URL, form_data(idea))
    comment = XtdComment.objects.get()
    target = target_for(idea)
    assert response.status_code == 302
    assert response["Location"] == f"{idea.get_absolute_url()}#comment-{comment.pk}"
    # The contribution's page shows that discussion, with the comment.
    html = client_for(employee).get(response["Location"]).content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert target.dom_id in html


def test_anonymous_comment_goes_to_log_in_and_back_to_the_contribution(client, idea):
    response = client.post(POST_URL, form_data(idea))
    assert response.status_code == 302
    assert "next=" in response["Location"] and f"/contributions/{idea.pk}/" in response["Location"]


def test_edit_and_flag_return_to_the_contribution(client_for, employee, colleague, idea):
    mine = make_comment(idea, employee, "Premier jet")
    edit = reverse("wagtail_social:edit_comment", args=[mine.pk])
    response = client_for(employee).post(edit, {"comment": "Version revue"})
    assert response["Location"] == f"{idea.get_absolute_url()}#comment-{mine.pk}"
    flag = reverse("wagtail_social:flag_comment", args=[mine.pk])
    response = client_for(colleague).post(flag)
    assert response["Location"] == f"{idea.get_absolute_url()}#comment-{mine.pk}"


def test_reactions_on_a_contribution_and_its_comments_return_to_it(client_for, employee, colleague, idea):
    comment = make_comment(idea, colleague, "Oui !")
    client = client_for(employee)
    data = {"page": str(idea.page_id), "reaction": "add:like", "comment": str(comment.pk)}
    assert client.post(REACT, data)["Location"] == f"{idea.get_absolute_url()}#comment-{comment.pk}"
    data = {
        "page": str(idea.page_id),
        "reaction": "add:like",
        "target_type": "wagtail_social_contributions.contribution",
        "target_id": str(idea.pk),
    }
    target = target_for(idea)
    assert client.post(REACT, data)["Location"] == f"{idea.get_absolute_url()}#{target.dom_id}-reactions"


def test_an_object_without_a_url_returns_to_its_page(client_for, employee, section):
    set_policy(section, comments_enabled=True)
    news = add_page(section, "News", model=AnnouncementsPage)
    announcement = Announcement.objects.create(page=news, title="Canteen closed", text="Works.")
    response = client_for(employee).post(POST_URL, form_data(announcement))
    comment = XtdComment.objects.get()
    assert response["Location"] == f"{news.url}#comment-{comment.pk}"
