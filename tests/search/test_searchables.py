"""What each feature makes searchable (issue 12): every registered ``Searchable`` is an indexed
model, its items exclude what may not be found (removed, held, withdrawn, unpublished, placed
nowhere), and Wagtail's index follows the changes the core makes with ``update()``."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django_comments_xtd.models import XtdComment
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from tests.contributions_helpers import make_contribution
from tests.polls_admin import make_poll
from tests.testapp.models import Announcement
from tests.utils import add_page, make_comment
from wagtail_social import discussion
from wagtail_social.contributions import contributing
from wagtail_social.contributions.models import IDEA, QUESTION, SUGGESTION, Contribution
from wagtail_social.features import get_feature, searchable_items, searchables
from wagtail_social.models import SearchableComment
from wagtail_social_polls.models import Poll, PollPlacement

pytestmark = pytest.mark.django_db


def declared(kind: str):
    return next(searchable for _feature, searchable in searchables() if searchable.kind == kind)


def items(kind: str, model) -> set[int]:
    return set(declared(kind).searchable_items(model._default_manager.all()).values_list("pk", flat=True))


def unpublished(page):
    page.unpublish()
    page.refresh_from_db()
    return page


def found(model, text: str) -> set[int]:
    """What Wagtail's configured backend (the database's in the tests) finds."""
    return {item.pk for item in get_search_backend().search(text, model)}


def test_every_registered_searchable_is_an_indexed_model():
    registered = {searchable.kind: searchable.model for _feature, searchable in searchables()}
    assert registered == {
        "comment": SearchableComment,
        IDEA: Contribution,
        QUESTION: Contribution,
        SUGGESTION: Contribution,
        "poll": Poll,
        "announcement": Announcement,  # the test app's own feature (tests/testapp/features.py)
    }
    for model in set(registered.values()):
        assert index.class_is_indexed(model)
        assert model in index.get_indexed_models()
    assert [s.kind for s in get_feature("comments").searchable] == ["comment"]


def test_the_comment_proxy_is_indexed_under_the_comment_s_own_content_type():
    """Index entries of the database backend are stored and filtered by the concrete model's
    content type; the proxy adds no table."""
    assert ContentType.objects.get_for_model(SearchableComment) == ContentType.objects.get_for_model(
        XtdComment
    )
    assert SearchableComment.indexed_get_content_type() == "wagtail_social_searchablecomment"
    assert SearchableComment._meta.db_table == XtdComment._meta.db_table


def test_only_published_comments_not_removed_on_live_pages_are_searchable(section, employee):
    article = add_page(section, "Article")
    draft = add_page(section, "Brouillon")
    shown = make_comment(article, employee, "Réunion d'équipe")
    held = make_comment(article, employee, "En attente", is_public=False)
    removed = make_comment(article, employee, "Retiré", is_removed=True)
    on_draft = make_comment(unpublished(draft), employee, "Sur un brouillon")
    assert items("comment", SearchableComment) == {shown.pk}
    assert set(SearchableComment.get_indexed_objects().values_list("pk", flat=True)) == {shown.pk}
    assert {held.pk, removed.pk, on_draft.pk}.isdisjoint(items("comment", SearchableComment))


def test_a_comment_belongs_to_the_page_of_its_discussion(section, employee):
    article = add_page(section, "Article")
    idea = make_contribution(article, employee, title="Parking vélo")
    on_page = make_comment(article, employee, "Sur la page")
    on_idea = make_comment(idea, employee, "Sur l'idée")
    page_id = declared("comment").page_id
    for comment in declared("comment").searchable_items(SearchableComment.objects.all()):
        assert page_id(comment) == article.pk  # from the query's annotation
    assert page_id(SearchableComment.objects.get(pk=on_page.pk)) == article.pk  # looked up
    assert page_id(SearchableComment.objects.get(pk=on_idea.pk)) == article.pk


def test_withdrawn_contributions_and_those_of_pages_not_live_are_not_searchable(section, employee):
    article = add_page(section, "Article")
    draft = add_page(section, "Brouillon")
    idea = make_contribution(article, employee, IDEA, title="Covoiturage")
    question = make_contribution(article, employee, QUESTION, title="Horaires ?")
    suggestion = make_contribution(article, employee, SUGGESTION, title="Une coquille")
    withdrawn = make_contribution(article, employee, IDEA, title="Retirée")
    contributing.withdraw(withdrawn)
    on_draft = make_contribution(draft, employee, IDEA, title="Brouillon")
    unpublished(draft)
    assert items(IDEA, Contribution) == {idea.pk}
    assert items(QUESTION, Contribution) == {question.pk}
    assert items(SUGGESTION, Contribution) == {suggestion.pk}
    indexed = set(Contribution.get_indexed_objects().values_list("pk", flat=True))
    assert indexed == {idea.pk, question.pk, suggestion.pk}
    assert {withdrawn.pk, on_draft.pk}.isdisjoint(indexed)
    assert declared(QUESTION).page_id(question) == article.pk


def test_polls_are_searchable_once_placed_on_a_live_page(section):
    article = add_page(section, "Article")
    later = add_page(section, "Zzz")
    draft = add_page(section, "Brouillon")
    placed = make_poll("Où déjeuner ?")
    nowhere = make_poll("Nulle part")
    on_draft = make_poll("Sur un brouillon")
    PollPlacement.objects.create(poll=placed, page=later, source="content")
    PollPlacement.objects.create(poll=placed, page=article, source="content")
    PollPlacement.objects.create(poll=on_draft, page=unpublished(draft), source="content")
    assert items("poll", Poll) == {placed.pk}
    assert set(Poll.get_indexed_objects().values_list("pk", flat=True)) == {placed.pk}
    assert {nowhere.pk, on_draft.pk}.isdisjoint(items("poll", Poll))
    page_id = declared("poll").page_id
    assert page_id(Poll.objects.get(pk=placed.pk)) == article.pk  # the first by page id
    assert [page_id(poll) for poll in Poll.get_indexed_objects()] == [article.pk]
    assert page_id(nowhere) is None


def test_searchable_items_of_a_model_with_no_declaration_are_unchanged(section):
    queryset = XtdComment.objects.all()
    assert searchable_items(XtdComment, queryset) is queryset


# Wagtail's index (the database backend in the tests) follows the changes


def test_a_comment_saved_by_the_comment_engine_is_indexed_and_leaves_when_removed(
    section, employee, moderator, django_capture_on_commit_callbacks
):
    article = add_page(section, "Article")
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(article, employee, "Le parking du siège est plein")
    assert found(SearchableComment, "parking") == {comment.pk}
    request = RequestFactory().post("/")
    request.user = moderator
    with django_capture_on_commit_callbacks(execute=True):
        discussion.remove_comment(request, comment, "Hors sujet")
    assert found(SearchableComment, "parking") == set()
    with django_capture_on_commit_callbacks(execute=True):
        discussion.restore_comment(request, comment)
    assert found(SearchableComment, "parking") == {comment.pk}
    with django_capture_on_commit_callbacks(execute=True):
        discussion.edit_comment(comment, "La cantine ferme tôt")
    assert found(SearchableComment, "parking") == set()
    assert found(SearchableComment, "cantine") == {comment.pk}
    with django_capture_on_commit_callbacks(execute=True):
        XtdComment.objects.get(pk=comment.pk).delete()
    assert found(SearchableComment, "cantine") == set()


def test_a_withdrawn_idea_leaves_the_index(section, employee, django_capture_on_commit_callbacks):
    article = add_page(section, "Article")
    with django_capture_on_commit_callbacks(execute=True):
        idea = make_contribution(article, employee, IDEA, title="Covoiturage entre sites")
    assert found(Contribution, "covoiturage") == {idea.pk}
    with django_capture_on_commit_callbacks(execute=True):
        contributing.withdraw(idea)
    assert found(Contribution, "covoiturage") == set()
