"""What ``bench/contributions.py`` loads and sends: ideas the clients support (adding their
support where they have none, taking it back where they have one), and the idea boxes of 10 to
10,000 contributions with 100,000 supports, bulk-loaded in SQL (no signals, no search index)."""

from __future__ import annotations

import datetime
import json
import random

from bench import _common
from bench._load import BARE, Case, Identity, Ledger, form_body, header_token_body, make_identities

PAGES = 12  # pages holding the ideas the clients support
IDEAS_PER_PAGE = 2
BOX_PAGES = 10  # pages under each idea box, holding its contributions
SEED = 2027

CASES = {
    "bare": BARE,
    "ours": Case("support endpoint, script (JSON)", "/contributions/0/support/", fragment=True),
    "form": Case("support endpoint, form post (302)", "/contributions/0/support/"),
}


def support_path(idea: int) -> str:
    return f"/contributions/{idea}/support/"


def build_supports(users: int):
    """A section with ideas on, ``PAGES`` pages of ``IDEAS_PER_PAGE`` ideas each by an author
    who is none of the ``users`` logged-in employees; returns (site, idea ids, identities)."""
    from tests.utils import add_page, make_user, set_policy
    from wagtail_social.contributions.models import IDEA, NEW, Contribution

    site = _common.build_site(colleagues=0)
    set_policy(site.section, ideas_enabled=True, comments_enabled=True)
    author = make_user("idea-author", first_name="Ida", last_name="Author")
    ideas = []
    for n in range(PAGES):
        page = add_page(site.section, f"Idea page {n}")
        for m in range(IDEAS_PER_PAGE):
            ideas.append(
                Contribution.objects.create(
                    page=page, kind=IDEA, state=NEW, author=author, title=f"Idea {n}.{m}", text="Text"
                ).pk
            )
    return site, ideas, make_identities(users)


class Expected(Ledger):
    """Besides the baseline rows: whether each (user, idea) has a support, after the last
    answered action."""

    def __init__(self):
        super().__init__()
        self.supported: dict[tuple[int, int], bool] = {}


class SupportScript:
    """One person on the ideas in turn (carrying on from their previous run)."""

    def __init__(self, case: Case, identity: Identity, index: int, ideas: list[int], expected: Expected):
        self.case, self.identity, self.ideas, self.expected = case, identity, ideas, expected
        self.cursor = expected.cursor.get(identity.user_id, index * 5)
        self.key, self.action, self.path = None, "", case.path

    def request(self, n: int):
        idea = self.ideas[(self.cursor + n) % len(self.ideas)]
        self.key, self.path = (self.identity.user_id, idea), support_path(idea)
        self.action = "remove" if self.expected.supported.get(self.key) else "add"
        body = header_token_body if self.case.fragment else form_body
        return body(self.identity, {"action": self.action})

    def answered(self, status: int, content: bytes) -> str | None:
        self.expected.supported[self.key] = self.action == "add"  # one thread per person
        if self.case.fragment:
            answer = json.loads(content)
            if answer["supported"] != (self.action == "add"):
                return f"idea {self.key[1]}: {self.action} answered supported={answer['supported']}"
        elif status != 302:
            return f"idea {self.key[1]}: answered {status} instead of a redirect"
        return None

    def finished(self, count: int) -> None:
        with self.expected.lock:
            self.expected.cursor[self.identity.user_id] = self.cursor + count


def check_supports(expected: Expected, ideas: list[int]) -> tuple[list[str], int]:
    """What is wrong with the supports stored (rows, and each idea's counter), and how many."""
    from django.db.models import Count

    from wagtail_social.contributions.models import Contribution, Support

    problems = []
    wanted = {key for key, on in expected.supported.items() if on}
    stored = set(Support.objects.values_list("user_id", "contribution_id"))
    if stored != wanted:
        problems.append(
            f"supports: {len(stored)} stored, {len(wanted)} expected "
            f"({len(stored - wanted)} extra, {len(wanted - stored)} missing)"
        )
    counted = dict(
        Contribution.objects.filter(pk__in=ideas).annotate(rows=Count("supports")).values_list("pk", "rows")
    )
    counters = dict(Contribution.objects.filter(pk__in=ideas).values_list("pk", "support_count"))
    wrong = [pk for pk in ideas if counted[pk] != counters[pk]]
    if wrong:
        problems.append(f"{len(wrong)} ideas whose support_count is not their number of supports")
    return problems, len(stored)


# The idea boxes


def load_people(count: int) -> list[int]:
    """``count`` people with contiguous ids (the supports' SQL picks them by arithmetic on the
    ids); the first of them reads the boxes."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    made = User.objects.bulk_create(
        (
            User(username=f"person{n}", first_name=f"Person{n}", last_name="Bench", password="!")
            for n in range(count)
        ),
        batch_size=2000,
    )
    ids = list(
        User.objects.filter(username__in=[user.username for user in made])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert ids == list(range(ids[0], ids[0] + count)), "the people's ids are not contiguous"
    return ids


def kind_and_state(n: int) -> tuple[str, str]:
    """Six ideas, three questions and one suggestion in ten; states spread over each kind's."""
    from wagtail_social.contributions.models import IDEA, QUESTION, STATES, SUGGESTION

    kind = (IDEA,) * 6 + (QUESTION,) * 3 + (SUGGESTION,)
    kind = kind[n % 10]
    states = STATES[kind]
    return kind, states[(n // 10) % len(states)]


def build_boxes(site, sizes: tuple[int, ...], people: list[int], now: datetime.datetime) -> dict[int, object]:
    """An idea box page per size, under the site's home, with ``BOX_PAGES`` pages holding its
    contributions (bulk-created), all kinds switched on; the boxes by size."""
    from tests.testapp.models import IdeaBoxPage
    from tests.utils import add_page, set_policy
    from wagtail_social.contributions.models import Contribution

    boxes = {}
    for size in sizes:
        box = add_page(site.home, f"Idea box of {size}", IdeaBoxPage, body=[("idea_box", {"section": None})])
        set_policy(box, ideas_enabled=True, questions_enabled=True, suggestions_enabled=True)
        pages = [add_page(box, f"Box {size} page {n}").pk for n in range(BOX_PAGES)]
        rows = []
        for n in range(size):
            kind, state = kind_and_state(n)
            rows.append(
                Contribution(
                    page_id=pages[n % BOX_PAGES],
                    kind=kind,
                    state=state,
                    author_id=people[(n * 13 + 1) % len(people)],
                    title=f"{kind.title()} {n}: a few words about the canteen, the car park or the tools",
                    text=f"Contribution {n}, with a sentence or two of explanation of what is asked.",
                    created_at=now - datetime.timedelta(minutes=7 * n),
                    withdrawn_at=now if n % 50 == 49 else None,
                )
            )
        Contribution.objects.bulk_create(rows, batch_size=2000)
        boxes[size] = box
    return boxes


def load_supports(total: int, people: list[int]) -> int:
    """``total`` supports of the ideas of every box, in one ``INSERT … SELECT``: the i-th goes
    to the idea of rank ⌊n·(i/total)²⌋ (a few ideas gather many supports, most a few, as in a
    real box; the ranks are shuffled, so each box has popular ideas) from person ``i mod
    people`` (distinct on an idea as long as no idea has more supports than there are people).
    Then each idea's ``support_count``, in one ``UPDATE``. Returns the number of ideas."""
    from django.db import connection
    from django.utils import timezone

    from wagtail_social.contributions.models import IDEA, Contribution, Support

    ideas = list(Contribution.objects.filter(kind=IDEA).order_by("pk").values_list("pk", flat=True))
    random.Random(SEED).shuffle(ideas)
    n, users, first = len(ideas), len(people), people[0]
    assert total / (n**0.5) < users, "an idea would need more supporters than there are people"
    support = connection.ops.quote_name(Support._meta.db_table)
    contribution = connection.ops.quote_name(Contribution._meta.db_table)
    rank = f"(i * i * {n}) / {total * total}"
    columns = f"INSERT INTO {support} (contribution_id, user_id, created_at)"
    select = f"SELECT b.idea_id, {first} + (i %% {users}), %s"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_ideas (idx integer PRIMARY KEY, idea_id integer)")
        cursor.executemany("INSERT INTO bench_ideas VALUES (%s, %s)", list(enumerate(ideas)))
        if connection.vendor == "postgresql":
            series = f"generate_series(CAST(0 AS bigint), {total - 1}) AS s(i)"
            sql = f"{columns} {select} FROM {series} JOIN bench_ideas b ON b.idx = {rank}"
        else:
            series = f"s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {total - 1})"
            sql = f"{columns} WITH RECURSIVE {series} {select} FROM s JOIN bench_ideas b ON b.idx = {rank}"
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(timezone.now())])
        cursor.execute("DROP TABLE bench_ideas")
        cursor.execute(
            f"UPDATE {contribution} SET support_count = (SELECT COUNT(*) FROM {support} s "
            f"WHERE s.contribution_id = {contribution}.id) WHERE kind = %s",
            [IDEA],
        )
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk insert (analyse, and mark the pages all-visible
            # so that an index-only scan reads no table row): the state of a database in use.
            cursor.execute(f"VACUUM ANALYZE {support}")
            cursor.execute(f"VACUUM ANALYZE {contribution}")
    return n
