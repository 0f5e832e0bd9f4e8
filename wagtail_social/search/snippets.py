"""The highlighted snippet of a search hit: escaped HTML in which only ``<mark>`` is ours.

The index stores no text; the snippet is cut from the object as the database holds it now
(the values of its ``SearchField``\\ s, as the backend indexed them), by whoosh's highlighter
with the index's own analyzer, so that "reunion" marks "Réunion" and "idee" marks "idées".
Everything written by people is escaped (Django's ``escape``) before it is joined with the
``<mark>`` tags: no user HTML ever reaches the page unescaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from modelsearch.index import SearchField

from . import adapter

FRAGMENT_CHARACTERS = 160
FRAGMENTS = 2
FALLBACK_WORDS = 30


class MarkFormatter(adapter.highlight.Formatter):
    """whoosh's formatter, writing ``<mark>`` around a match and escaping everything else."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{escape(adapter.highlight.get_text(text, token, replace))}</mark>"


def text_of(obj) -> str:
    """The indexed text of ``obj``: its ``SearchField`` values, in the order declared."""
    parts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, SearchField):
            continue
        value = search_field.get_value(obj)
        if isinstance(value, (list, tuple)):
            value = " ".join(str(item) for item in value if item)
        if value:
            parts.append(" ".join(str(value).split()))
    seen, unique = set(), []
    for part in parts:  # a page's title may be indexed twice (title, seo title)
        if part not in seen:
            seen.add(part)
            unique.append(part)
    return " — ".join(unique)


def highlight(text: str, terms: set[str], analyzer) -> SafeString:
    """The fragments of ``text`` holding ``terms`` (indexed forms), the words marked; the
    beginning of the text when no word of it matched (a hit on another field)."""
    if text and terms:
        fragmenter = adapter.highlight.ContextFragmenter(maxchars=FRAGMENT_CHARACTERS, surround=50)
        marked = adapter.highlight.highlight(
            text, terms, analyzer, fragmenter, MarkFormatter(), top=FRAGMENTS
        )
        if marked:
            return mark_safe(marked)  # noqa: S308 - every character of the text went through escape()
    return escape(Truncator(text).words(FALLBACK_WORDS))
