"""Discussion targets: what comments, replies, flags, follow-ups and reactions attach to, and
the page each belongs to.

A page is its own page. Any other model takes part once registered with the lookup path of the
page it belongs to::

    from wagtail_social.targets import register_discussion_target

    class Announcement(models.Model):
        page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE)
        ...

    register_discussion_target(Announcement, page_field="page")

Call it in the models module (every models module is imported before any app's ``ready()``), so
the comment engine's moderator knows the model when the apps are ready. The lookup path may
cross relations (``"section__page"``), so SQL can filter targets by the pages a person may see
without loading them (the moderation queue does).

Access and the participation policy are always decided by the target's page: a target whose
page the requester may not see is *not found*, exactly like a missing page, and so is an object
of a model that is not a target. Targets need an integer primary key (reactions store it as one).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import BigIntegerField, Case, OuterRef, Subquery, When
from django.db.models.functions import Cast
from django.http import Http404
from wagtail.models import Page

from . import access


@dataclass(frozen=True)
class TargetType:
    """A model discussions attach to, and the lookup path from it to its page (None: it is the page)."""

    model: type[models.Model]
    page_path: str | None

    @property
    def label(self) -> str:
        """``app_label.model_name``: what the comment form signs and the reaction form sends."""
        return self.model._meta.label_lower

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)  # cached by Django after the first call


_registry: dict[str, TargetType] = {}
_sealed = False


def register_discussion_target(model=None, *, page_field: str = "page"):
    """Let discussions attach to ``model``, whose page is reached by the lookup ``page_field``.

    Usable as a function (``register_discussion_target(Model)``) or a decorator
    (``@register_discussion_target(page_field="section__page")``). Returns the model."""
    if model is None:
        return lambda model: register_discussion_target(model, page_field=page_field)
    if _sealed:
        raise ImproperlyConfigured(
            f"register_discussion_target({model.__name__}) was called after wagtail_social was ready: "
            "call it in your models module."
        )
    if not isinstance(_integer_pk(model), models.IntegerField):
        raise ImproperlyConfigured(
            f"{model.__name__} needs an integer primary key to be a discussion target."
        )
    _registry[model._meta.label_lower] = TargetType(model, page_field)
    return model


def _integer_pk(model) -> models.Field:
    field = model._meta.pk
    while field.is_relation:  # a child of multi-table inheritance: its parent's key
        field = field.target_field
    return field


def seal() -> list[TargetType]:
    """Called once the apps are ready (by ``moderation.register_moderator``): the list of
    targets is final from then on. Returns it."""
    global _sealed
    _sealed = True
    return target_types()


def target_types() -> list[TargetType]:
    return list(_registry.values())


def type_for_label(label: str) -> TargetType | None:
    return _registry.get(str(label).lower())


def type_for_content_type_id(content_type_id: int) -> TargetType | None:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    return _registry.get(model._meta.label_lower) if model is not None else None


@dataclass(frozen=True)
class Target:
    """One discussion's target: the object (for a page, the base ``Page``) and its page."""

    object: models.Model
    page: Page
    type: TargetType

    @property
    def is_page(self) -> bool:
        return self.type.page_path is None

    @property
    def pk(self) -> int:
        return int(self.object.pk)

    @property
    def object_pk(self) -> str:
        return str(self.object.pk)

    @property
    def content_type_id(self) -> int:
        return self.type.content_type.pk

    @property
    def label(self) -> str:
        return self.type.label

    @property
    def key(self) -> tuple[int, int] | None:
        """How reactions name it: None for a page itself, else ``(content type id, pk)``."""
        return None if self.is_page else (self.content_type_id, self.pk)

    @property
    def title(self) -> str:
        return str(self.object) if not self.is_page else self.page.title

    @property
    def dom_id(self) -> str:
        """The prefix of its block's HTML ids: ``social`` for a page (as always), unique otherwise."""
        return "social" if self.is_page else f"social-{self.label.replace('.', '-')}-{self.pk}"

    @property
    def own_url(self) -> str | None:
        """The URL of the target's own page, where its discussion is shown (its model's
        ``get_absolute_url``), or None: its discussion is shown on its Wagtail page (a page; an
        object without a URL, shown on its page). Where a form posted without JavaScript
        returns."""
        if self.is_page:
            return None
        get_absolute_url = getattr(self.object, "get_absolute_url", None)
        return get_absolute_url() if callable(get_absolute_url) else None

    @property
    def page_param(self) -> str:
        """The query parameter of its discussion's page number (one per block on a page)."""
        return "comments_page" if self.is_page else f"{self.dom_id}-page"


# A page is a target of its own.
_registry[Page._meta.label_lower] = TargetType(Page, None)


def page_of(obj) -> Page:
    """The page ``obj`` belongs to (a page is its own)."""
    if isinstance(obj, Page):
        return obj
    target_type = _registry.get(obj._meta.label_lower)
    if target_type is None:
        raise ImproperlyConfigured(f"{type(obj).__name__} is not a registered discussion target.")
    value = obj
    for name in target_type.page_path.split("__"):
        value = getattr(value, name)
    return value


def target_for(obj) -> Target:
    """The target of a page or of an object of a registered model (no access check: for
    objects the caller loaded and checked, and for templates, which check)."""
    if isinstance(obj, Page):
        page = obj if type(obj) is Page else obj.page_ptr  # comments point at the base Page
        return Target(page, page, _registry[Page._meta.label_lower])
    page = page_of(obj)
    return Target(obj, page, _registry[obj._meta.label_lower])


def get_visible_target_or_404(request, label, object_pk) -> Target:
    """The target named by a model label and a primary key, if the requester may see its
    page; 404 whatever the reason (unknown model, missing object, page not visible)."""
    target_type = type_for_label(label or "")
    if target_type is None:
        raise Http404
    return _visible_target_or_404(request, target_type, object_pk)


def _visible_target_or_404(request, target_type: TargetType, object_pk) -> Target:
    if target_type.page_path is None:
        page = access.get_visible_page_or_404(request, object_pk)
        return Target(page, page, target_type)
    try:
        pk = _integer_pk(target_type.model).to_python(object_pk)
    except ValidationError:
        raise Http404 from None
    if pk is None:
        raise Http404
    obj = target_type.model._default_manager.select_related(target_type.page_path).filter(pk=pk).first()
    if obj is None:
        raise Http404
    page = page_of(obj)
    if page is None or not access.can_view(request, page):
        raise Http404
    return Target(obj, page, target_type)


def target_of_comment_or_404(request, comment) -> Target:
    """The visible target of a comment's discussion; 404 otherwise."""
    target_type = type_for_content_type_id(comment.content_type_id)
    if target_type is None:
        raise Http404
    return _visible_target_or_404(request, target_type, comment.object_pk)


def content_type_ids() -> list[int]:
    return [target_type.content_type.pk for target_type in _registry.values()]


def page_id_of_comment() -> Case:
    """An expression for comment querysets: the id of the page the comment's target belongs
    to (NULL for a comment on something that is not a target). SQL only: no object is loaded."""
    whens = []
    for target_type in _registry.values():
        object_pk = Cast("object_pk", BigIntegerField())
        if target_type.page_path is None:
            value = object_pk
        else:
            value = Subquery(
                target_type.model._default_manager.filter(
                    pk=Cast(OuterRef("object_pk"), BigIntegerField())
                ).values(target_type.page_path)[:1]
            )
        whens.append(When(content_type_id=target_type.content_type.pk, then=value))
    return Case(*whens, default=None, output_field=BigIntegerField())


def page_for_key(target_type: TargetType, object_pk) -> Page | None:
    """The page of the target named by its type and primary key, or None when it is gone (no
    access check: for a caller that checks someone else's access, such as a stop link)."""
    if target_type.page_path is None:
        return Page.objects.filter(pk=int(object_pk)).first()
    try:
        pk = _integer_pk(target_type.model).to_python(object_pk)
    except ValidationError:
        return None
    obj = target_type.model._default_manager.select_related(target_type.page_path).filter(pk=pk).first()
    return page_of(obj) if obj is not None else None
