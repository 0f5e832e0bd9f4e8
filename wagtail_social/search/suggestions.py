""" "Did you mean": whoosh's spelling correction on the index's words, limited to the words of
documents the person may find.

whoosh's own corrector (``searcher.corrector(field)``) proposes any word of the index's lexicon,
ranked by how often it occurs anywhere: it would spell out a private community's word to
someone outside it ("parkingg" → "parking" when only the community talks of parking), and even
its ranking would depend on them. So the candidates within one or two edits
(``reader.terms_within``, whoosh's automaton over the lexicon: every such word, in no order) are
each kept only if a document the person may find holds it (a search of that word under the
person's ``mask=``), and ranked by distance, then by the number of such documents: what is
suggested depends only on what the person may see. A word the person already finds is kept.

The index holds stemmed, folded words ("salar" for "salariés"); the suggestion shows the word as
written in a document the person may find (its first occurrence there), else the stem.
"""

from __future__ import annotations

import re

from . import adapter, finder, permissions, snippets

Q = adapter.query
WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
MIN_LENGTH = 4  # shorter words are left as typed: one edit away from too many others
# Index words (stems) shorter than this are corrected by one edit at most: two edits turn a
# four-letter stem into an unrelated word ("regles", stem "regl", became "réunion", "reun").
TWO_EDITS_FROM = 6


def _visible_count(searcher, term: str, mask) -> int:
    return len(searcher.search(Q.Term(finder.TEXT_FIELD, term), limit=1, scored=False, mask=mask))


def _surface(searcher, term: str, mask, analyzer, user) -> str | None:
    """The word ``term`` stems from, as a document the person may find writes it."""
    results = searcher.search(Q.Term(finder.TEXT_FIELD, term), limit=3, mask=mask)
    hits = [
        finder.Found(
            hit.score,
            "",
            hit["kind"],
            hit["pk"],
            int(hit["page_id"]) if hit.fields().get("page_id") else None,
        )
        for hit in results
    ]
    for _hit, obj, _page in finder.load(hits, user):
        text = snippets.text_of(obj)
        for token in analyzer(text, chars=True, mode="query", removestops=False):
            if token.text == term:
                return text[token.startchar : token.endchar].lower()
    return None


def _correct(searcher, word: str, analyzer, mask, user) -> tuple[str, int, int] | None:
    """(replacement, edits, documents) for ``word`` in one index; ``(word, 0, n)`` when the
    person already finds it; None when nothing the person may see comes close."""
    terms = [token.text for token in analyzer(word, mode="query")]
    if len(terms) != 1:
        return None  # a stop word, or a word the analyzer splits: left as typed
    term = terms[0]
    count = _visible_count(searcher, term, mask)
    if count:
        return word, 0, count
    if len(word) < MIN_LENGTH:
        return None
    reader = searcher.reader()
    for edits in (1, 2) if len(term) >= TWO_EDITS_FROM else (1,):
        candidates = []
        for candidate in reader.terms_within(finder.TEXT_FIELD, term, edits, prefix=1):
            candidate = candidate.decode() if isinstance(candidate, bytes) else candidate
            if candidate == term:
                continue
            found = _visible_count(searcher, candidate, mask)
            if found:
                candidates.append((-found, candidate))
        if candidates:
            found, best = min(candidates)
            return _surface(searcher, best, mask, analyzer, user) or best, edits, -found
    return None


def did_you_mean(text: str, user, backend=None) -> str | None:
    """The query ``text`` with each word the person finds nowhere replaced by the closest word
    they do find, or None when there is nothing to correct."""
    backend = backend or finder.search_backend()
    words = [match.group(0) for match in WORD.finditer(text) if match.group(0) not in OPERATORS]
    if not words:
        return None
    best: dict[str, tuple[int, int, str]] = {}
    for language in backend.search_languages(None):
        store = backend.store(language)
        if not store.exists():
            continue
        analyzer = finder.analyzer(language)
        with store.searcher() as searcher:
            mask = permissions.search_mask(user, permissions.indexed_tokens(searcher.reader()))
            for word in words:
                corrected = _correct(searcher, word, analyzer, mask, user)
                if corrected is None:
                    continue
                replacement, edits, count = corrected
                if word not in best or (edits, -count) < best[word][:2]:
                    best[word] = (edits, -count, replacement)
    if not any(edits for edits, _count, _replacement in best.values()):
        return None
    suggestion = text
    for word, (edits, _count, replacement) in best.items():
        if edits:
            suggestion = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, suggestion)
    return suggestion if suggestion != text else None
