"""The section-wide idea box: the contributions of a section (the section page and its subtree)
that the reader may see, filtered by kind and state, sorted, paginated.

What is listed: contributions of the pages of the subtree the reader may read
(``access.readable_pages``) whose kind is switched on for their page (a contribution whose kind
is off there is *not found* on its own page, so it is not listed either). The switches of every
page are resolved in memory from the policies of the section's ancestors and subtree, read in
one query: the box costs the same few queries whatever the number of pages, contributions and
supports (``tests/test_contributions_ideabox.py`` counts them).

"Not answered yet" means a contribution still in the first state of its kind — an open
question, a new idea, a new suggestion: nobody has answered or decided yet. Withdrawn
contributions are left out by default (the box is where people look for what is alive); the
"include withdrawn" box brings them back, shown as withdrawn.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, OrderBy, Q, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from wagtail_social import access, generation
from wagtail_social.conf import settings as core_settings
from wagtail_social.features import switchable_features
from wagtail_social.models import ParticipationPolicy
from wagtail_social.models.policy import site_defaults
from wagtail_social.rendered_widgets import RememberedWidgetsMixin

from . import supports
from .conf import settings
from .models import (
    FEATURE_OF_KIND,
    IDEA,
    INITIAL_STATE,
    KIND_CHOICES,
    KINDS,
    STATE_LABELS,
    STATES,
    Contribution,
)
from .presentation import decorate

PREFIX = "box"
TEMPLATE = "wagtail_social_contributions/idea_box.html"
UNANSWERED = "unanswered"
# From this many matches the page of ids may be read from an index in the listing's order
# (``sort_keys``). Below, sorting the matches costs less than the rows of the rest of the site an
# ordered read may go through before it finds a small section's ten.
ORDERED_FROM = 1_000
NEWEST, SUPPORTED, OLDEST_UNANSWERED = "newest", "supported", "unanswered"
SORT_CHOICES = [
    (NEWEST, _("Newest first")),
    (SUPPORTED, _("Most supported first")),
    (OLDEST_UNANSWERED, _("Oldest not answered first")),
]


class IdeaBoxFilterForm(RememberedWidgetsMixin, forms.Form):
    """The box's filters, as GET parameters prefixed ``box-`` (the host page may have its own)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *KIND_CHOICES])
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), (UNANSWERED, _("Not answered yet")), *STATE_LABELS.items()],
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)
    withdrawn = forms.BooleanField(label=_("Include withdrawn contributions"), required=False)

    def __init__(self, data=None):
        super().__init__(data, prefix=PREFIX)

    def values(self) -> dict:
        """The valid filters (an invalid value is ignored: a hand-edited URL still lists)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "kind": cleaned.get("kind") or "",
            "state": cleaned.get("state") or "",
            "sort": cleaned.get("sort") or NEWEST,
            "withdrawn": bool(cleaned.get("withdrawn")),
        }


def kinds_by_page(request, section: Page) -> dict[str, list[int]]:
    """For each kind, the ids of the pages of ``section``'s subtree that the reader may read and
    where the kind is switched on. The subtree's pages, rules and switches are kept in memory
    for the current generation (``wagtail_social.generation``: any page, restriction, policy or
    site-defaults change moves it on); per request, only the reader's groups are read."""
    switched_on = generation.remembered(
        request, ("idea-box-kinds", section.pk), lambda: _kinds_switched_on(section)
    )
    result: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for pk, _path in access.readable_subtree(request, section):
        for kind in switched_on.get(pk, ()):
            result[kind].append(pk)
    return result


def _kinds_switched_on(section: Page) -> dict[int, tuple[str, ...]]:
    """The kinds switched on for each page of ``section``'s subtree (which are live and
    readable is the access module's answer: ``readable_subtree``), resolved in memory
    from the policies of the section's ancestors and subtree (read in one query) and the site's
    defaults."""
    steplen = Page.steplen
    pages = Page.objects.filter(path__startswith=section.path, depth__gte=section.depth).values_list(
        "pk", "path"
    )
    ancestors = [section.path[:end] for end in range(steplen, len(section.path), steplen)]
    policies = {
        policy.page.path: policy
        for policy in ParticipationPolicy.objects.filter(
            Q(page__path__in=ancestors) | Q(page__path__startswith=section.path)
        ).select_related("page")
    }
    defaults = site_defaults(section)
    features = {feature.key: feature for feature in switchable_features()}
    result: dict[int, tuple[str, ...]] = {}
    for pk, path in pages:
        chain = [policies[p] for p in (path[:end] for end in range(len(path), 0, -steplen)) if p in policies]
        kinds = []
        for kind in KINDS:
            key = FEATURE_OF_KIND[kind]
            if key not in features:
                continue
            switch = next((policy.switch(key) for policy in chain if policy.switch(key) is not None), None)
            if switch if switch is not None else defaults.default_for(features[key]):
                kinds.append(kind)
        result[pk] = tuple(kinds)
    return result


def listable(request, section: Page, kind: str = "", by_state: bool = False) -> Q | None:
    """The condition on contributions the reader may find in ``section`` (of ``kind`` only, if
    given); None when there is none. Only plain fields (``page``, ``kind``): the search backend
    filters on it too (see ``similar``).

    Shaped for the database: ``page IN (…) AND kind IN (…)`` at the top, which the idea box's
    index on live contributions serves (SQLite cannot use a partial index inside the branches of
    an ``OR``), narrowed by an ``OR`` of (kinds, pages) only where kinds are switched on for
    different pages of the section. When every kind is on for every page listed, ``page IN (…)``
    alone: every row is of one of them (``wagtail_social_contribution_state_of_its_kind``), and
    the box's count reads its narrow index (``wagtail_social_contrib_count``), never a row. Unless
    the caller filters ``by_state`` too: SQLite reaches a state in the index of (page, kind,
    state, …) only through the kinds."""
    pages_by_kind = {
        each: frozenset(page_ids)
        for each, page_ids in kinds_by_page(request, section).items()
        if page_ids and kind in ("", each)
    }
    if not pages_by_kind:
        return None
    kinds_by_pages: dict[frozenset, list[str]] = {}
    for each, page_ids in pages_by_kind.items():
        kinds_by_pages.setdefault(page_ids, []).append(each)
    every_page = sorted(frozenset().union(*kinds_by_pages))
    if len(kinds_by_pages) == 1 and len(pages_by_kind) == len(KINDS) and not by_state:
        return Q(page_id__in=every_page)
    condition = Q(page_id__in=every_page, kind__in=sorted(pages_by_kind))
    if len(kinds_by_pages) > 1:
        narrowed = Q()
        for page_ids, kinds in kinds_by_pages.items():
            narrowed |= Q(kind__in=sorted(kinds), page_id__in=sorted(page_ids))
        condition &= narrowed
    return condition


def unanswered() -> Q:
    """Still in the first state of its kind: nobody answered or decided yet. A plain
    ``state IN (…)`` when no kind has another kind's first state among its later states (as
    today: a database constraint keeps each state within its kind), which the idea box's index
    serves; an ``OR`` of (kind, state) otherwise."""
    initial = set(INITIAL_STATE.values())
    if all(initial.intersection(STATES[kind]) == {INITIAL_STATE[kind]} for kind in KINDS):
        return Q(state__in=sorted(initial))
    condition = Q()
    for kind in KINDS:
        condition |= Q(kind=kind, state=INITIAL_STATE[kind])
    return condition


def filtered(request, section: Page, values: dict):
    """The contributions of the box for these filter values, sorted (a queryset)."""
    condition = listable(request, section, values["kind"], by_state=bool(values["state"]))
    if condition is None:
        return Contribution.objects.none()
    rows = Contribution.objects.filter(condition)
    if not values["withdrawn"]:
        rows = rows.filter(withdrawn_at__isnull=True)
    if values["state"] == UNANSWERED:
        rows = rows.filter(unanswered())
    elif values["state"]:
        rows = rows.filter(state=values["state"])
    every_row_waiting = values["state"] == UNANSWERED and not values["withdrawn"]
    if values["sort"] == OLDEST_UNANSWERED and not every_row_waiting:
        waiting = Case(
            When(unanswered() & Q(withdrawn_at__isnull=True), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        rows = rows.alias(waiting=waiting)
    return rows.order_by(*sort_keys(values))


def sort_keys(values: dict, in_index_order: bool = True) -> tuple:
    """The listing's ``order_by``. Newest, most supported and oldest (when every row is
    waiting) first are the orders of the box's ordered indexes (``wagtail_social_contrib_newest``,
    ``_top``), which a database reads from their start, stopping at the page's last row: what a
    large section needs. For a small one (``in_index_order=False``) the first key is an expression
    no index serves, ``COALESCE(field, field)``, the field itself: the database sorts the
    section's few matches, instead of going through the ordered index past the rows of the rest
    of the site (a planner knows how many rows a section's pages hold on average, not these)."""
    if values["sort"] == SUPPORTED:
        keys = ("-support_count", "-created_at", "-pk")
    elif values["sort"] != OLDEST_UNANSWERED:
        keys = ("-created_at", "-pk")
    elif values["state"] == UNANSWERED and not values["withdrawn"]:  # every row is waiting
        keys = ("created_at", "pk")
    else:  # no index in this order
        return ("waiting", "created_at", "pk")
    if in_index_order:
        return keys
    first, *rest = keys
    name = first.lstrip("-")
    return (OrderBy(Coalesce(name, name), descending=first.startswith("-")), *rest)


def summary(values: dict, count: int) -> str:
    """The current filter, in words, for the box's status line."""
    kind = dict(KIND_CHOICES).get(values["kind"]) or _("All kinds")
    state = dict(IdeaBoxFilterForm.base_fields["state"].choices).get(values["state"]) or _("all states")
    sort = dict(SORT_CHOICES)[values["sort"]]
    return _("%(count)s found — %(kind)s, %(state)s, %(sort)s%(withdrawn)s.") % {
        "count": count,
        "kind": kind,
        "state": str(state).lower() if values["state"] else _("all states"),
        "sort": str(sort).lower(),
        "withdrawn": _(", withdrawn included") if values["withdrawn"] else "",
    }


def query_string(values: dict, page_number: int | None = None) -> str:
    """The GET parameters of these filters (and a page of results): page links keep filters."""
    params = {f"{PREFIX}-{name}": value for name, value in values.items() if value and name != "withdrawn"}
    if values["withdrawn"]:
        params[f"{PREFIX}-withdrawn"] = "on"
    if page_number and page_number > 1:
        params[f"{PREFIX}-page"] = page_number
    return urlencode(params)


def include_script(request) -> bool:
    """Whether the contributions' script is to be linked by this block: once per request (the
    page's contributions block and an idea box may share a page), unless the site ships its own
    assets (the core's ``WAGTAIL_SOCIAL_INCLUDE_ASSETS``)."""
    if not core_settings.INCLUDE_ASSETS or request.__dict__.get("_wagtail_social_contributions_script"):
        return False
    request.__dict__["_wagtail_social_contributions_script"] = True
    return True


def render_idea_box(request, section: Page | None) -> str:
    """The box's HTML for the template tag and the StreamField block ("" when not shown)."""
    if request is None:
        return ""
    context = idea_box_context(request, section)
    return render_to_string(TEMPLATE, context, request=request) if context is not None else ""


def page_rows(request, ids: list[int]) -> list[Contribution]:
    """The contributions ``ids`` with their authors and pages, in that order, each with its
    page's URL (``page_url``). The listing sorts and pages ids only: sorting whole rows joined to
    their page and author made the database join and carry every match of a large section
    (10,000 contributions: a third longer) for the ten it shows (``bench/contributions.py``).
    The pages and their URLs are kept in memory for the current generation (a page renamed,
    moved or unpublished moves it on), shared read-only between requests."""
    if not ids:
        return []
    rows = Contribution.objects.select_related("author").in_bulk(ids)
    site = Site.find_for_request(request)
    site_id = site.pk if site else None

    def load(keys: list) -> dict:
        pages = Page.objects.in_bulk([page_id for _name, page_id, _site in keys])
        return {key: (pages[key[1]], pages[key[1]].get_url(request)) for key in keys if key[1] in pages}

    keys = list({("page-link", row.page_id, site_id) for row in rows.values()})
    links = generation.remembered_many(request, keys, load)
    listed = []
    for pk in ids:
        contribution = rows.get(pk)
        link = links.get(("page-link", contribution.page_id, site_id)) if contribution else None
        if link is None:  # deleted meanwhile
            continue
        contribution.page, contribution.page_url = link
        listed.append(contribution)
    return listed


def idea_box_context(request, section: Page | None) -> dict | None:
    """What the box of ``section`` shows ``request.user``; None when the reader may not see the
    section. The filters come from ``request.GET``."""
    if section is None or not access.can_view(request, section):
        return None
    form = IdeaBoxFilterForm(request.GET if any(k.startswith(PREFIX + "-") for k in request.GET) else None)
    values = form.values() if form.is_bound else {"kind": "", "state": "", "sort": NEWEST, "withdrawn": False}
    rows = filtered(request, section, values)
    count = rows.count()
    if count < ORDERED_FROM:
        rows = rows.order_by(*sort_keys(values, in_index_order=False))
    pager = Paginator(rows.values_list("pk", flat=True), settings.PER_PAGE)
    pager.count = count  # counted above (a cached property of the paginator)
    pager = pager.get_page(request.GET.get(f"{PREFIX}-page", 1))
    contributions = page_rows(request, list(pager.object_list))
    ideas = [c.pk for c in contributions if c.kind == IDEA]
    supported = supports.supported_ids(request.user, ideas) if ideas else set()
    # Every listed page is readable and has the kind on: taking part needs an active account.
    user = request.user
    decorate(request, contributions, supported, user.is_authenticated and user.is_active)
    return {
        "section": section,
        "form": form,
        "values": values,
        "summary": summary(values, pager.paginator.count),
        "contributions": contributions,
        "pager": pager,
        "previous_query": query_string(values, pager.previous_page_number()) if pager.has_previous() else "",
        "next_query": query_string(values, pager.next_page_number()) if pager.has_next() else "",
        "include_script": include_script(request),
        "request": request,
    }
