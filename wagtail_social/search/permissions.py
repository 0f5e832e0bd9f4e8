"""Who may find what: the access tokens each document carries, and the filter a search applies.

STUB (issue 12, part "permissions"): everything is public. The part "permissions" replaces the
inside and keeps the interface, which the backend codes against:

* ``ACCESS_FIELD``: the name of the keyword field every document carries;
* ``access_tokens(page_id)``: the tokens to index with an item of the page ``page_id`` (the
  page's and its ancestors' view restrictions), as a list of strings;
* ``search_filter(user, indexed_tokens)``: the whoosh query a search by ``user`` is filtered
  with (None: no filter), given ``indexed_tokens``, the set of tokens present in the index's
  ``ACCESS_FIELD`` (its lexicon), so that the filter's size does not grow with the number of
  restricted pages.
"""

from __future__ import annotations

from collections.abc import Iterable

ACCESS_FIELD = "_access"
PUBLIC = "public"


def access_tokens(page_id: int | None) -> list[str]:
    return [PUBLIC]


def search_filter(user, indexed_tokens: Iterable[str]):
    return None
