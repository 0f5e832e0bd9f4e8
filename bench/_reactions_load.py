"""What ``bench/reactions.py`` sends: the pages, the cases, and each person's script (adding a
like where they have none, removing it where they have one). The runner is ``bench/_load.py``."""

from __future__ import annotations

import json

from bench import _common
from bench._load import BARE, Case, Identity, Ledger, header_token_body, make_identities

PAGES = 12  # pages the clients react to, each user going through all of them in turn
KIND = "like"

CASES = {
    "bare": BARE,
    "ours": Case("reaction endpoint, script (JSON)", "/social/reactions/", fragment=True),
    "form": Case("reaction endpoint, form post (302)", "/social/reactions/"),
}


def build(users: int):
    """A section with reactions on, ``PAGES`` pages in it, and ``users`` logged-in employees."""
    from tests.utils import add_page, set_policy

    site = _common.build_site(colleagues=0)
    set_policy(site.section, comments_enabled=True, reactions_enabled=True)
    pages = [add_page(site.section, f"Reaction page {n}").pk for n in range(PAGES)]
    return site, pages, make_identities(users)


class Expected(Ledger):
    """Besides the baseline rows: whether each (user, page) has a ``like``, after the last
    answered action."""

    def __init__(self):
        super().__init__()
        self.liked: dict[tuple[int, int], bool] = {}


class ReactionScript:
    """One person on the pages in turn (carrying on from their previous run)."""

    def __init__(self, case: Case, identity: Identity, index: int, pages: list[int], expected: Expected):
        self.case, self.identity, self.pages, self.expected = case, identity, pages, expected
        self.cursor = expected.cursor.get(identity.user_id, index * 5)
        self.key, self.action = None, ""

    def request(self, n: int):
        page = self.pages[(self.cursor + n) % len(self.pages)]
        self.key = (self.identity.user_id, page)
        self.action = "remove" if self.expected.liked.get(self.key) else "add"
        return header_token_body(self.identity, {"page": page, "reaction": f"{self.action}:{KIND}"})

    def answered(self, status: int, content: bytes) -> str | None:
        self.expected.liked[self.key] = self.action == "add"  # one thread per person: no race on a key
        if self.case.fragment:
            shown = next(r for r in json.loads(content)["reactions"] if r["kind"] == KIND)
            if shown["pressed"] != (self.action == "add"):
                return f"page {self.key[1]}: {self.action} answered pressed={shown['pressed']}"
        return None

    def finished(self, count: int) -> None:
        with self.expected.lock:
            self.expected.cursor[self.identity.user_id] = self.cursor + count
