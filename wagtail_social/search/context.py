"""What the index must know of an item besides its own fields: its page, language and access.

A page is its own page. An item of a model a feature declared searchable
(:class:`wagtail_social.features.Searchable`) belongs to ``Searchable.page_id(item)``: it takes
that page's language, access tokens and ancestors. Any other indexed model (images, documents,
snippets) takes its own ``locale`` when it has one, else the backend's default language, and
the access tokens of no page. Pages and locales are read in two queries per batch of items, so
that a rebuild costs a few queries per thousand items, not a few per item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Locale, Page

from wagtail_social.features import Searchable, searchables

from . import permissions


def site_languages() -> list[str]:
    """The languages that have an index: ``WAGTAIL_CONTENT_LANGUAGES``, else ``LANGUAGES``."""
    configured = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    codes = []
    for code, _name in configured:
        code = code.lower()
        if code not in codes:
            codes.append(code)
    return codes or [settings.LANGUAGE_CODE.lower()]


def index_language(code: str | None, default: str) -> str:
    """The index for content in language ``code`` (its generic variant, else ``default``)."""
    languages = site_languages()
    if code:
        code = code.lower()
        for candidate in (code, code.split("-")[0]):
            if candidate in languages:
                return candidate
    return default


def default_language(configured: str | None = None) -> str:
    languages = site_languages()
    fallback = settings.LANGUAGE_CODE if configured is None else configured
    return index_language(fallback, languages[0])


def searchables_for(model) -> list[Searchable]:
    """The declarations of ``model`` (or of its nearest declared parent): one model may be
    declared under several kinds (contributions: idea, question, suggestion), each keeping its
    own items."""
    declared: dict[type, list[Searchable]] = {}
    for _feature, searchable in searchables():
        declared.setdefault(searchable.model, []).append(searchable)
    for klass in model.__mro__:
        if klass in declared:
            return declared[klass]
    return []


def searchable_for(model) -> Searchable | None:
    """The first declaration of ``model`` (or of its nearest declared parent), if any."""
    found = searchables_for(model)
    return found[0] if found else None


def _kinds_of(model, items: list) -> dict:
    """pk → the declaration whose ``searchable_items`` keeps the item (the first one when
    several do; the first declaration for an item none keeps)."""
    declared = searchables_for(model)
    if len(declared) < 2:
        return {}
    pks = [item.pk for item in items]
    kinds = {}
    for searchable in reversed(declared):
        queryset = searchable.searchable_items(model._default_manager.filter(pk__in=pks))
        kinds.update(dict.fromkeys(queryset.values_list("pk", flat=True), searchable))
    return kinds


@dataclass
class ItemContext:
    page_id: int | None
    ancestors: list[int]
    access: list[str]
    kind: str
    language: str

    def as_dict(self) -> dict:
        return {
            "page_id": self.page_id,
            "ancestors": self.ancestors,
            "access": self.access,
            "kind": self.kind,
            "language": self.language,
        }


def _pages(page_ids: Iterable[int]) -> dict[int, tuple[str, int]]:
    """id → (path, locale id) of the pages ``page_ids``."""
    rows = Page.objects.filter(pk__in=set(page_ids)).values_list("pk", "path", "locale_id")
    return {pk: (path, locale_id) for pk, path, locale_id in rows}


def _ancestor_ids(paths: Iterable[str]) -> dict[str, int]:
    step = Page.steplen
    wanted = {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
    return dict(Page.objects.filter(path__in=wanted).values_list("path", "pk"))


def describe(items: list, default: str) -> dict[int, ItemContext]:
    """id(item) → its context, for a batch of items of one model."""
    if not items:
        return {}
    model = type(items[0])
    searchable = None if issubclass(model, Page) else searchable_for(model)
    locales = dict(Locale.objects.values_list("pk", "language_code"))
    if issubclass(model, Page):
        page_of = {id(item): item.pk for item in items}
        pages = {item.pk: (item.path, item.locale_id) for item in items}
        kind = "page"
    elif searchable is not None:
        declaration = _kinds_of(model, items)
        declaration_of = {id(item): declaration.get(item.pk, searchable) for item in items}
        page_of = {id(item): declaration_of[id(item)].page_id(item) for item in items}
        pages = _pages(page_id for page_id in page_of.values() if page_id)
        kind = searchable.kind
    else:
        page_of, pages, kind = {}, {}, model._meta.label_lower
    ids_by_path = _ancestor_ids(path for path, _locale in pages.values())
    step = Page.steplen
    tokens: dict[int | None, list[str]] = {}
    described = {}
    for item in items:
        page_id = page_of.get(id(item))
        if page_id in pages:
            path, locale_id = pages[page_id]
            ancestors = [
                ids_by_path[path[:end]]
                for end in range(step, len(path) + 1, step)
                if path[:end] in ids_by_path
            ]
            language = index_language(locales.get(locale_id), default)
        else:
            page_id = None if searchable is None else page_id
            ancestors = []
            locale_id = getattr(item, "locale_id", None)
            language = index_language(locales.get(locale_id), default)
        if page_id not in tokens:
            tokens[page_id] = list(permissions.access_tokens(page_id))
        item_kind = declaration_of[id(item)].kind if searchable is not None else kind
        described[id(item)] = ItemContext(page_id, ancestors, tokens[page_id], item_kind, language)
    return described


def searchable_pks(model, items: list) -> set | None:
    """The pks of ``items`` their feature lets be found (None: the model declares no filter)."""
    declared = [] if issubclass(model, Page) else searchables_for(model)
    if not declared:
        return None
    queryset = model._default_manager.filter(pk__in=[item.pk for item in items])
    kept = set()
    for searchable in declared:
        kept |= set(searchable.searchable_items(queryset).values_list("pk", flat=True))
    return kept
