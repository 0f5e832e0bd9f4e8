"""The community queue (``wagtail_social/queue.py``, ``admin/queue.py``): comments and
contributions in one list, filters, bulk decisions with one reason in the audit log, the
dashboard panel and the menu item's count, and a section manager seeing their section only."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.models import GroupPagePermission, ModelLogEntry

from tests.contributions_helpers import make_contribution, managers_group, switch_on
from tests.utils import add_page, make_comment, make_user, set_policy
from wagtail_social import queue
from wagtail_social.contributions.models import QUESTION

pytestmark = pytest.mark.django_db
QUEUE = reverse("wagtail_social_admin:queue")


@pytest.fixture
def community_manager(moderators):
    """Moderates comments and manages contributions site-wide."""
    group = managers_group()
    return make_user("cm", group, moderators)


@pytest.fixture
def items(article, employee, colleague, section):
    switch_on(section)
    held = make_comment(article, employee, "Held comment", is_public=False)
    reported = make_comment(article, colleague, "Reported comment")
    CommentFlag.objects.create(comment=reported, user=employee, flag=CommentFlag.SUGGEST_REMOVAL)
    make_comment(article, employee, "Quiet comment")
    idea = make_contribution(article, employee, title="Fresh idea")
    return held, reported, idea


def test_one_queue_lists_comments_and_contributions(client_for, community_manager, items):
    html = client_for(community_manager).get(QUEUE).content.decode()
    for text in ("Held comment", "Reported comment", "Fresh idea"):
        assert text in html
    assert "Quiet comment" not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=idea", ["Fresh idea"], ["Held comment"]),
        ("kind=comment&state=held", ["Held comment"], ["Reported comment", "Fresh idea"]),
        ("state=reported", ["Reported comment"], ["Held comment", "Fresh idea"]),
        ("reports=1", ["Reported comment"], ["Held comment", "Fresh idea"]),
        ("author=Durand", ["Reported comment"], ["Held comment", "Fresh idea"]),
        ("q=fresh", ["Fresh idea"], ["Held comment", "Reported comment"]),
    ],
)
def test_filters(client_for, community_manager, items, query, shown, hidden):
    html = client_for(community_manager).get(f"{QUEUE}?{query}").content.decode()
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_filter_by_section(client_for, community_manager, items, home, employee):
    other = add_page(home, "Elsewhere")
    set_policy(other, comments_enabled=True)
    make_comment(other, employee, "Far comment", is_public=False)
    section = items[0].content_object.get_parent()
    html = client_for(community_manager).get(f"{QUEUE}?section={section.pk}").content.decode()
    assert "Held comment" in html and "Far comment" not in html


def test_overdue_and_assigned_to_me(client_for, community_manager, section, employee):
    import datetime

    from django.utils import timezone

    switch_on(section)
    late = make_contribution(section, employee, kind=QUESTION, title="Late question?")
    late.answer_due_at = timezone.now() - datetime.timedelta(days=2)
    late.save()
    make_contribution(section, employee, title="Mine idea", assignee=community_manager)
    client = client_for(community_manager)
    html = client.get(f"{QUEUE}?state=overdue").content.decode()
    assert "Late question?" in html and "Mine idea" not in html
    html = client.get(f"{QUEUE}?state=mine").content.decode()
    assert "Mine idea" in html and "Late question?" not in html


def test_bulk_remove_with_one_reason_and_the_audit_log(client_for, community_manager, items, client):
    held, reported, _idea = items
    response = client_for(community_manager).post(
        QUEUE,
        {
            "action": "remove",
            "reason": "Against the charter",
            "item": [f"comments:{held.pk}", f"comments:{reported.pk}"],
        },
    )
    assert response.status_code == 302
    for comment in (held, reported):
        comment = XtdComment.objects.get(pk=comment.pk)
        assert comment.is_removed and comment.social_removal.reason == "Against the charter"
    assert ModelLogEntry.objects.filter(action="wagtail_social.comment.remove").count() == 2


def test_bulk_remove_needs_a_reason(client_for, community_manager, items):
    held = items[0]
    client_for(community_manager).post(QUEUE, {"action": "remove", "item": [f"comments:{held.pk}"]})
    assert not XtdComment.objects.get(pk=held.pk).is_removed


def test_bulk_approve(client_for, community_manager, items):
    held, reported, _idea = items
    client_for(community_manager).post(
        QUEUE, {"action": "approve", "item": [f"comments:{held.pk}", f"comments:{reported.pk}"]}
    )
    assert XtdComment.objects.get(pk=held.pk).is_public
    assert ModelLogEntry.objects.filter(action="wagtail_social.comment.approve").count() == 2
    html = client_for(community_manager).get(QUEUE).content.decode()
    assert "Held comment" not in html and "Reported comment" not in html


def test_bulk_ignores_items_of_another_section(client_for, section, home, employee):
    other = add_page(home, "Other")
    set_policy(other, comments_enabled=True)
    foreign = make_comment(other, employee, "Foreign", is_public=False)
    group = Group.objects.create(name="A mods")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=section, permission=Permission.objects.get(codename="moderate_comments")
    )
    section_moderator = make_user("sam", group)
    client_for(section_moderator).post(QUEUE, {"action": "approve", "item": [f"comments:{foreign.pk}"]})
    assert not XtdComment.objects.get(pk=foreign.pk).is_public
    assert "Foreign" not in client_for(section_moderator).get(QUEUE).content.decode()


def test_section_manager_sees_only_their_sections_contributions(client_for, section, home, employee):
    other = add_page(home, "Other")
    switch_on(section)
    switch_on(other)
    make_contribution(section, employee, title="Idea A")
    make_contribution(other, employee, title="Idea B")
    group = Group.objects.create(name="A managers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=section, permission=Permission.objects.get(codename="manage_contribution")
    )
    manager = make_user("sally", group)
    html = client_for(manager).get(QUEUE).content.decode()
    assert "Idea A" in html and "Idea B" not in html
    assert queue.waiting_count(manager) == 1


def test_dashboard_panel_and_menu_count(client_for, community_manager, items):
    assert queue.waiting_count(community_manager) == 3
    html = client_for(community_manager).get(reverse("wagtailadmin_home")).content.decode()
    assert "3 items are waiting for you." in html
    assert "Moderation queue (3)" in html


def test_people_who_moderate_nothing_are_refused(client_for, editor, employee):
    for user in (editor, employee):
        assert client_for(user).get(QUEUE).status_code in (302, 403)
    assert "Moderation queue" not in client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
