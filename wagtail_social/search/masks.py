"""The documents a person may not find, as document numbers cached per index segment.

whoosh builds a ``mask=`` query into a set of document numbers at every search (its
``_filter_to_comb``): for ``AndNot(Every(), filter)`` that is a walk of every document of the
index, the largest cost of a small search. Like Elasticsearch's filter cache, the set is kept
instead, per *segment* and per what the person passes:

* **key**: the segment (its id: a segment's documents never change, a commit adds new
  segments, a merge makes a new one), the rule tokens of the index the person passes and the
  page tokens of the stale subtrees hidden from them (:class:`permissions.Access`, read from
  the database at each search: a group change, a new or changed restriction or a
  :class:`StaleAccess` row make another key at the next search; nothing is invalidated);
* **per searcher**, the set of the whole index (the segments' sets moved by their offsets)
  for the last few keys, on the searcher itself (a new searcher after each commit:
  :mod:`.readers`);
* **bounded**: the least recently used segment sets go beyond ``MAX_SEGMENT_SETS`` sets or
  ``MAX_CACHED_DOCUMENTS`` document numbers in all.

Deleted documents may stay in a segment's set: a deleted document matches nothing anyway.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from . import permissions

MAX_SEGMENT_SETS = 1024
MAX_CACHED_DOCUMENTS = 2_000_000
MASKS_PER_SEARCHER = 8

_lock = threading.Lock()
_segments: OrderedDict[tuple, frozenset[int]] = OrderedDict()
_cached_documents = 0


def rule_combinations(searcher) -> dict[str, tuple[int, ...]]:
    """The rule tokens of the searcher's index and their restriction ids, read once per
    searcher (two seeks in the lexicon: :func:`permissions.indexed_tokens`)."""
    found = getattr(searcher, "social_rules", None)
    if found is None:
        found = permissions.rule_combinations(permissions.indexed_tokens(searcher.reader()))
        searcher.social_rules = found
    return found


def _segment_key(reader, key: tuple) -> tuple | None:
    segment = reader.segment() if reader.is_atomic() else None
    if segment is None:
        return None
    return (str(getattr(reader, "_storage", "")), segment.segment_id(), key)


def _hidden_in(leaf, key: tuple) -> frozenset[int]:
    """Document numbers of one segment (``leaf``: an atomic searcher) that ``key`` hides."""
    allowed, hidden = key
    kept = set(permissions._filter_query(allowed, hidden).docs(leaf))
    return frozenset(docnum for docnum in range(leaf.doc_count_all()) if docnum not in kept)


def _cached_segment(leaf, key: tuple) -> frozenset[int]:
    global _cached_documents
    cache_key = _segment_key(leaf.reader(), key)
    if cache_key is not None:
        with _lock:
            found = _segments.get(cache_key)
            if found is not None:
                _segments.move_to_end(cache_key)
                return found
    found = _hidden_in(leaf, key)
    if cache_key is not None:
        with _lock:
            if cache_key not in _segments:
                _segments[cache_key] = found
                _cached_documents += len(found)
            while _segments and (
                len(_segments) > MAX_SEGMENT_SETS or _cached_documents > MAX_CACHED_DOCUMENTS
            ):
                _key, dropped = _segments.popitem(last=False)
                _cached_documents -= len(dropped)
    return found


def hidden_documents(searcher, access: permissions.Access) -> set[int]:
    """The document numbers of the searcher's index that the person of ``access`` may not
    find: what whoosh is given as ``mask=`` (a set: whoosh uses it as it is). Do not modify it."""
    key = (access.allowed(rule_combinations(searcher)), access.hidden)
    masks = getattr(searcher, "social_masks", None)
    if masks is None:
        masks = searcher.social_masks = OrderedDict()
    found = masks.get(key)
    if found is not None:
        masks.move_to_end(key)
        return found
    found = set()
    for leaf, offset in searcher.leaf_searchers():
        local = _cached_segment(leaf, key)
        found.update(local if not offset else (docnum + offset for docnum in local))
    masks[key] = found
    while len(masks) > MASKS_PER_SEARCHER:
        masks.popitem(last=False)
    return found


def clear() -> None:
    """Forget every segment set (tests)."""
    global _cached_documents
    with _lock:
        _segments.clear()
        _cached_documents = 0
