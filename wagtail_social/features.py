"""Participation features register themselves with the core.

A feature (comments, reactions, helpfulness, polls, and whatever comes next) is a registration,
not an edit of the core. It declares, once, in its app's ``AppConfig.ready()``::

    from wagtail_social.features import Activity, Feature, register_feature

    register_feature(
        Feature(
            key="polls",                      # stored in policies; never rename it
            label=_("Polls"),
            default=True,                     # what a site gets when its defaults say nothing
            help_text=_("Polls embedded in pages are shown."),
            activities=[Activity("vote", Activity.ENGAGED, votes_by_day)],
            export_person=export_votes,       # user -> list of dicts
            erase_person=erase_votes,         # user -> number of records erased or anonymised
        )
    )

What the core does with it:

* **Policy switch** (``switch=True``, the default): an "Inherit / On / Off" field in the
  "Participation" page action, in the page panel and in the site defaults; the value inherits
  down the page tree like every policy value and is stored by ``key`` in a JSON map, so a new
  feature needs no core migration. ``policy_for(request, page).enabled(key)`` reads it.
* **Policy values** (``values=[PolicyValue(...)]``): a setting of the feature that an editor
  sets per page or section beside its switch (an answer target in days, say): a name, a form
  field and a default. Shown in the "Participation" page action, the page panel and the site
  defaults, inherited down the tree like a switch, stored by name in the same JSON map (under
  ``VALUES_KEY``, which no feature key can be: no core migration either), and read with
  ``policy_for(request, page).value(name)``.
* **Activity** for the participation figures: who did what, on which page, on which day.
* **Personal data**: what ``wagtail_social.personal_data`` exports and erases for one person.
* **Population shares** (``shares=[PopulationShare(...)]``): a figure about today's population
  (the share of employees who accepted the usage charter) that the KPI dashboard lists.
* **Searchable models** (``searchable=[Searchable(...)]``): what the search app
  (``wagtail_social.search``, when installed) indexes of the feature, and which page each item
  belongs to (its view restrictions apply to the item).

A feature whose app is not installed never registers, so it leaves no trace in forms, panels or
figures. Keys are letters, digits and underscores; the policy's own fields are reserved.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Q

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# The policy's own values: a feature key may not shadow them.
# Where policies and site defaults keep features' policy values, inside their ``switches`` map
# (name → value): no feature key can start with "_", so it never collides with a switch.
VALUES_KEY = "_values"
RESERVED_KEYS = frozenset({"moderation", "closing", "closes_at", "max_depth", "switches", "page"})


@dataclass(frozen=True)
class Activity:
    """One kind of record a feature counts in the participation figures.

    ``rows`` returns a ``values()`` queryset (aggregates are computed over it in the database;
    nothing is loaded row by row) with, for each record:

    * ``person``: the user id, or None for visitors who were not logged in (``weighted``);
    * ``page``: the id of the page the record belongs to;
    * ``day``: the date it happened, in the site's time zone;
    * ``until`` (``windowed`` activities only): the last day of the window the record belongs
      to, for records that must carry no date of their own (a secret ballot: a day would line
      the vote up with the counters). Such a record counts in every range that overlaps
      ``day`` .. ``until``;
    * ``detail`` (``detailed`` activities only): a breakdown label of at most 32 characters
      (a reaction's kind, a helpfulness answer's "yes" or "no");
    * ``weight`` (``weighted`` activities only): how many events the row stands for (anonymous
      page views are counted per page and day).

    ``timestamp`` names the model's ``DateTimeField`` that ``day`` is the local date of (``day``
    being ``TruncDate(timestamp)``), when there is one. The figures then select a range on that
    column (``timestamp >= start 00:00``, ``< the day after end 00:00``, in the site's time
    zone: the same records), which an index serves, and work the day out only for the records
    in the range; without it every record's day is computed before the range can be applied.

    ``description`` (a lazy translated sentence) tells employees what one record says about
    them; the KPI app's "What is measured about you" page lists every registered activity with
    it, so a new feature is explained there by registering.

    ``label`` (a lazy translated name for the records, "Ideas") and ``detail_labels`` (what each
    ``detail`` value is called: a mapping value → label, whose order is the order to show them
    in, or a callable value → label) are presentation only: the KPI reports head a column of
    the activity's events, and one per detail value, with them. Without them, the kind and the
    detail values themselves.
    """

    READER = "reader"  # reading: "readers", "regular readers"
    ENGAGED = "engaged"  # reactions, votes, helpfulness answers: "engaged"
    CONTRIBUTOR = "contributor"  # authored content: "active contributors" (and engaged)
    ROLES = (READER, ENGAGED, CONTRIBUTOR)

    kind: str
    counts_as: str
    rows: Callable[[], Any]
    windowed: bool = False
    detailed: bool = False
    weighted: bool = False
    description: Any = ""
    timestamp: str = ""
    label: Any = ""
    detail_labels: Mapping[str, Any] | Callable[[str], Any] | None = None

    def __post_init__(self):
        if self.counts_as not in self.ROLES:
            raise ImproperlyConfigured(
                f"Activity {self.kind!r}: counts_as must be one of {', '.join(self.ROLES)}, "
                f"not {self.counts_as!r}."
            )
        if self.timestamp and self.windowed:
            raise ImproperlyConfigured(
                f"Activity {self.kind!r}: a windowed activity counts over its window, not on the "
                "day of a timestamp: it cannot declare one."
            )

    @property
    def name(self) -> str:
        """What the records are called: ``label``, else the kind."""
        return str(self.label) if self.label else self.kind

    def detail_label(self, detail: str) -> str:
        """What the ``detail`` value is called (``detail_labels``), else the value itself."""
        labels = self.detail_labels
        if labels is None:
            return detail
        label = labels(detail) if callable(labels) else labels.get(detail)
        return str(label) if label else detail

    def detail_order(self, details: Iterable[str]) -> list[str]:
        """``details`` in the order ``detail_labels`` lists them (a mapping), the others after,
        by value."""
        present = set(details)
        order = list(self.detail_labels) if isinstance(self.detail_labels, Mapping) else []
        known = [detail for detail in order if detail in present]
        return known + sorted(present - set(known))


@dataclass(frozen=True)
class PolicyValue:
    """A value of a feature that editors set per page or section, beside its switch.

    ``field`` is a Django form field (copied for each form; the core makes it optional, empty
    meaning "inherit"), whose cleaned value is stored as JSON: a number, a text or a boolean.
    ``default`` is what a site gets when its defaults say nothing. ``display`` turns a value into
    what editors read ("2 working days"); ``str`` by default. A stored value the field no longer
    accepts (the feature narrowed it since) is ignored: the page inherits instead.
    """

    name: str
    label: Any  # a (lazy) translated string
    field: Any  # a django.forms.Field
    default: Any
    help_text: Any = ""
    display: Callable[[Any], str] | None = None

    def __post_init__(self):
        if not KEY_PATTERN.match(self.name) or self.name in RESERVED_KEYS or self.name.endswith("_enabled"):
            raise ImproperlyConfigured(
                f"{self.name!r} is not a valid policy value name: lowercase letters, digits and "
                f"underscores, starting with a letter, at most 32 characters, not ending in "
                f"'_enabled', and none of {sorted(RESERVED_KEYS)}."
            )

    def form_field(self, required: bool = False):
        """A fresh copy of the field, labelled, optional unless ``required``."""
        field = copy.deepcopy(self.field)
        field.required = required
        field.label = self.label
        if self.help_text:
            field.help_text = self.help_text
        return field

    def clean(self, value) -> Any:
        """``value`` as stored if the field accepts it; None (unset) otherwise."""
        if value is None or value == "":
            return None
        try:
            return self.form_field().clean(value)
        except (ValidationError, TypeError, ValueError):
            return None

    def text(self, value) -> str:
        return self.display(value) if self.display is not None else str(value)


@dataclass(frozen=True)
class PopulationShare:
    """A figure a feature declares about the population as it is today, not about a period: the
    share of the people in scope who ``people()`` names (the usage charter: who accepted its
    current version). ``people`` returns a queryset of user ids (``values("user_id")``); the KPI
    app counts them within its population and shows the count and share on its dashboard,
    protected like every figure (k-anonymous, the people not named counted as a cell too), so a
    feature adds such a figure without the KPI app importing it. Not an :class:`Activity`: it
    says nothing about participation and must not count anyone as engaged."""

    key: str
    label: Any  # a (lazy) translated string: "Accepted the current usage charter"
    people: Callable[[], Any]
    description: Any = ""


@dataclass(frozen=True)
class Searchable:
    """A model whose items employees find through the search app, when it is installed.

    ``model`` is an ``index.Indexed`` model (its ``search_fields`` say what is indexed);
    ``kind`` names the facet ("comment", "idea"; letters, digits, underscores) and ``label`` is
    what the facet is called. ``page_id`` returns the id of the page an item belongs to: the
    item is found only by people who may see that page, and disappears with it.
    ``searchable_items`` narrows a queryset of the model to the items that may be found at
    all (published, not removed, not withdrawn); the search app indexes only those, and
    re-checks them when a hit is shown.

    How the search page shows a hit (each optional): ``heading(item)`` its title (default
    ``str(item)``), ``status(item)`` a label beside it ("Accepted", or "" for none),
    ``url(item)`` where it links (default: the item's ``get_absolute_url()`` if it has one,
    else its page's URL; a value starting with "#" is an anchor on its page's URL)."""

    model: type
    kind: str
    label: Any  # a (lazy) translated string
    page_id: Callable[[Any], int | None]
    searchable_items: Callable[[Any], Any] = lambda queryset: queryset
    heading: Callable[[Any], str] | None = None
    status: Callable[[Any], str] | None = None
    url: Callable[[Any], str | None] | None = None

    def __post_init__(self):
        if not KEY_PATTERN.match(self.kind):
            raise ImproperlyConfigured(
                f"{self.kind!r} is not a valid searchable kind: lowercase letters, digits and "
                "underscores, starting with a letter, at most 32 characters."
            )


@dataclass(frozen=True)
class Feature:
    """A participation feature as the core knows it (see the module docstring)."""

    key: str
    label: Any  # a (lazy) translated string
    default: bool = False
    help_text: Any = ""
    switch: bool = True
    activities: tuple[Activity, ...] = ()
    export_person: Callable[[Any], list[dict]] | None = None
    erase_person: Callable[[Any], int] | None = None
    order: int = 100  # position among the switches; the core's own are 10, 20, 30, polls 40
    values: tuple[PolicyValue, ...] = ()
    shares: tuple[PopulationShare, ...] = ()
    searchable: tuple[Searchable, ...] = ()

    def __post_init__(self):
        if not KEY_PATTERN.match(self.key) or self.key in RESERVED_KEYS:
            raise ImproperlyConfigured(
                f"{self.key!r} is not a valid feature key: lowercase letters, digits and underscores, "
                f"starting with a letter, at most 32 characters, and none of {sorted(RESERVED_KEYS)}."
            )
        object.__setattr__(self, "activities", tuple(self.activities))
        object.__setattr__(self, "values", tuple(self.values))
        object.__setattr__(self, "shares", tuple(self.shares))
        object.__setattr__(self, "searchable", tuple(self.searchable))

    @property
    def field_name(self) -> str:
        """The name of its switch in policy forms (``comments_enabled``)."""
        return f"{self.key}_enabled"


_features: dict[str, Feature] = {}


def register_feature(feature: Feature) -> Feature:
    """Register ``feature``; call it from your app's ``AppConfig.ready()``. Registering the same
    key again replaces the earlier registration (autoreload, tests)."""
    for value in feature.values:
        owner = next(
            (
                other
                for other in _features.values()
                if other.key != feature.key and value.name in {v.name for v in other.values}
            ),
            None,
        )
        if owner is not None:
            raise ImproperlyConfigured(
                f"Feature {feature.key!r}: the policy value {value.name!r} is already declared by {owner.key!r}."
            )
    _features[feature.key] = feature
    return feature


def unregister_feature(key: str) -> None:
    _features.pop(key, None)


def registered_features() -> list[Feature]:
    """Every registered feature, in switch order."""
    return sorted(_features.values(), key=lambda feature: (feature.order, feature.key))


def switchable_features() -> list[Feature]:
    """The features that have a policy switch, in the order editors see them."""
    return [feature for feature in registered_features() if feature.switch]


def policy_values() -> list[PolicyValue]:
    """Every registered feature's policy values, in the order of their features."""
    return [value for feature in registered_features() for value in feature.values]


def get_policy_value(name: str) -> PolicyValue | None:
    return next((value for value in policy_values() if value.name == name), None)


def get_feature(key: str) -> Feature | None:
    return _features.get(key)


def is_registered(key: str) -> bool:
    return key in _features


def activities() -> Iterable[tuple[Feature, Activity]]:
    """Every declared activity with its feature: what the participation figures are made of."""
    for feature in registered_features():
        for activity in feature.activities:
            yield feature, activity


def population_shares() -> Iterable[tuple[Feature, PopulationShare]]:
    """Every declared population share with its feature (see :class:`PopulationShare`)."""
    for feature in registered_features():
        for share in feature.shares:
            yield feature, share


def searchables() -> Iterable[tuple[Feature, Searchable]]:
    """Every declared searchable model with its feature (see :class:`Searchable`)."""
    for feature in registered_features():
        for searchable in feature.searchable:
            yield feature, searchable


def searchable_items(model: type, queryset):
    """``queryset`` narrowed by the ``searchable_items`` of every :class:`Searchable` declared
    for ``model`` (unchanged when none is). A searchable model's ``get_indexed_objects()``
    returns it, so that every search backend (Wagtail's own included) indexes what the feature
    declares, and nothing it does not."""
    declared = [searchable for _feature, searchable in searchables() if searchable.model is model]
    if len(declared) == 1:
        return declared[0].searchable_items(queryset)
    if not declared:
        return queryset
    # Several declarations (ideas, questions, suggestions: one model): an item of any of them.
    condition = Q()
    for searchable in declared:
        condition |= Q(pk__in=searchable.searchable_items(queryset).values("pk"))
    return queryset.filter(condition)
