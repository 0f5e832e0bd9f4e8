"""The whoosh backend against modelsearch's own backend test cases (its ``tests/test_backends.py``
``BackendTests``), on a French library: words, operators, query objects, autocomplete, slicing,
counts, scores. Filters, ordering and facets are in test_backend_filters.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.base import FieldError, SearchFieldError
from modelsearch.query import MATCH_ALL, MATCH_NONE, And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from tests.search.library import titles
from tests.testapp.models import LibraryAuthor, LibraryBook, LibraryNovel

pytestmark = pytest.mark.django_db


def all_titles():
    return set(LibraryBook.objects.values_list("title", flat=True))


def test_search_simple(library):
    results = library.search("mousquetaires", LibraryBook)
    assert titles(results) == {"Les Trois Mousquetaires"}
    assert results.model is LibraryBook


def test_search_via_queryset_with_filter_and_order_by(library):
    results = LibraryBook.objects.filter(number_of_pages__gt=900).search("Paris", backend="social")
    assert titles(results) == {"Les Misérables", "Notre-Dame de Paris"}
    ordered = LibraryBook.objects.search("Paris", backend="social", order_by="number_of_pages")
    assert [book.title for book in ordered] == [
        "Les Trois Mousquetaires",
        "Notre-Dame de Paris",
        "Les Misérables",
    ]
    ordered = LibraryBook.objects.search("Paris", backend="social", order_by="-number_of_pages")
    assert [book.title for book in ordered] == [
        "Les Misérables",
        "Notre-Dame de Paris",
        "Les Trois Mousquetaires",
    ]


def test_blank_and_match_all_and_match_none(library):
    assert list(library.search("", LibraryBook)) == []
    assert titles(library.search(MATCH_ALL, LibraryBook)) == all_titles()
    assert list(library.search(MATCH_NONE, LibraryBook)) == []
    assert titles(library.search(Not(MATCH_NONE), LibraryBook)) == all_titles()
    assert list(library.search(Not(MATCH_ALL), LibraryBook)) == []
    assert titles(library.search(PlainText("mousquetaires") | MATCH_NONE, LibraryBook)) == {
        "Les Trois Mousquetaires"
    }
    assert titles(library.search(PlainText("mousquetaires") | MATCH_ALL, LibraryBook)) == all_titles()
    assert titles(library.search(PlainText("mousquetaires") & MATCH_ALL, LibraryBook)) == {
        "Les Trois Mousquetaires"
    }
    assert list(library.search(PlainText("mousquetaires") & MATCH_NONE, LibraryBook)) == []
    assert len(library.search(MATCH_ALL, LibraryBook)) == 13


def test_search_none_is_match_all_with_a_warning(library):
    with pytest.warns(DeprecationWarning, match="Querying `None` is deprecated"):
        results = library.search(None, LibraryBook.objects.all())
    assert len(results) == 13


def test_does_not_return_results_from_another_model(library):
    # "Valjean" is a character of a novel: never an author, even one with the same pk.
    assert list(library.search("Valjean", LibraryAuthor)) == []


def test_ranking_and_or_operator(library):
    results = list(library.search("mousquetaires Paris", LibraryBook, operator="or"))
    assert titles(results) == {"Les Trois Mousquetaires", "Les Misérables", "Notre-Dame de Paris"}
    assert results[0].title == "Les Trois Mousquetaires"


def test_and_operator(library):
    assert titles(library.search("Paris Dumas", LibraryBook, operator="and")) == {"Les Trois Mousquetaires"}
    assert titles(library.search("Paris Hugo", LibraryBook, operator="and")) == {
        "Les Misérables",
        "Notre-Dame de Paris",
    }


def test_annotate_score_with_and_without_slice(library):
    for results in (
        library.search("Paris", LibraryBook).annotate_score("_score"),
        library.search("Paris", LibraryBook).annotate_score("_score")[:10],
    ):
        scores = [book._score for book in results]
        assert scores and all(isinstance(score, float) for score in scores)


def test_slices_and_counts(library):
    results = library.search(MATCH_ALL, LibraryBook)
    assert len(results[:3][:6]) == 3
    assert results[2:5].count() == 3
    assert results.count() == 13


def test_count_and_results_caches(library):
    results = library.search("Paris", LibraryBook)
    assert results.count() == 3
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 3
    assert len(queries) == 0
    results = library.search("Paris", LibraryBook)
    assert len(list(results)) == 3
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 3
        assert len(list(results)) == 3
    assert len(queries) == 0


def test_count_asks_no_database_query(library):
    # The count is whoosh's: no object is loaded to count them.
    with CaptureQueriesContext(connection) as queries:
        assert library.search("Paris", LibraryBook.objects.filter(number_of_pages__lt=1000)).count() == 2
    assert len(queries) == 0


def test_child_class_and_parent_class(library):
    assert set(library.search(MATCH_ALL, LibraryNovel)) == set(LibraryNovel.objects.all())
    # "Marseille" is only in LibraryNovel.setting: a search of the parent model finds it.
    results = library.search("Marseille", LibraryBook)
    assert titles(results) == {"Le Comte de Monte-Cristo"}
    assert type(results[0]) is LibraryBook


def test_search_on_individual_field(library):
    results = library.search("Marseille noir", LibraryBook, fields=["title"], operator="or")
    assert titles(results) == {"L'Œuvre au noir"}


def test_search_on_unknown_or_non_searchable_field(library):
    for fields in (["unknown"], ["number_of_pages"]):
        with pytest.raises(SearchFieldError, match="Cannot search with field"):
            list(library.search("Paris", LibraryBook, fields=fields))


def test_search_on_related_fields_and_callables(library):
    assert titles(library.search("Valjean", LibraryNovel)) == {"Les Misérables"}
    assert titles(library.search("Yourcenar", LibraryBook)) == {"L'Œuvre au noir", "Mémoires d'Hadrien"}
    # "Ressources humaines" is only the display of the guide's topic (a callable).
    assert titles(library.search("ressources", LibraryBook)) == {"Le télétravail en pratique"}


def test_autocomplete(library):
    assert titles(library.autocomplete("Mousq", LibraryBook)) == {"Les Trois Mousquetaires"}
    assert titles(library.autocomplete("Mousquet", LibraryBook)) == {"Les Trois Mousquetaires"}
    assert titles(
        LibraryBook.objects.filter(number_of_pages__gt=1000).autocomplete("Mis", backend="social")
    ) == {"Les Misérables"}
    ordered = LibraryBook.objects.autocomplete("Formatio", backend="social", order_by="number_of_pages")
    assert [book.title for book in ordered] == [
        "Formation sécurité : les bons réflexes",
        "Sécurité : formation des nouveaux arrivants",
    ]
    ordered = LibraryBook.objects.autocomplete("Formatio", backend="social", order_by="-number_of_pages")
    assert [book.title for book in ordered][0] == "Sécurité : formation des nouveaux arrivants"


def test_autocomplete_uses_autocomplete_fields(library):
    assert [author.name for author in library.autocomplete("Vict", LibraryAuthor)] == ["Victor Hugo"]
    assert [author.name for author in library.autocomplete("Vict", LibraryAuthor, fields=["name"])] == [
        "Victor Hugo"
    ]
    # "Ressources humaines" is searchable but not an autocomplete field.
    assert list(library.autocomplete("Ressou", LibraryBook)) == []


def test_plain_text(library):
    assert titles(library.search(PlainText("mousquetaires"), LibraryBook.objects.all())) == {
        "Les Trois Mousquetaires"
    }
    assert list(library.search(PlainText("mousq"), LibraryBook.objects.all())) == []
    assert titles(library.search(PlainText("Marseille Sahara", operator="or"), LibraryBook)) == {
        "Le Comte de Monte-Cristo",
        "Le Petit Prince",
    }
    assert titles(library.search(PlainText("Paris Hugo Quasimodo", operator="and"), LibraryBook)) == {
        "Notre-Dame de Paris"
    }
    for operator in ("AND", "aNd"):
        assert titles(library.search(PlainText("Quasimodo Paris", operator=operator), LibraryBook)) == {
            "Notre-Dame de Paris"
        }
        assert titles(library.search("Quasimodo Paris", LibraryBook, operator=operator)) == {
            "Notre-Dame de Paris"
        }
    with pytest.raises(ValueError):
        library.search(PlainText("Paris", operator="xor"), LibraryBook)
    with pytest.raises(ValueError):
        library.search("Paris", LibraryBook, operator="xor")


def test_boost(library):
    def score(query):
        return library.search(query, LibraryBook).annotate_score("score")[0].score

    # Scores depend on the lengths of the documents: boost B past A, then under it.
    ratio = score(PlainText("Marseille")) / score(PlainText("Sahara"))
    query = PlainText("Marseille") | Boost(PlainText("Sahara"), 2.0 * ratio)
    assert [book.title for book in library.search(query, LibraryBook)] == [
        "Le Petit Prince",
        "Le Comte de Monte-Cristo",
    ]
    query = PlainText("Marseille") | Boost(PlainText("Sahara"), 0.5 * ratio)
    assert [book.title for book in library.search(query, LibraryBook)] == [
        "Le Comte de Monte-Cristo",
        "Le Petit Prince",
    ]


def test_field_boost_puts_the_title_above_a_mention(library):
    # "Paris" is the title of one novel and the setting of two others (title boosted by 10).
    assert library.search("Paris", LibraryBook)[0].title == "Notre-Dame de Paris"


def test_and_or_not(library):
    assert titles(library.search(And([PlainText("Paris"), PlainText("Dumas")]), LibraryBook)) == {
        "Les Trois Mousquetaires"
    }
    assert titles(library.search(PlainText("Paris") & PlainText("Dumas"), LibraryBook)) == {
        "Les Trois Mousquetaires"
    }
    assert titles(library.search(Or([PlainText("Sahara"), PlainText("Alger")]), LibraryBook)) == {
        "Le Petit Prince",
        "L'Étranger",
    }
    assert titles(library.search(PlainText("Sahara") | PlainText("Alger"), LibraryBook)) == {
        "Le Petit Prince",
        "L'Étranger",
    }
    others = all_titles() - {"Les Trois Mousquetaires"}
    assert titles(library.search(Not(PlainText("mousquetaires")), LibraryBook)) == others
    assert titles(library.search(~PlainText("mousquetaires"), LibraryBook)) == others
    assert titles(library.search(~PlainText("mousquetaires les"), LibraryBook)) == others


def test_operators_combination_and_negations(library):
    query = (PlainText("Paris") & ~PlainText("Hugo")) | PlainText("Sahara") | PlainText("Alger")
    assert titles(library.search(query, LibraryBook)) == {
        "Les Trois Mousquetaires",
        "Le Petit Prince",
        "L'Étranger",
    }
    query = PlainText("Paris") & ~(PlainText("Quasimodo") & PlainText("Esmeralda"))
    assert titles(library.search(query, LibraryBook)) == {"Les Misérables", "Les Trois Mousquetaires"}
    query = PlainText("Paris") & ~(PlainText("Quasimodo") | PlainText("Valjean"))
    assert titles(library.search(query, LibraryBook)) == {"Les Trois Mousquetaires"}


def test_phrase(library):
    assert titles(library.search(Phrase("formation sécurité"), LibraryBook)) == {
        "Formation sécurité : les bons réflexes"
    }
    assert titles(library.search(Phrase("sécurité formation"), LibraryBook)) == {
        "Sécurité : formation des nouveaux arrivants"
    }


def test_fuzzy(library):
    # A letter missing, and a letter wrong: still found.
    assert titles(library.search(Fuzzy("mousqetaires"), LibraryBook)) == {"Les Trois Mousquetaires"}
    assert titles(library.search(Fuzzy("Quasimado"), LibraryBook)) == {"Notre-Dame de Paris"}
    assert titles(library.search(Fuzzy("Quasimado Sahara", operator="and"), LibraryBook)) == set()


def test_errors_are_modelsearch_errors(library):
    assert issubclass(SearchFieldError, FieldError)
    with pytest.raises(NotImplementedError, match="Autocomplete takes words"):
        list(library.autocomplete(Phrase("Paris"), LibraryBook))
