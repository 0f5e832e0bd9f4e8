"""What an indexed model becomes in whoosh: the fields of the schema and the document per object.

One schema per language holds every ``index.Indexed`` model of the project (whoosh, like the
database backends, keeps all models in one index; the ``content_type`` field tells them apart):

* ``id`` (unique: root model and pk, so a page and its specific class are one document), ``pk``,
  ``model_label`` (the model indexed: a page's specific class);
* ``content_type``: the model's label and its indexed parents' (``wagtailcore.page`` for every
  page), so that a query on a base model finds its subclasses' objects;
* ``text`` (every ``SearchField``), ``text_boost_<n>`` (the fields boosted by n, scored again),
  ``autocomplete`` (every ``AutocompleteField``), and one field per search/autocomplete field
  for searches restricted with ``fields=[...]``;
* ``f_<model>__<field>`` per ``FilterField`` (typed: numbers, dates and times are ranges and
  sort in whoosh), ``nulls`` (the filter fields an object has no value for, for ``isnull``);
* ``permissions.ACCESS_FIELD`` (its tokens), ``ancestors`` (the ids of the item's page and of
  the page's ancestors), ``page_id``, ``kind`` ("page" or the ``Searchable.kind``), ``language``.

Field names derive from the model that DEFINES a field, so a child model's documents share their
parent's filter fields. The analyzers come from :mod:`.analysis` (pickled by import path).
"""

from __future__ import annotations

import datetime
import decimal
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)

from . import adapter, analysis, permissions

F = adapter.fields

#: The bits between two of a number's "tiers" (see ``whoosh_filter_field``): 4 tiers of a
#: 64-bit number. whoosh steps by 4 bits (numbers) or 8 (dates): 16 or 8 postings per value.
TIER_BITS = 16

INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
BOOLEAN_TYPES = {"BooleanField", "NullBooleanField"}
FLOAT_TYPES = {"FloatField", "DecimalField"}
DATE_TYPES = {"DateField", "DateTimeField"}
TIME_TYPES = {"TimeField"}


ACCESS = permissions.ACCESS_FIELD
#: The model a document was indexed as (pages: their specific class), for the health check's
#: counts per model (``writer_tasks.MODEL_FIELD``) and for re-reading a subtree's documents.
MODEL = "model_label"


def model_label(model) -> str:
    return model._meta.label_lower


@functools.cache
def _concrete_lineage(model) -> tuple:
    """``model`` and its indexed concrete parents, nearest first (abstract ones are skipped);
    asked for each document written, computed once per model."""
    lineage = []
    while model is not None:
        if not model._meta.abstract:
            lineage.append(model)
        model = model.indexed_get_parent()
    return tuple(lineage)


def content_types(model) -> list[str]:
    """The labels a document of ``model`` answers to: its own and its indexed parents'."""
    return [model_label(klass) for klass in _concrete_lineage(model)]


def root_model(model):
    return _concrete_lineage(model)[-1]


def document_id(obj) -> str:
    return f"{model_label(root_model(type(obj)))}:{obj.pk}"


def pk_sort_key(pk) -> str:
    """Sortable text for a pk: integers zero-padded, so that "pk descending" is numeric."""
    return f"{pk:020d}" if isinstance(pk, int) else str(pk)


def _prefix(field, model, path: tuple[str, ...]) -> str:
    owner = field.get_definition_model(model) if not path else None
    owner = owner if isinstance(owner, type) and issubclass(owner, models.Model) else model
    return "__".join((model_label(owner).replace(".", "_"), *path))


def column_name(kind: str, field, model, path: tuple[str, ...] = ()) -> str:
    """The whoosh field of a search_fields entry; ``kind`` is "s" (search), "a" (autocomplete)
    or "f" (filter); ``path`` the names of the ``RelatedFields`` leading to it."""
    return f"{kind}_{_prefix(field, model, path)}__{field.field_name}"


@dataclass(frozen=True)
class FilterColumn:
    name: str
    kind: str  # "int", "bool", "float", "date", "time", "text"
    multiple: bool


def _is_multiple(field, model) -> bool:
    try:
        django_field = field.get_field(model)
    except Exception:  # a callable or property: one value
        return False
    return bool(django_field.many_to_many or django_field.one_to_many)


def filter_column(field, model, path: tuple[str, ...] = (), multiple: bool = False) -> FilterColumn:
    internal = field.get_type(model)
    kind = (
        "int"
        if internal in INTEGER_TYPES
        else "bool"
        if internal in BOOLEAN_TYPES
        else "float"
        if internal in FLOAT_TYPES
        else "date"
        if internal in DATE_TYPES
        else "time"
        if internal in TIME_TYPES
        else "text"
    )
    return FilterColumn(column_name("f", field, model, path), kind, multiple or _is_multiple(field, model))


def whoosh_filter_field(column: FilterColumn):
    """The whoosh field of a filter column. Numbers are indexed at several precisions (whoosh's
    "tiers") so that a range is a few terms: every tier is a posting per document, a third of
    what a rebuild writes. Integers, dates and times take 4 tiers of 16 bits (``TIER_BITS``)
    rather than whoosh's 16 of 4 (8 of 8 for dates): equality is one term whatever the step,
    and a range reads at most the values in 2 × 65,535 steps at each end, of which an index
    holds few; booleans, only ever compared for equality, take one term (``shift_step=0``:
    a range on them, if any, is one ``TermRange`` over at most two terms). The query side
    reads the step from the index's own schema: an index built with another step still
    answers right."""
    sortable = not column.multiple
    if column.kind == "bool":
        return F.NUMERIC(numtype=int, bits=64, signed=True, sortable=sortable, shift_step=0)
    if column.kind in ("int", "time"):
        return F.NUMERIC(numtype=int, bits=64, signed=True, sortable=sortable, shift_step=TIER_BITS)
    if column.kind == "float":
        return F.NUMERIC(numtype=float, sortable=sortable)
    if column.kind == "date":
        field = F.DATETIME(sortable=sortable)
        field.shift_step = TIER_BITS
        return field
    if column.multiple:
        return F.KEYWORD(commas=True, lowercase=False)
    return F.ID(sortable=True)


def index_value(kind: str, value):
    """``value`` as the filter field of ``kind`` indexes and queries it (None: no value)."""
    if value is None or value == "":
        return None
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, (list, tuple, set)) or (
        kind != "text" and hasattr(value, "__iter__") and not isinstance(value, str)
    ):
        values = [index_value(kind, item) for item in value]
        values = [item for item in values if item is not None]
        return values or None
    if kind in ("int", "bool"):
        return int(value)
    if kind == "float":
        return float(value) if not isinstance(value, decimal.Decimal) else float(value)
    if kind == "date":
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value, datetime.UTC)
            return value
        return datetime.datetime(value.year, value.month, value.day)
    if kind == "time":
        return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
    return str(value)


def _walk(search_fields, model, path=()) -> Iterator[tuple[object, object, tuple[str, ...]]]:
    """Every (entry, model, path) of ``search_fields``, descending into ``RelatedFields``."""
    for field in search_fields:
        if isinstance(field, RelatedFields):
            try:
                related = field.get_field(model).related_model
            except Exception:
                continue
            yield from _walk(field.fields, related, (*path, field.field_name))
        else:
            yield field, model, path


def boost_name(boost) -> str:
    return "text_boost_" + str(float(boost)).replace(".", "_")


def autocomplete_field(analyzer):
    """An autocomplete field: the beginnings of words, looked up one term at a time (never as
    a phrase), so without positions (``phrase=False``): each of a word's 2 to 15 beginnings
    would otherwise store its position list; scores are the same (frequencies are kept)."""
    return F.TEXT(analyzer=analyzer, phrase=False)


def build_schema(language: str):
    """The schema of the index of ``language`` for every indexed model of the project."""
    text, autocomplete = analysis.text_analyzer(language), analysis.autocomplete_analyzer(language)
    completions = autocomplete_field(autocomplete)
    schema = F.Schema(
        id=F.ID(stored=True, unique=True),
        pk=F.ID(stored=True),
        pk_order=F.ID(sortable=True),
        model_label=F.ID(stored=True),
        content_type=F.KEYWORD(lowercase=False),
        text=F.TEXT(analyzer=text),
        autocomplete=completions,
        nulls=F.KEYWORD(lowercase=False),
        ancestors=F.KEYWORD(lowercase=False),
        page_id=F.ID(stored=True),
        kind=F.ID(stored=True),
        language=F.ID(stored=True),
    )
    schema.add(ACCESS, permissions.access_field())
    for model in get_indexed_models():
        for field, owner, path in _walk(model.get_search_fields(), model):
            if isinstance(field, SearchField):
                name, fieldtype = column_name("s", field, owner, path), F.TEXT(analyzer=text)
                if getattr(field, "boost", None) and boost_name(field.boost) not in schema:
                    schema.add(boost_name(field.boost), F.TEXT(analyzer=text))
            elif isinstance(field, AutocompleteField):
                name, fieldtype = column_name("a", field, owner, path), completions
            elif isinstance(field, FilterField):
                column = filter_column(field, owner, path, multiple=bool(path))
                name, fieldtype = column.name, whoosh_filter_field(column)
            else:
                continue
            if name not in schema:
                schema.add(name, fieldtype)
    return schema


@functools.cache
def language_schema(language: str):
    """The schema of ``language``'s index (models don't change while the process runs)."""
    return build_schema(language)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def _related_objects(value) -> list:
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all())
    if isinstance(value, models.Model):
        return [value]
    return []


# A document's column names, per search_fields entry (the model's own objects, which live as
# long as the model) and owner: worked out once per model rather than for each document.
_document_column = functools.lru_cache(maxsize=4096)(column_name)


@functools.lru_cache(maxsize=4096)
def _document_filter_column(field, owner, path: tuple[str, ...]) -> FilterColumn:
    return filter_column(field, owner, path, multiple=bool(path))


def document(obj, extra: dict) -> dict:
    """The whoosh document of ``obj``; ``extra`` holds what the backend knows of its page
    (access tokens, ancestors, page id, kind, language)."""
    model = type(obj)
    doc = {
        "id": document_id(obj),
        "pk": str(obj.pk),
        "pk_order": pk_sort_key(obj.pk),
        MODEL: model_label(model),
        "content_type": " ".join(content_types(model)),
    }
    texts, boosted, completions, nulls = [], {}, [], []
    multi: dict[str, list] = {}

    def add_fields(search_fields, item, owner, path):
        for field in search_fields:
            if isinstance(field, RelatedFields):
                for related in _related_objects(field.get_value(item)):
                    add_fields(field.fields, related, type(related), (*path, field.field_name))
                continue
            value = field.get_value(item)
            if isinstance(field, SearchField):
                content = _text(value)
                texts.append(content)
                name = _document_column("s", field, owner, path)
                doc[name] = f"{doc[name]}\n{content}" if name in doc else content
                if getattr(field, "boost", None):
                    boosted.setdefault(boost_name(field.boost), []).append(content)
            elif isinstance(field, AutocompleteField):
                content = _text(value)
                completions.append(content)
                doc[_document_column("a", field, owner, path)] = content
            elif isinstance(field, FilterField):
                column = _document_filter_column(field, owner, path)
                if isinstance(value, (models.Manager, models.QuerySet)):
                    value = list(value.values_list("pk", flat=True))
                value = index_value(column.kind, value)
                if column.multiple:
                    multi.setdefault(column.name, []).extend(
                        value if isinstance(value, list) else [] if value is None else [value]
                    )
                elif value is None:
                    nulls.append(column.name)
                else:
                    doc[column.name] = value

    add_fields(model.get_search_fields(), obj, model, ())
    for name, values in multi.items():
        if not values:
            nulls.append(name)
        elif isinstance(values[0], str):
            doc[name] = ",".join(values)
        else:
            doc[name] = values
    doc["text"] = "\n".join(texts)
    doc.update({name: "\n".join(parts) for name, parts in boosted.items()})
    doc["autocomplete"] = "\n".join(completions)
    doc["nulls"] = " ".join(nulls)
    doc[ACCESS] = " ".join(extra["access"])
    doc["ancestors"] = " ".join(str(page_id) for page_id in extra["ancestors"])
    doc["page_id"] = str(extra["page_id"] or "")
    doc["kind"] = extra["kind"]
    doc["language"] = extra["language"]
    return {name: value for name, value in doc.items() if value not in ("", None)}
