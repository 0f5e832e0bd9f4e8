"""The first slice, as people use it: an editor opens comments on a section, an employee
comments and replies, a non-member of a private community sees nothing of it."""

import re

import pytest
from django_comments_xtd.models import XtdComment
from playwright.sync_api import expect

from tests.utils import add_page, make_comment, make_user, restrict_to_groups, set_policy
from wagtail_social.models import ParticipationPolicy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, base_url, username, path="/accounts/login/"):
    page.goto(base_url + path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.get_by_role("button", name=re.compile("Log in|Sign in")).click()


def test_editor_switches_comments_on_for_a_section(live_server, browser_page, home, editor):
    section = add_page(home, "Ressources humaines")
    child = add_page(section, "Plan de formation 2027")
    log_in(browser_page, live_server.url, editor.username, "/admin/login/")
    browser_page.goto(f"{live_server.url}/admin/pages/{home.pk}/")
    browser_page.get_by_role("button", name="More options for 'Ressources humaines'").click()
    browser_page.get_by_role("link", name="Participation").click()
    expect(browser_page.get_by_role("heading", level=1)).to_contain_text("Participation")
    browser_page.get_by_label("Comments").select_option("true")
    browser_page.get_by_role("button", name="Save").click()
    expect(browser_page.get_by_text("Participation settings of “Ressources humaines” saved.")).to_be_visible()
    assert ParticipationPolicy.objects.get(page=section).switch("comments") is True
    assert ParticipationPolicy.effective_for(child).enabled("comments") is True


def test_employee_comments_and_replies(live_server, browser_page, section, employee, colleague):
    article = add_page(section, "Plan de formation 2027")
    make_comment(article, colleague, "Quand ouvrent les inscriptions ?")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + article.url)
    discussion = browser_page.locator("#social-comments")
    expect(discussion.get_by_role("heading", level=2)).to_have_text("1 comment")

    browser_page.get_by_label("Your comment").fill("Très bonne initiative.\nMerci à l'équipe RH !")
    browser_page.get_by_role("button", name="Post comment").click()
    expect(browser_page.locator("[data-social-status]")).to_have_text("Your comment is published.")
    expect(discussion.get_by_role("heading", level=2)).to_have_text("2 comments")
    mine = XtdComment.objects.get(user=employee)
    expect(browser_page.locator(f"#comment-{mine.pk}")).to_be_focused()

    question = XtdComment.objects.get(user=colleague)
    browser_page.get_by_role("link", name=f"Reply to {colleague.get_full_name()}").click()
    reply_box = browser_page.locator(f"#reply-{question.pk} textarea")
    expect(reply_box).to_be_focused()
    reply_box.fill("Le 15 janvier, d'après l'intranet RH.")
    browser_page.locator(f"#reply-{question.pk}").get_by_role("button", name="Post reply").click()
    expect(browser_page.locator(f"#comment-{question.pk} .social-comment__replies")).to_contain_text(
        "Le 15 janvier"
    )
    reply = XtdComment.objects.get(comment__startswith="Le 15 janvier")
    assert reply.parent_id == question.pk and reply.level == 1

    browser_page.reload()
    expect(browser_page.locator(".social-comment__body").first).to_be_visible()
    body = browser_page.content()
    assert "Merci à l'équipe RH !" in body and "Le 15 janvier" in body


def test_posting_works_without_javascript(live_server, chromium, section, employee):
    article = add_page(section, "Sans JavaScript")
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, employee.username)
    page.goto(live_server.url + article.url)
    page.get_by_label("Your comment").fill("Posté sans script")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".social-comment__body")).to_have_text("Posté sans script")
    assert re.search(r"#comment-\d+$", page.url)
    context.close()


def test_non_member_gets_no_trace_of_the_private_community(
    live_server, browser_page, home, members, member, outsider
):
    community = add_page(home, "Communauté Data")
    set_policy(community, comments_enabled=True)
    restrict_to_groups(community, members)
    topic = add_page(community, "Feuille de route")
    make_comment(topic, member, "Projet confidentiel Zephyr")
    log_in(browser_page, live_server.url, outsider.username)
    for path in (topic.url, community.url, f"/social/pages/{topic.pk}/comments/", home.url):
        browser_page.goto(live_server.url + path)
        assert "Zephyr" not in browser_page.content()
    response = browser_page.goto(f"{live_server.url}/social/pages/{topic.pk}/comments/")
    assert response.status == 404

    member_context = browser_page.context.browser.new_context()
    member_page = member_context.new_page()
    log_in(member_page, live_server.url, member.username)
    member_page.goto(live_server.url + topic.url)
    expect(member_page.get_by_text("Projet confidentiel Zephyr")).to_be_visible()
    member_context.close()


def test_keyboard_user_can_reach_and_use_the_form(live_server, browser_page, section, employee):
    article = add_page(section, "Clavier")
    make_user("zoe")
    log_in(browser_page, live_server.url, employee.username)
    browser_page.goto(live_server.url + article.url)
    textarea = browser_page.get_by_label("Your comment")
    for _ in range(20):
        browser_page.keyboard.press("Tab")
        if textarea.evaluate("el => el === document.activeElement"):
            break
    expect(textarea).to_be_focused()
    browser_page.keyboard.type("Au clavier")
    browser_page.keyboard.press("Tab")  # follow-up checkbox
    browser_page.keyboard.press("Tab")  # submit button
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("[data-social-status]")).to_have_text("Your comment is published.")
