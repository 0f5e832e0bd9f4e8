"""What the core makes searchable, and keeping Wagtail's search indexes current for it.

The core declares comments searchable (``Feature(searchable=...)`` in ``builtin_features``) as
:class:`~wagtail_social.models.SearchableComment`, a proxy of django-comments-xtd's comment.
Indexes are Wagtail's (modelsearch's): whatever backend the site configures, the search app's
included, gets the updates through modelsearch's own API (``index.remove_object``,
``insert_or_update_object_task``); the core never imports the search app.

Two gaps of modelsearch's signal handlers are closed here:

* they listen to the proxy's saves, but comments are saved as ``XtdComment`` (by the comment
  engine): :func:`connect_signals` relays those;
* an item saved or changed with ``update()`` so that it may no longer be found (a comment
  removed, held for moderation again; an idea withdrawn) is skipped by modelsearch (it only
  indexes what ``get_indexed_objects()`` holds) and would stay in the index: :func:`reindex`
  indexes an item again when it may be found and removes it otherwise. The core's ``update()``
  paths that change what is indexed call it.
"""

from __future__ import annotations

import inspect

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext
from django_comments_xtd.models import XtdComment
from wagtail.search import index
from wagtail.search.tasks import insert_or_update_object_task

from . import access, targets
from .models import SearchableComment


def searchable_comments(queryset: QuerySet) -> QuerySet:
    """The comments of ``queryset`` that search may find (``Searchable.searchable_items``):
    published, not removed, in the discussion of a registered target whose page is live; each
    with ``target_page_id``, the id of that page (computed in SQL: ``targets.page_id_of_comment``)."""
    return (
        queryset.filter(is_public=True, is_removed=False, content_type_id__in=targets.content_type_ids())
        .annotate(target_page_id=targets.page_id_of_comment())
        .filter(target_page_id__in=access.published_pages().values("pk"))
    )


def comment_page_id(comment) -> int | None:
    """The id of the page a comment's discussion belongs to (``Searchable.page_id``): read from
    ``target_page_id`` when the comment comes from ``searchable_comments``, else looked up."""
    if hasattr(comment, "target_page_id"):
        return comment.target_page_id
    target_type = targets.type_for_content_type_id(comment.content_type_id)
    if target_type is None:
        return None
    page = targets.page_for_key(target_type, comment.object_pk)
    return page.pk if page is not None else None


def _reindex_now(model, pk) -> None:
    if model.get_indexed_objects().filter(pk=pk).exists():
        insert_or_update_object_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))
    else:
        index.remove_object(model(pk=pk))


def reindex(model, pk) -> None:
    """Once the current transaction commits: index item ``pk`` of ``model`` (an ``Indexed``
    model) again if it may be found, else remove it from every search index."""
    transaction.on_commit(lambda: _reindex_now(model, pk))


def reindex_comment(pk) -> None:
    """:func:`reindex` for a comment (after an ``update()`` of it)."""
    reindex(SearchableComment, pk)


def _comment_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_comment(instance.pk)


def _comment_deleted(sender, instance, **kwargs):
    index.remove_object(SearchableComment(pk=instance.pk))


def connect_signals() -> None:
    post_save.connect(_comment_saved, sender=XtdComment, dispatch_uid="wagtail_social_search_comment_saved")
    post_delete.connect(
        _comment_deleted, sender=XtdComment, dispatch_uid="wagtail_social_search_comment_deleted"
    )


def comment_heading(comment) -> str:
    """What a search hit on a comment is titled (``Searchable.heading``)."""
    return gettext("Comment by %(name)s") % {"name": comment.name or gettext("a former member")}


def comment_url(comment) -> str:
    """Where a search hit on a comment leads (``Searchable.url``): its page's discussion."""
    return "#social-comments"


def person_search(backend, query, queryset, *, user, section=None, autocomplete=False, **options):
    """A search made for ``user``, through whatever backend the site configured: the hook by
    which a feature (the "similar contributions" hint) searches without importing the search app.

    A backend whose ``search()`` takes ``user=`` and ``section=`` (the search app's) filters
    inside the index by the person's access and the section (``section``: a page or its id);
    Wagtail's own backends take neither, and get the queryset alone, which the caller has
    already narrowed to what ``user`` may see in ``section``. ``autocomplete=True`` calls
    ``backend.autocomplete()`` instead of ``backend.search()``."""
    method = backend.autocomplete if autocomplete else backend.search
    parameters = inspect.signature(method).parameters
    if "user" in parameters:
        options["user"] = user
    if section is not None and "section" in parameters:
        options["section"] = section
    return method(query, queryset, **options)
