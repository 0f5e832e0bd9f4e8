"""The whoosh backend on pages and on the items of searchable features: one index per language
(the page's locale decides), content types (the base ``Page`` finds specific pages), access
tokens (tests/search/test_backend_access.py: the person's filter), ancestors ("in this section"), writes and rebuilds."""

import pytest
from modelsearch.query import MATCH_ALL
from wagtail.models import Locale, Page

from tests.search.library import rebuild
from tests.testapp.models import Announcement, PlainPage
from tests.utils import add_page
from wagtail_social.search import adapter, schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(backend, home):
    french = Locale.objects.create(language_code="fr")
    pages = {
        "plan": add_page(home, "Plan de formation 2027", slug="plan-fr", locale=french),
        "training": add_page(home, "Training plan 2027", slug="plan-en"),
        "private": add_page(home, "Communauté privée formation", slug="private", locale=french),
    }
    pages["child"] = add_page(pages["plan"], "Formation sécurité", slug="securite", locale=french)
    Announcement.objects.create(page=pages["child"], title="Nouvelle formation", text="Inscriptions ouvertes")
    Announcement.objects.create(page=pages["private"], title="Formation réservée", text="Aux membres")
    return pages


def stored(backend, language, field="id"):
    with backend.store(language).searcher() as searcher:
        return {fields[field] for fields in searcher.all_stored_fields()}


def test_each_item_goes_to_the_index_of_its_pages_language(site, backend):
    rebuild()
    french, english = stored(backend, "fr", "kind"), stored(backend, "en", "kind")
    assert {"page", "announcement"} <= french
    announcements = Announcement.objects.all()
    french_ids = stored(backend, "fr")
    assert {schema.document_id(item) for item in announcements} <= french_ids
    assert f"wagtailcore.page:{site['training'].pk}" in stored(backend, "en")
    assert f"wagtailcore.page:{site['training'].pk}" not in french_ids
    assert "page" in english


def test_the_base_page_model_finds_specific_pages(site, backend):
    rebuild()
    found = backend.search("formation", Page)
    assert {page.pk for page in found} == {site["plan"].pk, site["private"].pk, site["child"].pk}
    assert {page.pk for page in backend.search("formation", PlainPage)} == {page.pk for page in found}
    assert {page.pk for page in backend.search("training", Page, language="en")} == {site["training"].pk}
    assert list(backend.search("training", Page, language="fr")) == []
    # Items of a feature are their own model: not pages.
    assert {item.title for item in backend.search("formation", Announcement)} == {
        "Nouvelle formation",
        "Formation réservée",
    }


def test_section_finds_the_items_of_a_page_and_below(site, backend):
    rebuild()
    assert {page.pk for page in backend.search("formation", Page, section=site["plan"])} == {
        site["plan"].pk,
        site["child"].pk,
    }
    assert [item.title for item in backend.search(MATCH_ALL, Announcement, section=site["plan"].pk)] == [
        "Nouvelle formation"
    ]


def test_add_delete_and_moves_between_languages(site, backend, django_capture_on_commit_callbacks):
    rebuild()
    page = site["training"]
    page.title = "Training plan 2028"
    page.save()
    with django_capture_on_commit_callbacks(execute=True):  # written by the task, after commit
        backend.add(page.specific)
        assert backend.search("2028", Page).count() == 0
    assert [found.title for found in backend.search("2028", Page)] == ["Training plan 2028"]
    assert backend.search("2027", Page, language="en").count() == 0
    # The page changes language: it leaves the English index.
    page.locale = Locale.objects.get(language_code="fr")
    page.save()
    with django_capture_on_commit_callbacks(execute=True):
        backend.add(page.specific)
    assert f"wagtailcore.page:{page.pk}" not in stored(backend, "en")
    assert [found.pk for found in backend.search("2028", Page, language="fr")] == [page.pk]
    with django_capture_on_commit_callbacks(execute=True):
        backend.delete(page.specific)
    assert backend.search("2028", Page).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        backend.add_bulk(Announcement, [])
        backend.add_bulk(Announcement, list(Announcement.objects.all()))
    assert backend.search(MATCH_ALL, Announcement).count() == 2


def test_rebuild_and_reset(site, backend):
    output = rebuild()
    assert "social: indexed" in output
    assert backend.search(MATCH_ALL, Page).count() == Page.objects.count()
    backend.reset_indexes()
    assert backend.search(MATCH_ALL, Page).count() == 0
    assert rebuild() and backend.search(MATCH_ALL, Page).count() == Page.objects.count()


def test_an_index_missing_fields_gains_them(backend, site, index_dir, django_capture_on_commit_callbacks):
    # An index created before a model was added lacks its fields: a write adds them.
    store = backend.store("fr")
    store.create(adapter.fields.Schema(id=adapter.fields.ID(stored=True, unique=True)))
    with django_capture_on_commit_callbacks(execute=True):
        backend.add(site["plan"].specific)
    assert [page.pk for page in backend.search("formation", Page, language="fr")] == [site["plan"].pk]
