"""What a document becomes in whoosh (``wagtail_social.search.schema``): the fields that make a
rebuild's postings, kept few without changing what a filter or a search finds."""

import datetime

import pytest
from modelsearch.index import FilterField
from wagtail.models import Page

from tests.testapp.models import LibraryBook
from wagtail_social.search import adapter, analysis, schema

F = adapter.fields


@pytest.mark.parametrize(
    ("model", "name", "kind", "value", "terms"),
    [
        (Page, "live", "bool", True, 1),
        (LibraryBook, "id", "int", 123_456, 4),
        (LibraryBook, "number_of_pages", "int", 320, 4),
        (LibraryBook, "publication_date", "date", datetime.date(2026, 11, 30), 4),
    ],
)
def test_numbers_are_indexed_at_few_precisions(model, name, kind, value, terms):
    """Each precision ("tier") of a number is a posting per document: integers and dates take 4
    (whoosh's own steps make 16 and 8), booleans, compared for equality only, one."""
    column = schema.filter_column(FilterField(name), model)
    assert column.kind == kind
    field = schema.whoosh_filter_field(column)
    assert len(list(field.index(schema.index_value(kind, value)))) == terms


def filter_index(kinds: dict[str, str], documents: list[dict]):
    """An index in memory of ``documents`` with a filter field per entry of ``kinds`` (name →
    kind), and a function of a whoosh query returning the ``id``s it finds."""
    columns = {
        name: schema.whoosh_filter_field(schema.FilterColumn(name, kind, False))
        for name, kind in kinds.items()
    }
    ix = adapter.RamStorage().create_index(F.Schema(id=F.ID(stored=True), **columns))
    with adapter.writer(ix) as writer:
        for document in documents:
            writer.add_document(**document)

    def found(query) -> set[int]:
        with ix.searcher() as searcher:
            return {int(hit["id"]) for hit in searcher.search(query, limit=None)}

    return found


def test_ranges_and_equality_on_numbers_find_what_python_finds():
    values = [(n, n % 3 == 0, (n * 37) % 70_000 - 500) for n in range(400)]
    found = filter_index(
        {"flag": "bool", "number": "int"},
        [
            {"id": str(n), "flag": schema.index_value("bool", flag), "number": number}
            for n, flag, number in values
        ],
    )
    Q = adapter.query

    assert found(Q.Term("flag", schema.index_value("bool", True))) == {n for n, flag, _ in values if flag}
    assert found(Q.NumericRange("flag", 0, 0)) == {n for n, flag, _ in values if not flag}
    assert found(Q.NumericRange("number", -100, 9_000)) == {n for n, _, x in values if -100 <= x <= 9_000}
    assert found(Q.NumericRange("number", 300, None, startexcl=True)) == {n for n, _, x in values if x > 300}
    assert found(Q.Term("number", values[7][2])) == {n for n, _, x in values if x == values[7][2]}


def test_ranges_across_every_tier_find_what_python_finds():
    """Numbers and dates far apart (each tier of 16 bits used): ranges, open ends and equality."""
    start = datetime.datetime(1990, 1, 1)
    values = [
        (n, (n * 7_919_993_347) % 10**15 - 10**14, start + datetime.timedelta(seconds=n * 98_765_431))
        for n in range(300)
    ]
    found = filter_index(
        {"number": "int", "moment": "date"},
        [{"id": str(n), "number": x, "moment": schema.index_value("date", m)} for n, x, m in values],
    )
    Q = adapter.query

    low, high = -3 * 10**13, 4 * 10**14 + 12_345
    assert found(Q.NumericRange("number", low, high)) == {n for n, x, _ in values if low <= x <= high}
    assert found(Q.NumericRange("number", None, 0, endexcl=True)) == {n for n, x, _ in values if x < 0}
    assert found(Q.Term("number", values[11][1])) == {11}
    since, until = datetime.datetime(2030, 6, 1), datetime.datetime(2400, 1, 1, 12)
    assert found(Q.DateRange("moment", since, until)) == {n for n, _, m in values if since <= m <= until}
    assert found(Q.DateRange("moment", since, None)) == {n for n, _, m in values if m >= since}
    assert 0 < len(found(Q.DateRange("moment", since, until))) < len(values)


def test_autocomplete_fields_keep_frequencies_but_no_positions():
    """Autocomplete is looked up term by term (never a phrase): positions would be stored for
    each of a word's beginnings for nothing."""
    field = schema.autocomplete_field(analysis.autocomplete_analyzer("fr"))
    assert not field.format.supports("positions")
    assert field.format.supports("frequency")
    assert field.scorable


def test_the_built_schema_uses_them(db):
    built = schema.build_schema("fr")
    assert not built["autocomplete"].format.supports("positions")
    assert built["text"].format.supports("positions")  # phrases
    booleans = [name for name in built.names() if name.endswith("__live")]
    assert booleans and all(built[name].shift_step == 0 for name in booleans)
