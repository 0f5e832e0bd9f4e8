"""Reactions to pages and comments through the real endpoint."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.utils import add_page, make_comment, make_user, set_policy
from wagtail_social.models import Reaction

pytestmark = pytest.mark.django_db
REACT = reverse("wagtail_social:react")
WHO = reverse("wagtail_social:who_reacted")


@pytest.fixture
def reactive(section):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    return add_page(section, "Reactive")


def react(client, page, reaction="add:like", comment=None, **extra):
    data = {"page": str(page.pk), "reaction": reaction}
    if comment is not None:
        data["comment"] = str(comment.pk)
    return client.post(REACT, data, **extra)


def test_add_then_remove(client_for, employee, reactive):
    client = client_for(employee)
    response = react(client, reactive)
    assert response.status_code == 302
    assert response["Location"].endswith("#social-reactions")
    assert Reaction.objects.filter(user=employee, page=reactive, target_type=None, kind="like").count() == 1
    html = client.get(reactive.url).content.decode()
    assert 'value="remove:like" aria-pressed="true"' in html
    react(client, reactive, "remove:like")
    assert not Reaction.objects.exists()
    assert 'value="add:like" aria-pressed="false"' in client.get(reactive.url).content.decode()


def test_adding_twice_keeps_one_row(client_for, employee, reactive):
    client = client_for(employee)
    react(client, reactive)
    react(client, reactive)
    assert Reaction.objects.count() == 1


def test_kinds_are_independent_and_counted(client_for, employee, colleague, reactive):
    react(client_for(employee), reactive, "add:like")
    react(client_for(employee), reactive, "add:useful")
    react(client_for(colleague), reactive, "add:like")
    response = react(client_for(colleague), reactive, "add:bravo", HTTP_X_WAGTAIL_SOCIAL="1")
    counts = {item["kind"]: (item["count"], item["pressed"]) for item in response.json()["reactions"]}
    assert counts == {"like": (2, True), "bravo": (1, True), "useful": (1, False), "curious": (0, False)}


def test_database_refuses_a_duplicate(employee, reactive):
    Reaction.objects.create(user=employee, page=reactive, kind="like")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(user=employee, page=reactive, kind="like")
    comment = make_comment(reactive, employee, "c")
    Reaction.objects.create(user=employee, page=reactive, target=comment, kind="like")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(user=employee, page=reactive, target=comment, kind="like")


def test_reacting_to_a_comment(client_for, employee, colleague, reactive):
    comment = make_comment(reactive, colleague, "Bonne idée")
    response = react(client_for(employee), reactive, "add:bravo", comment=comment)
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert Reaction.objects.get().target == comment
    html = client_for(employee).get(reactive.url).content.decode()
    assert f'<input type="hidden" name="comment" value="{comment.pk}">' in html


def test_comment_of_another_page_or_removed_is_404(client_for, employee, colleague, reactive, section):
    other = add_page(section, "Other")
    foreign = make_comment(other, colleague, "x")
    removed = make_comment(reactive, colleague, "y", is_removed=True)
    client = client_for(employee)
    assert react(client, reactive, comment=foreign).status_code == 404
    assert react(client, reactive, comment=removed).status_code == 404
    assert not Reaction.objects.exists()


def test_who_reacted_lists_names_to_readers(client_for, employee, colleague, reactive):
    react(client_for(colleague), reactive, "add:useful")
    response = client_for(employee).get(WHO, {"page": reactive.pk, "kind": "useful"})
    assert response.status_code == 200
    assert "Bob Durand" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"reaction": "add:angry"}, 400),
        ({"reaction": "like"}, 400),
        ({"reaction": ""}, 400),
        ({"page": "999999"}, 404),
        ({"page": "abc"}, 404),
        ({"comment": "999999"}, 404),
        ({"comment": str(10**30)}, 404),
    ],
)
def test_bad_input(client_for, employee, reactive, data, status):
    response = client_for(employee).post(REACT, {"page": str(reactive.pk), "reaction": "add:like", **data})
    assert response.status_code == status
    assert not Reaction.objects.exists()


def test_get_and_missing_csrf_are_refused(employee, reactive):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    assert client.get(REACT).status_code == 405
    assert react(client, reactive).status_code == 403
    assert not Reaction.objects.exists()


def test_reactions_off_is_403(client_for, employee, article):
    assert react(client_for(employee), article).status_code == 403
    assert not Reaction.objects.exists()


def test_anonymous_is_sent_to_login(client, reactive):
    response = react(client, reactive)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Reaction.objects.exists()


class TestPrivateCommunity:
    @pytest.fixture
    def topic(self, community):
        set_policy(community, comments_enabled=True, reactions_enabled=True)
        return add_page(community, "Topic")

    def test_member_reacts(self, client_for, member, topic):
        assert react(client_for(member), topic).status_code == 302
        assert Reaction.objects.count() == 1

    def test_non_member_cannot_react_count_or_list(self, client_for, member, outsider, topic):
        react(client_for(member), topic)
        client = client_for(outsider)
        assert react(client, topic, "add:bravo").status_code == 404
        assert client.get(WHO, {"page": topic.pk, "kind": "like"}).status_code == 404
        assert client.get(reverse("wagtail_social:discussion", args=[topic.pk])).status_code == 404
        assert Reaction.objects.count() == 1


def test_rate_limit_answers_429_with_retry_after_per_person(
    client_for, employee, colleague, reactive, settings
):
    settings.WAGTAIL_SOCIAL_REACTION_RATE_LIMIT = (3, 60)
    client = client_for(employee)
    for _ in range(3):
        assert react(client, reactive, "add:like").status_code == 302
    response = react(client, reactive, "add:bravo")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert not Reaction.objects.filter(kind="bravo").exists()
    # Another person behind the same address is not limited.
    assert react(client_for(colleague), reactive, "add:bravo").status_code == 302


def test_reactions_only_page_shows_the_bar_without_comments(client_for, employee, home):
    page = add_page(home, "Only reactions")
    set_policy(page, reactions_enabled=True)
    html = client_for(employee).get(page.url).content.decode()
    assert 'id="social-reactions"' in html
    assert 'name="comment"' not in html.split('id="social-reactions"')[0]
    assert "Your comment" not in html


def test_counts_are_visible_to_anonymous_readers_without_buttons(client_for, employee, reactive):
    react(client_for(employee), reactive, "add:like")
    html = Client().get(reactive.url).content.decode()
    assert 'class="social-reaction__count">1<' in html
    assert 'name="reaction"' not in html


def test_query_count_with_reactions_is_constant(
    client_for, employee, reactive, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(employee)
    counts = {}
    for size in (10, 200):
        page = add_page(reactive.get_parent(), f"Many {size}")
        users = [make_user(f"u{size}_{n}") for n in range(5)]
        comments = [make_comment(page, users[n % 5], f"c{n}") for n in range(size)]
        Reaction.objects.bulk_create(
            Reaction(user=user, page=page, target=comment, kind="like")
            for comment in comments
            for user in users
        )
        Reaction.objects.bulk_create(Reaction(user=user, page=page, kind="useful") for user in users)
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(page.url)
        counts[size] = len(captured)
    assert counts[10] == counts[200], counts


def test_anonymous_readers_see_counts_but_not_names(client_for, employee, reactive):
    react(client_for(employee), reactive, "add:like")
    anonymous = Client()
    assert "reactions/who/" not in anonymous.get(reactive.url).content.decode()
    response = anonymous.get(WHO, {"page": reactive.pk, "kind": "like"})
    assert response.status_code == 302 and "login" in response["Location"]
