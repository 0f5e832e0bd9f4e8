"""The whoosh backend's filters, ordering, slicing and facets (modelsearch's ``BackendTests``),
on the French library. The database answers the same filter as the oracle: the search must
return what ``filter()`` returns, computed inside whoosh."""

import datetime
from collections import OrderedDict

import pytest
from django.db.models import F, Q, Subquery
from modelsearch.backends.base import FilterError, FilterFieldError, OrderByFieldError
from modelsearch.query import MATCH_ALL
from taggit.models import Tag

from tests.search.library import titles
from tests.testapp.models import (
    LibraryAuthor,
    LibraryBook,
    LibraryCharacter,
    LibraryGuide,
    LibraryMeeting,
    LibraryNovel,
)

pytestmark = pytest.mark.django_db


def expected(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


@pytest.mark.parametrize(
    "condition",
    [
        Q(number_of_pages=480),
        Q(number_of_pages__lt=480),
        Q(number_of_pages__lte=480),
        Q(number_of_pages__gt=480),
        Q(number_of_pages__gte=480),
        Q(number_of_pages__range=(180, 480)),
        Q(number_of_pages=480) | Q(number_of_pages=1488),
        ~Q(number_of_pages__gt=120),
        Q(number_of_pages__in=[480, 1488]),
        Q(title__startswith="Le"),
        Q(title="Le Petit Prince"),
        Q(publication_date__gt=datetime.date(1943, 1, 1)),
        Q(publication_date__year__gte=1943),
        Q(publication_date__year__gt=1943),
        Q(publication_date__year__lte=1844),
        Q(publication_date__year__lt=1844),
        Q(publication_date__year=1844),
        Q(number_of_pages__lt=500) & ~Q(publication_date__year__lt=1900),
    ],
    ids=str,
)
def test_filters_match_the_database(library, condition):
    queryset = LibraryBook.objects.filter(condition)
    assert titles(library.search(MATCH_ALL, queryset)) == expected(queryset)
    assert library.search(MATCH_ALL, queryset).count() == queryset.count()


def test_filter_on_a_parent_model_field(library):
    assert titles(library.search(MATCH_ALL, LibraryNovel.objects.filter(number_of_pages=480))) == {
        "Madame Bovary"
    }


def test_filter_in_iterable_and_subqueries(library):
    assert titles(
        library.search(MATCH_ALL, LibraryBook.objects.filter(number_of_pages__in=iter([96, 880])))
    ) == {
        "Le Petit Prince",
        "Formation sécurité : les bons réflexes",
        "Les Trois Mousquetaires",
    }
    pages = LibraryBook.objects.filter(number_of_pages__lt=200).values_list("number_of_pages", flat=True)
    for subquery in (pages, Subquery(pages)):
        queryset = LibraryBook.objects.filter(number_of_pages__in=subquery)
        assert titles(library.search(MATCH_ALL, queryset)) == expected(queryset)
    protagonist = LibraryCharacter.objects.filter(name="Jean Valjean").values_list("pk", flat=True)[:1]
    for subquery in (protagonist, Subquery(protagonist)):
        assert titles(library.search(MATCH_ALL, LibraryNovel.objects.filter(protagonist_id=subquery))) == {
            "Les Misérables"
        }


def test_filter_isnull(library):
    born = {
        author.name
        for author in library.search(MATCH_ALL, LibraryAuthor.objects.filter(date_of_birth__isnull=False))
    }
    unknown = {
        author.name
        for author in library.search(MATCH_ALL, LibraryAuthor.objects.filter(date_of_birth__isnull=True))
    }
    assert unknown == {"Service prévention", "Direction du personnel"}
    assert born == set(LibraryAuthor.objects.exclude(date_of_birth=None).values_list("name", flat=True))


def test_filter_querysets_combined_with_and_or(library):
    both = LibraryBook.objects.filter(number_of_pages=480) & LibraryBook.objects.filter(
        publication_date=datetime.date(1857, 4, 15)
    )
    assert titles(library.search(MATCH_ALL, both)) == {"Madame Bovary"}
    either = LibraryBook.objects.filter(number_of_pages=480) | LibraryBook.objects.filter(
        number_of_pages=1488
    )
    assert titles(library.search(MATCH_ALL, either)) == {
        "Madame Bovary",
        "Mémoires d'Hadrien",
        "Les Misérables",
    }


def test_filter_with_words_on_related_and_tag_fields(library):
    miserables = LibraryNovel.objects.get(title="Les Misérables")
    assert titles(library.search("Paris", LibraryNovel.objects.filter(protagonist__novel=miserables))) == {
        "Les Misérables"
    }
    assert titles(library.search("Paris", LibraryBook.objects.filter(number_of_pages__lt=1000))) == {
        "Notre-Dame de Paris",
        "Les Trois Mousquetaires",
    }


def test_filter_on_time_fields(library):
    def names(queryset):
        return {meeting.name for meeting in library.search("yoga", queryset)}

    assert names(LibraryMeeting.objects.filter(start_time=datetime.time(8, 0))) == {"Yoga du matin"}
    assert names(LibraryMeeting.objects.filter(start_time__lt=datetime.time(12, 0))) == {"Yoga du matin"}
    assert names(LibraryMeeting.objects.filter(start_time__range=(datetime.time(7), datetime.time(9)))) == {
        "Yoga du matin"
    }
    assert names(LibraryMeeting.objects.filter(start_time__in=(datetime.time(7), datetime.time(8)))) == {
        "Yoga du matin"
    }
    ordered = library.search("yoga", LibraryMeeting.objects.order_by("-start_time"), order_by_relevance=False)
    assert [meeting.name for meeting in ordered] == ["Yoga du soir", "Yoga du matin"]


def test_child_model_with_id_filter(library):
    guide = LibraryGuide.objects.get(topic="rh")
    assert set(library.search("télétravail", LibraryGuide.objects.filter(id=guide.id))) == {guide}


def test_unsupported_filters_raise_modelsearch_errors(library):
    with pytest.raises(FilterFieldError, match=r'index.FilterField\("name"\)'):
        list(library.search(MATCH_ALL, LibraryAuthor.objects.filter(name__startswith="Vic")))
    with pytest.raises(FilterError, match='Lookup "icontains" not recognised'):
        list(library.search(MATCH_ALL, LibraryBook.objects.filter(title__icontains="prince")))
    with pytest.raises(OrderByFieldError, match='Cannot sort search results with field "name"'):
        list(library.search(MATCH_ALL, LibraryAuthor.objects.order_by("name"), order_by_relevance=False))
    with pytest.raises(OrderByFieldError, match="not supported by the whoosh search backend"):
        list(
            library.search(
                MATCH_ALL, LibraryBook.objects.order_by(F("number_of_pages") * 2), order_by_relevance=False
            )
        )


def novels_by_pages():
    return list(LibraryNovel.objects.order_by("number_of_pages").values_list("title", flat=True))


def test_order_by_filter_fields_and_slices(library):
    results = library.search(
        MATCH_ALL, LibraryNovel.objects.order_by("number_of_pages"), order_by_relevance=False
    )
    assert [novel.title for novel in results] == novels_by_pages()
    assert results[0].title == novels_by_pages()[0]
    assert results[1].title == novels_by_pages()[1]
    assert [novel.title for novel in results[:3]] == novels_by_pages()[:3]
    assert [novel.title for novel in results[3:]] == novels_by_pages()[3:]
    assert [novel.title for novel in results[3:6]] == novels_by_pages()[3:6]
    assert results[3:6].count() == 3


def test_order_by_with_words_expressions_and_default(library):
    query = LibraryBook.objects.order_by("number_of_pages")
    results = library.search("Paris", query, order_by_relevance=False)
    assert [book.title for book in results] == [
        "Les Trois Mousquetaires",
        "Notre-Dame de Paris",
        "Les Misérables",
    ]
    assert [book.title for book in results[:1]] == ["Les Trois Mousquetaires"]
    results = library.search(
        "Paris", LibraryBook.objects.order_by(F("title").asc(nulls_first=True)), order_by_relevance=False
    )
    assert [book.title for book in results] == sorted(titles(results))
    # No ordering: the highest pk first.
    results = library.search("Paris", LibraryBook.objects.order_by(), order_by_relevance=False)
    assert [book.pk for book in results] == sorted((book.pk for book in results), reverse=True)


def test_filter_none(library):
    assert list(library.search(MATCH_ALL, LibraryBook.objects.none())) == []
    assert list(library.search("Paris", LibraryBook.objects.none())) == []


def test_facet(library):
    facet = library.search(MATCH_ALL, LibraryGuide).facet("topic")
    assert dict(facet) == {"securite": 2, "rh": 1, "management": 1}
    assert next(iter(facet)) == "securite"
    assert dict(library.search("formation", LibraryGuide).facet("topic")) == {"securite": 2}
    with pytest.raises(FilterFieldError, match="Cannot facet search results"):
        library.search(MATCH_ALL, LibraryGuide).facet("foo")


def test_facet_tags(library, django_capture_on_commit_callbacks):
    classics = LibraryNovel.objects.filter(number_of_pages__gt=500)
    # The index is written by the store's writer task once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        for book in LibraryBook.objects.all():
            book = book.get_indexed_instance()
            if book in classics:
                book.tags.add("Classique")
            if book.title == "Le Petit Prince":
                book.tags.add("Jeunesse")
            library.add(book)
    facet = library.search(MATCH_ALL, LibraryBook).facet("tags")
    classic, youth = Tag.objects.get(name="Classique"), Tag.objects.get(name="Jeunesse")
    assert facet == OrderedDict([(None, 8), (classic.id, 4), (youth.id, 1)])
