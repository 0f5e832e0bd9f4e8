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

from . import adapter, permissions

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


def _kept_query(key: tuple):
    """The whoosh query of the documents ``key`` keeps (None: every document)."""
    rules, restriction = key
    parts = [] if rules is None else [permissions._filter_query(*rules)]
    if restriction is not None:
        parts.append(restriction)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else adapter.query.And(parts)


def _hidden_in(leaf, key: tuple) -> frozenset[int]:
    """Document numbers of one segment (``leaf``: an atomic searcher) that ``key`` hides."""
    query = _kept_query(key)
    if query is None:
        return frozenset()
    kept = set(query.docs(leaf))
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


def hidden_documents(searcher, access: permissions.Access | None, restriction=None) -> HiddenDocuments:
    """The document numbers of the searcher's index a search must not return: those the person
    of ``access`` may not find (None: not filtered) and, given ``restriction`` (a whoosh query:
    the model's content type, the queryset's filters, the section), those outside it. What
    whoosh is given as ``mask=`` (a set: whoosh uses it as it is). Do not modify it."""
    rules = None if access is None else (access.allowed(rule_combinations(searcher)), access.hidden)
    key = (rules, restriction)
    try:
        hash(key)
    except TypeError:  # a filter value whoosh cannot hash: computed, not cached
        return _combined(searcher, key, cache=False)
    masks = getattr(searcher, "social_masks", None)
    if masks is None:
        masks = searcher.social_masks = OrderedDict()
    found = masks.get(key)
    if found is not None:
        masks.move_to_end(key)
        return found
    found = masks[key] = _combined(searcher, key, cache=True)
    while len(masks) > MASKS_PER_SEARCHER:
        masks.popitem(last=False)
    return found


class HiddenDocuments(set):
    """Document numbers to hide, and ``whole_segments``: the offsets of the segments hidden
    whole, which a search need not open a matcher for (:class:`MaskCollector`)."""

    whole_segments: frozenset[int] = frozenset()


def _combined(searcher, key: tuple, cache: bool) -> HiddenDocuments:
    found = HiddenDocuments()
    whole = set()
    for leaf, offset in searcher.leaf_searchers():
        local = _cached_segment(leaf, key) if cache else _hidden_in(leaf, key)
        found.update(local if not offset else (docnum + offset for docnum in local))
        if local and len(local) >= leaf.doc_count_all():
            whole.add(offset)
    found.whole_segments = frozenset(whole)
    return found


class MaskCollector(adapter.collectors.FilterCollector):
    """whoosh's ``FilterCollector`` with a mask (``restrict``), that skips the segments the
    mask hides whole, for the hits and for the count, as Lucene skips a segment whose filter
    matches nothing there: a private community's items written together, in segments of their
    own, cost an outsider's search nothing. Give it a non-empty :class:`HiddenDocuments`."""

    def __init__(self, child, mask: set[int]):
        super().__init__(child, None, mask)
        self.whole_segments = getattr(mask, "whole_segments", frozenset())
        self.skipping = False

    def set_subsearcher(self, subsearcher, offset):
        self.skipping = offset in self.whole_segments
        if not self.skipping:
            super().set_subsearcher(subsearcher, offset)

    def collect_matches(self):
        if not self.skipping:
            super().collect_matches()

    def count(self):
        if not hasattr(self.child, "matcher"):  # every segment hidden whole: nothing searched
            return 0
        return super().count()

    def all_ids(self):
        if not hasattr(self.child, "matcher"):  # every segment hidden whole
            return
        if self.child.computes_count():  # the child kept every hit: filter those
            yield from super().all_ids()
            return
        # whoosh's TopCollector walks the query again (``docs_for_query``); likewise, less the
        # segments hidden whole and the documents masked.
        mask, query = self._restrict, self.child.q
        for leaf, offset in self.top_searcher.leaf_searchers():
            if offset in self.whole_segments:
                continue
            for docnum in query.docs(leaf):
                if docnum + offset not in mask:
                    yield docnum + offset


def clear() -> None:
    """Forget every segment set (tests)."""
    global _cached_documents
    with _lock:
        _segments.clear()
        _cached_documents = 0
