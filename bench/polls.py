"""Requests per second of the poll vote endpoint, served by a real multi-threaded server to
concurrent logged-in clients, against a bare Django view doing one INSERT in the same run; and
what showing a poll's results costs with 10 to 10,000 votes.

Each person votes once in each of a series of open polls, one poll per request, in the order of
the series (everyone answers the same polls, as a company's pulse surveys): every vote is a
first vote, a new ``Voter`` row, the common case (a vote changed later is the rare one).

Run from the repository root: ``.venv/bin/python bench/polls.py [--write]``.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common, _load, _report  # noqa: E402
from bench._load import BARE, BareScript, Case, Identity, Ledger, log  # noqa: E402

VOTE_PATH = "/polls/vote/"
CASES = {
    "bare": BARE,
    "ours": Case("vote endpoint, script (`fetch`, FormData, JSON answer)", VOTE_PATH, fragment=True),
    "form": Case("vote endpoint, form post (302)", VOTE_PATH),
}
PAGES = 12  # pages showing the polls, each poll on one of them
CHOICES = ("Yes", "No", "No opinion")
RESULT_SIZES = (10, 1_000, 10_000)
IN_PROCESS_WARMUPS = 2 * PAGES  # each page's rules kept in memory
BREAKDOWN_REQUESTS = 200
IN_PROCESS_VOTES = 2 * (IN_PROCESS_WARMUPS + 1 + 110) + BREAKDOWN_REQUESTS  # the script's and the form's


@dataclass(frozen=True)
class PlacedPoll:
    page_id: int
    poll_id: int
    choice_ids: tuple[int, ...]


def make_polls(count: int, pages: list[int], **fields) -> list[PlacedPoll]:
    """``count`` open named polls of three choices, each shown on one of ``pages`` (the
    placement a published poll block makes)."""
    from wagtail_social_polls.models import Choice, Poll, PollPlacement

    polls = Poll.objects.bulk_create(Poll(question=f"Pulse {n}?", **fields) for n in range(count))
    choices = Choice.objects.bulk_create(
        Choice(poll=poll, text=text, sort_order=order) for poll in polls for order, text in enumerate(CHOICES)
    )
    PollPlacement.objects.bulk_create(
        PollPlacement(poll=poll, page_id=pages[n % len(pages)]) for n, poll in enumerate(polls)
    )
    ids: dict[int, list[int]] = {}
    for choice in choices:
        ids.setdefault(choice.poll_id, []).append(choice.pk)
    return [PlacedPoll(pages[n % len(pages)], poll.pk, tuple(ids[poll.pk])) for n, poll in enumerate(polls)]


def votes_per_person(args) -> int:
    """Votes the first person casts in the whole run: each needs a poll of their own."""
    warm_up = _load.warm_up_requests(args.concurrencies) // max(args.concurrencies)
    load = sum(warm_up + args.repeats * (args.requests // c) for c in args.concurrencies)
    return max(IN_PROCESS_VOTES, 2 * load) + 10


class Votes(Ledger):
    """Besides the baseline rows: every accepted ballot, ``(user, poll, choice)``."""

    def __init__(self):
        super().__init__()
        self.ballots: list[tuple[int, int, int]] = []


def ballot(identity_id: int, placed: PlacedPoll) -> int:
    """The choice a person makes: spread over the three, differently for each person."""
    return placed.choice_ids[(identity_id + placed.poll_id) % len(placed.choice_ids)]


class VoteScript:
    """One person voting in the next polls of the series (carrying on from their previous run)."""

    def __init__(self, case: Case, identity: Identity, series: list[PlacedPoll], votes: Votes):
        self.case, self.identity, self.series, self.votes = case, identity, series, votes
        self.cursor = votes.cursor.get(identity.user_id, 0)
        self.sent: tuple[int, int, int] | None = None

    def request(self, n: int):
        placed = self.series[self.cursor + n]
        choice = ballot(self.identity.user_id, placed)
        self.sent = (self.identity.user_id, placed.poll_id, choice)
        fields = {"page": placed.page_id, "poll": placed.poll_id, "choice": [choice]}
        body = _load.form_data_body if self.case.fragment else _load.form_body
        return body(self.identity, fields)

    def answered(self, status: int, content: bytes) -> str | None:
        if self.case.fragment:
            answer = json.loads(content)
            if not answer["ok"] or answer["code"] != "recorded":
                return f"poll {self.sent[1]}: answered {answer['code']}"
        elif status != 302:
            return f"poll {self.sent[1]}: answered {status} instead of a redirect"
        self.votes.ballots.append(self.sent)
        return None

    def finished(self, count: int) -> None:
        with self.votes.lock:
            self.votes.cursor[self.identity.user_id] = self.cursor + count


# In this process, one request at a time


def in_process_posts(employee, series: list[PlacedPoll]) -> dict:
    """One POST of each case through the test client, as ``employee``, voting in the polls of
    ``series`` in turn."""
    from django.test import Client

    client = Client()
    client.force_login(employee)
    turn = iter(series)

    def vote(**headers):
        placed = next(turn)
        data = {"page": placed.page_id, "poll": placed.poll_id, "choice": [ballot(employee.pk, placed)]}
        return client.post(VOTE_PATH, data, **headers)

    return {
        "bare": lambda: client.post(BARE.path, {"n": 0}),
        "ours": lambda: vote(HTTP_X_WAGTAIL_SOCIAL="1"),
        "form": vote,
    }


def answer_first(colleague, series: list[PlacedPoll]) -> None:
    """``colleague`` votes in each poll of ``series`` through the endpoint, so that the votes
    timed next are the common case: a poll others answered already (its counters exist, this
    process keeps its choices), not its very first vote."""
    vote = in_process_posts(colleague, series)["form"]
    for _placed in series:
        response = vote()
        if response.status_code != 302:
            raise AssertionError(f"a colleague's vote: {response.status_code} {response.content[:200]!r}")


def phases():
    """Where a vote goes: ``(module, function, phase)`` for ``_report.breakdown``."""
    import django.contrib.auth.middleware as auth_middleware

    import wagtail_social.access as access
    import wagtail_social.endpoints as endpoints
    import wagtail_social.generation as generation
    import wagtail_social_polls.presentation as presentation
    import wagtail_social_polls.views as views
    import wagtail_social_polls.voting as voting

    return [
        (auth_middleware, "get_user", "session and user (auth middleware)"),
        (generation, "current", "generation number (one row)"),
        (access, "get_visible_page_or_404", "page and view restrictions (kept in memory)"),
        (access, "can_view", "page and view restrictions (kept in memory)"),
        (
            views,
            "placed_poll_and_choices",
            "the poll; whether placed on the page, its choices (kept in memory)",
        ),
        (access, "can_participate", "participation policy and check"),
        (endpoints, "policy_for", "participation policy and check"),
        (presentation, "policy_for", "participation policy and check"),
        (endpoints, "retry_after", "rate limit (cache)"),
        (views, "page_url", "page URL (kept in memory)"),
        (voting, "cast_vote", "the vote: window, choices, voter row, named vote"),
        (voting, "_count", "the vote: counters (locked, + 1)"),
        (presentation, "results_for", "the answer: results"),
        (voting, "choices_of", "the answer: the voter's own vote"),
        (views, "poll_html", "the answer: the poll's template"),
    ]


def in_process(site, series: list[PlacedPoll], cases: list[str]):
    """SQL statements and median ms of one vote of each case, and where a script vote spends
    its time; then every vote is removed, so the load starts on fresh polls."""
    from bench.benchapp.models import BenchRow
    from tests.utils import make_user
    from wagtail_social_polls.models import ChoiceTally, Voter

    answer_first(make_user("colleague"), series[:IN_PROCESS_VOTES])
    employee = site.employee
    posts = in_process_posts(employee, series)
    queries, medians = _report.in_process_medians(posts, cases, warmups=IN_PROCESS_WARMUPS)
    timed = _report.breakdown(posts["ours"], BREAKDOWN_REQUESTS, phases()) if "ours" in cases else None
    BenchRow.objects.all().delete()
    Voter.objects.all().delete()  # and their named votes
    ChoiceTally.objects.all().delete()
    return queries, medians, timed


# Results rendering


def results_rows(site, pages: list[int]) -> tuple[list[list[str]], dict[tuple[str, int], int]]:
    """Queries and median ms of a poll shown with 10 to 10,000 votes, by the tag alone and in
    a page through the block, to an employee who voted; the queries by (way, votes)."""
    from django.contrib.auth import get_user_model

    from tests.testapp.models import PollPage
    from tests.utils import add_page
    from wagtail_social_polls.models import ChoiceTally, NamedVote, Poll, Voter
    from wagtail_social_polls.models.polls import RESULTS_ALWAYS

    User = get_user_model()  # noqa: N806 - a class
    voters = User.objects.bulk_create(
        User(username=f"voter{n}", password="!") for n in range(max(RESULT_SIZES))
    )
    client = _common.logged_in_client(site.employee)
    queries, calls = {}, {}
    for size in RESULT_SIZES:
        [placed] = make_polls(1, pages, results_visibility=RESULTS_ALWAYS)
        poll = Poll.objects.get(pk=placed.poll_id)
        people = [site.employee, *voters[: size - 1]]
        rows = Voter.objects.bulk_create(Voter(poll=poll, user=person) for person in people)
        chosen = [placed.choice_ids[n % 3] for n in range(size)]
        NamedVote.objects.bulk_create(
            NamedVote(voter=row, choice_id=pk) for row, pk in zip(rows, chosen, strict=True)
        )
        ChoiceTally.objects.bulk_create(
            ChoiceTally(choice_id=pk, votes=n) for pk, n in Counter(chosen).items()
        )
        page = add_page(site.section, f"Poll of {size} votes", model=PollPage, body=[("poll", poll)])
        calls[("tag", size)] = _common.template_renderer(
            "{% load wagtail_social_polls_tags %}{% social_poll poll %}", page, site.employee, poll=poll
        )
        calls[("block", size)] = _common.page_getter(client, page)
        for way in ("tag", "block"):
            html = calls[(way, size)]()  # warm: the placement, the page's rules kept in memory
            expected = f"Results: {size:,} people voted".replace(",", "")
            if expected not in html.replace(",", "").replace("\u202f", ""):
                raise AssertionError(f"{way}, {size} votes: {expected!r} not shown")
            queries[(way, size)] = len(_common.count_queries(calls[(way, size)])[0])
    keys = list(calls)
    medians = dict(zip(keys, _common.interleaved_medians([calls[k] for k in keys], 30, 3), strict=True))
    labels = {"tag": "`{% social_poll poll %}` alone", "block": "page with the poll block (whole page)"}
    rows = [
        [labels[way], f"{size:,}", str(queries[(way, size)]), f"{medians[(way, size)]:.1f}"]
        for way, size in keys
    ]
    return rows, queries


def results_part(rows, queries) -> tuple[str, bool]:
    constant = all(len({queries[(way, size)] for size in RESULT_SIZES}) == 1 for way in ("tag", "block"))
    table = "\n".join(
        [
            "| shown by | votes | queries | median ms |",
            "|---|---:|---:|---:|",
            *("| " + " | ".join(row) + " |" for row in rows),
        ]
    )
    sizes = ", ".join(f"{size:,}" for size in RESULT_SIZES)
    verdict = (
        f"Queries constant in the number of votes: {queries[('tag', 10)]} for the tag and "
        f"{queries[('block', 10)]} for the whole page, with {sizes} votes (counters and one count of voters)."
        if constant
        else f"**Queries are NOT constant in the number of votes**: {queries}."
    )
    intro = (
        "**Showing a poll's results**: a named poll of three choices with results always shown, "
        f"read by an employee who voted, with {sizes} votes; by the tag alone (rendered outside "
        "any view, with the page in the context) and by a page whose body has the poll block, "
        "through the test client; median of 30, the cases taking turns, after a warm-up."
    )
    return "\n\n".join([intro, table, f"- {verdict}"]), constant


# The load, and the report


def check_database(votes: Votes, series: list[PlacedPoll]) -> tuple[list[str], int]:
    from wagtail_social_polls.models import ChoiceTally, NamedVote, Voter

    problems = []
    expected = set(votes.ballots)
    voters = set(Voter.objects.values_list("user_id", "poll_id"))
    if voters != {(user, poll) for user, poll, _choice in expected}:
        problems.append(f"voters: {len(voters)} stored, {len(expected)} votes answered as recorded")
    named = set(NamedVote.objects.values_list("voter__user_id", "voter__poll_id", "choice_id"))
    if named != expected:
        problems.append(f"named votes: {len(named)} stored, {len(expected)} expected")
    counted = Counter(choice for _user, _poll, choice in expected)
    choice_ids = [pk for placed in series for pk in placed.choice_ids]
    stored = dict(ChoiceTally.objects.filter(choice_id__in=choice_ids).values_list("choice_id", "votes"))
    wrong = [pk for pk in choice_ids if stored.get(pk, 0) != counted[pk]]
    if wrong:
        problems.append(f"counters: {len(wrong)} differ from the votes answered")
    rows = _load.bare_rows()
    if rows != votes.inserted:
        problems.append(f"baseline rows: {rows} stored, {votes.inserted} answered")
    return problems, len(voters)


def run(args) -> tuple[str, bool]:
    from tests.testapp.models import PollPage
    from tests.utils import add_page

    concurrencies, cases = args.concurrencies, {name: CASES[name] for name in args.case_names}
    load_before = f"{os.getloadavg()[0]:.1f}"
    log("Setting up…")
    site = _common.build_site(colleagues=0)
    pages = [add_page(site.section, f"Pulse page {n}", model=PollPage).pk for n in range(PAGES)]
    series = make_polls(votes_per_person(args), pages)
    identities = _load.make_identities(max(concurrencies))
    log(f"  {len(series)} polls on {PAGES} pages, {len(identities)} employees")
    log("Showing results with 10 to 10,000 votes…")
    result_rows, result_queries = results_rows(site, pages)
    log("In process, one request at a time…")
    queries, medians, timed = in_process(site, series, list(cases))
    votes = Votes()

    def script_for(case, identity, index):
        if case.baseline:
            return BareScript(identity, votes)
        return VoteScript(case, identity, series, votes)

    results = _load.serve_and_load(cases, identities, concurrencies, args.requests, args.repeats, script_for)
    problems, voters = check_database(votes, series)
    table, worst, failures = _report.report_table(results, concurrencies, cases)
    results_text, constant = results_part(result_rows, result_queries)
    header = (
        "## Poll votes under load (`bench/polls.py`)\n\n"
        f"{_report.measured(load_before)} {_report.method(args.requests, args.repeats)} Requests as a "
        "browser sends them: our script posts the form's `FormData` (multipart), the form post "
        "is urlencoded, both with the CSRF token as a form field; the bare view gets the token "
        "in the `X-CSRFToken` header."
    )
    notes = [
        "Cases: **bare view**: a view that requires a logged-in user and does one "
        "`BenchRow.objects.create()`, answering JSON; **script**: the vote endpoint as the poll's "
        "script calls it (`X-Wagtail-Social: 1`), answering the poll again (results shown after "
        "voting) as JSON; **form post**: the same without JavaScript, answering a redirect to the "
        "poll. Same middleware, same server.",
        f"Each person votes once in each poll of a series ({len(series)} named polls of three "
        f"choices, spread over {PAGES} pages), the next poll at each request, everyone going "
        "through the same polls: every vote is a first vote (a new `Voter` row, the counters of "
        "the poll, a named vote), the common case; a changed vote is the rare one.",
        _report.ratio_note(worst),
        _report.cpu_note(results, concurrencies, cases),
        (
            "Every answer was 2xx/3xx (no 5xx, no 409, no 429), and each JSON answer said "
            "`recorded`. Database at the end as the answered requests imply: "
            f"{voters:,} voters, their named votes and every counter exact, {votes.inserted:,} baseline rows."
            if not failures and not problems
            else "**Failures**: " + "; ".join(failures + problems)
        ),
    ]
    parts = [header, table, "\n".join(f"- {note}" for note in notes)]
    parts += _report.in_process_parts(cases, queries, medians, timed, "a script vote")
    parts.append(
        "In this process each timed vote is in a poll a colleague answered just before (its "
        "counters exist; its placement and choice ids are kept for the generation): the common "
        "case. Under load, the first vote of each poll also creates its counters, and the "
        "server's first vote of each poll reads its placement and choices (2 queries). What "
        "is left of a script vote beyond the form post is its answer: the poll rendered again "
        "with its results (`results_for`, one SQL statement, and the template, the larger "
        "part)."
    )
    parts.append(results_text)
    return "\n\n".join(parts), not failures and not problems and constant


if __name__ == "__main__":
    sys.exit(_report.main("polls", __doc__.splitlines()[0], "bare,ours,form", run))
