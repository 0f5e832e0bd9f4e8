"""Reactions (and reports of a comment) sent at the same moment, through the real endpoints,
from real threads.

Each thread has its own test client (logged in with ``force_login``) and its own database
connection, closed when the thread is done. The threads log in first, then wait at a barrier so
their requests really overlap. The tests are transactional: the threads cannot see the data of a
test transaction. On SQLite they rely on the test database being a file opened with
``transaction_mode="IMMEDIATE"`` and a busy ``timeout`` (see ``tests/settings.py``).
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_comments.models import CommentFlag

from tests.utils import add_page, comment_key, make_comment, make_user, set_policy
from wagtail_social import reactions
from wagtail_social.models import Reaction

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REACT = reverse("wagtail_social:react")
# Below PostgreSQL's default max_connections (100), with room for the main thread.
WORKERS = 50
BARRIER_TIMEOUT = 60


@pytest.fixture
def reactive(section):
    set_policy(section, comments_enabled=True, reactions_enabled=True)
    return add_page(section, "Reactive")


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.WAGTAIL_SOCIAL_REACTION_RATE_LIMIT = (10_000, 60)


def data_for(page, reaction="add:like", comment=None) -> dict:
    data = {"page": str(page.pk), "reaction": reaction}
    if comment is not None:
        data["comment"] = str(comment.pk)
    return data


@pytest.fixture
def server_errors():
    """The exceptions the views raised, whichever thread ran them. (The test client's own
    re-raising is off: it hears every thread's exceptions, so one error would show up as many.)"""
    errors = []

    def collect(sender, request=None, **kwargs):
        errors.append(repr(sys.exc_info()[1]))

    got_request_exception.connect(collect, dispatch_uid="test_concurrency")
    yield errors
    got_request_exception.disconnect(dispatch_uid="test_concurrency")


def post_together(requests: list[tuple], workers: int = WORKERS, url: str = REACT) -> list[tuple[int, str]]:
    """POST each ``(user, data)`` to ``url`` (as our script does, asking for JSON) from
    ``workers`` threads that start together; ``[(status, body)]``."""
    chunks = [chunk for chunk in (requests[n::workers] for n in range(workers)) if chunk]
    barrier = threading.Barrier(len(chunks))
    lock = threading.Lock()
    in_flight = peak = 0

    def run(chunk):
        nonlocal in_flight, peak
        try:
            try:
                clients = {}
                for user, _data in chunk:
                    if user.pk not in clients:
                        clients[user.pk] = Client(raise_request_exception=False)
                        clients[user.pk].force_login(user)
            except BaseException:
                barrier.abort()  # the other threads fail instead of waiting for this one
                raise
            barrier.wait(timeout=BARRIER_TIMEOUT)
            results = []
            for user, data in chunk:
                with lock:
                    in_flight += 1
                    peak = max(peak, in_flight)
                try:
                    # A ``"_url"`` in the data sends that request elsewhere (one URL per object).
                    target = data.get("_url", url)
                    sent = {key: value for key, value in data.items() if key != "_url"}
                    response = clients[user.pk].post(target, sent, HTTP_X_WAGTAIL_SOCIAL="1")
                    results.append((response.status_code, response.content.decode()))
                finally:
                    with lock:
                        in_flight -= 1
            return results
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
        results = [result for results in pool.map(run, chunks) for result in results]
    # The requests did overlap (run one after the other, they would prove nothing). Typically
    # all of them are in flight at once.
    assert peak >= min(10, len(chunks)), f"at most {peak} requests in flight at once"
    print(f"peak in flight: {peak}/{len(chunks)}")
    return results


def assert_all_ok(results, expected: int, errors: list[str]):
    assert len(results) == expected
    assert not errors, f"{len(errors)} server errors, e.g. {errors[:3]}"
    statuses = Counter(status for status, _body in results)
    assert statuses == {200: expected}, f"{statuses}; e.g. {[r for r in results if r[0] != 200][:3]}"


def page_counts(page, comment=None) -> dict[str, int]:
    summary = reactions.summary_for(page, AnonymousUser())
    return dict(summary.counts.get(comment_key(comment) if comment else None, {}))


def test_distinct_users_react_at_once(reactive, server_errors):
    users = [make_user(f"reader{n}") for n in range(200)]
    results = post_together([(user, data_for(reactive)) for user in users])
    assert_all_ok(results, 200, server_errors)
    assert Reaction.objects.filter(page=reactive, target_type=None, kind="like").count() == 200
    assert Reaction.objects.count() == 200
    assert page_counts(reactive) == {"like": 200}
    # What the endpoint answers after the storm agrees.
    client = Client()
    client.force_login(users[0])
    response = client.post(REACT, data_for(reactive), HTTP_X_WAGTAIL_SOCIAL="1")
    like = next(item for item in response.json()["reactions"] if item["kind"] == "like")
    assert like == {**like, "count": 200, "pressed": True}


def test_one_user_sends_identical_reactions_in_parallel(reactive, server_errors):
    user = make_user("eager")
    results = post_together([(user, data_for(reactive)) for _ in range(50)])
    assert_all_ok(results, 50, server_errors)
    assert Reaction.objects.filter(user=user, page=reactive, target_type=None, kind="like").count() == 1
    assert Reaction.objects.count() == 1
    assert page_counts(reactive) == {"like": 1}


def test_same_user_twice_on_a_comment_in_parallel(reactive, server_errors):
    """The comment constraint is a second partial unique index: it holds as well."""
    user = make_user("eager")
    comment = make_comment(reactive, make_user("author"), "Bonne idée")
    results = post_together([(user, data_for(reactive, "add:bravo", comment)) for _ in range(30)], workers=30)
    assert_all_ok(results, 30, server_errors)
    assert Reaction.objects.filter(user=user, target_id=comment.pk, kind="bravo").count() == 1
    assert page_counts(reactive, comment) == {"bravo": 1}


def test_fifty_reactions_of_several_kinds_at_once(reactive, settings, server_errors):
    """10 people x 5 kinds, half on the page and half on a comment: no "database is locked"."""
    kinds = ["like", "bravo", "useful", "curious", "thanks"]
    settings.WAGTAIL_SOCIAL_REACTIONS = [{"kind": kind, "label": kind.title()} for kind in kinds]
    comment = make_comment(reactive, make_user("author"), "Merci")
    users = [make_user(f"member{n}") for n in range(10)]
    requests = [
        (user, data_for(reactive, f"add:{kind}", comment if n % 2 else None))
        for n, user in enumerate(users)
        for kind in kinds
    ]
    results = post_together(requests)
    assert_all_ok(results, 50, server_errors)
    assert Reaction.objects.count() == 50
    assert page_counts(reactive) == dict.fromkeys(kinds, 5)
    assert page_counts(reactive, comment) == dict.fromkeys(kinds, 5)


def test_the_rate_limit_holds_under_concurrency(reactive, settings, server_errors):
    """50 parallel requests of one person with a limit of 10: 10 pass, 40 get 429."""
    # A window of ~11 days: the requests never straddle two windows.
    settings.WAGTAIL_SOCIAL_REACTION_RATE_LIMIT = (10, 1_000_000)
    user = make_user("eager")
    results = post_together([(user, data_for(reactive)) for _ in range(50)])
    assert not server_errors
    assert Counter(status for status, _body in results) == {200: 10, 429: 40}
    assert Reaction.objects.count() == 1


def test_people_report_a_comment_at_once(reactive, server_errors):
    """Reporting is an ``update_or_create`` (read, then write, in one transaction): on SQLite it
    is what needs ``transaction_mode="IMMEDIATE"``; without it, most of these requests fail with
    "database is locked" however long the timeout. The reactions above would not notice."""
    comment = make_comment(reactive, make_user("author"), "Hors sujet")
    users = [make_user(f"reporter{n}") for n in range(20)]
    url = reverse("wagtail_social:flag_comment", args=[comment.pk])
    results = post_together([(user, {}) for user in users], workers=20, url=url)
    assert_all_ok(results, 20, server_errors)
    assert CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL).count() == 20


def test_replies_to_one_thread_at_once_keep_distinct_places(reactive, server_errors):
    """django-comments-xtd numbers a reply by reading its thread then shifting the orders below;
    without the thread lock in ``discussion.post_comment``, simultaneous replies on PostgreSQL
    got the same order and the thread showed them in a random mix."""
    from django_comments.forms import CommentSecurityForm
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page

    root = make_comment(reactive, make_user("author"), "Qui vient jeudi ?")
    first_reply = make_comment(reactive, make_user("early"), "Moi", parent=root)
    users = [make_user(f"replier{n}") for n in range(20)]
    security = CommentSecurityForm(Page.objects.get(pk=reactive.pk)).generate_security_data()
    requests = [
        (user, {**security, "comment": f"Réponse de {user.username}", "reply_to": str(parent.pk)})
        for user, parent in zip(users, [root, first_reply] * 10, strict=True)
    ]
    results = post_together(requests, workers=20, url=reverse("wagtail_social:post_comment"))
    assert_all_ok(results, 20, server_errors)
    thread = list(
        XtdComment.norel_objects.filter(thread_id=root.pk).values_list("order", "level", "parent_id")
    )
    orders = [order for order, _level, _parent in thread]
    assert len(thread) == 22
    assert sorted(orders) == list(range(1, 23)), sorted(orders)
    # Every reply sits below its parent in the order, as the thread is displayed.
    order_of = dict(XtdComment.norel_objects.filter(thread_id=root.pk).values_list("pk", "order"))
    assert all(order > order_of[parent] for order, level, parent in thread if level > 0)
