"""Participation policy: per-page values that inherit down the page tree, then from the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from ..conf import settings
from ..features import VALUES_KEY, PolicyValue, policy_values, switchable_features
from .settings import MODERATION_CHOICES, SocialSettings

CLOSING_OPEN = "open"
CLOSING_DATE = "date"
CLOSING_CHOICES = [
    (CLOSING_OPEN, _("Never closes")),
    (CLOSING_DATE, _("Closes on a date")),
]

# The policy's own values, in the order editors see them (each feature's switch comes after).
# Each is "unset" (inherit) when None/"".
POLICY_FIELDS = ("moderation", "closing", "max_depth")


def _validate_depth(value):
    MaxValueValidator(settings.MAX_THREAD_DEPTH)(value)


class ParticipationPolicy(models.Model):
    """The participation values an editor set on one page (and so on its subtree).

    Kept outside the host's page models so it works for every page type without a migration
    to them. A value left empty inherits from the nearest ancestor that sets it, then from
    :class:`SocialSettings`. Features' switches (see ``wagtail_social.features``) are stored
    by feature key in ``switches``: a key that is absent inherits. Features' policy values are
    stored there too, under ``VALUES_KEY`` (name → value; a name that is absent inherits).
    """

    page = models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        related_name="participation_policy",
        verbose_name=_("page"),
    )
    switches = models.JSONField(
        _("features switched on or off"),
        default=dict,
        blank=True,
        help_text=_("Feature key → on (true) or off (false); a feature that is absent inherits."),
    )
    moderation = models.CharField(_("moderation"), max_length=8, blank=True, choices=MODERATION_CHOICES)
    closing = models.CharField(_("closing"), max_length=8, blank=True, choices=CLOSING_CHOICES)
    closes_at = models.DateTimeField(_("closing date"), null=True, blank=True)
    max_depth = models.PositiveSmallIntegerField(
        _("reply depth"), null=True, blank=True, validators=[_validate_depth]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("participation policy")
        verbose_name_plural = _("participation policies")
        permissions = [("moderate_comments", _("Can moderate comments"))]

    def __str__(self):
        return str(self.page)

    def clean(self):
        if self.closing == CLOSING_DATE and not self.closes_at:
            raise ValidationError(
                {"closes_at": _("Give the closing date, or choose another closing option.")}
            )
        if self.closing != CLOSING_DATE:
            self.closes_at = None
        if not isinstance(self.switches, dict) or not all(
            isinstance(value, bool) for key, value in self.switches.items() if key != VALUES_KEY
        ):
            raise ValidationError({"switches": _("Each feature is switched on (true) or off (false).")})
        if not isinstance(self.switches.get(VALUES_KEY, {}), dict):
            raise ValidationError({"switches": _("Features' values are a map of names to values.")})

    def is_set(self, name: str) -> bool:
        value = getattr(self, name)
        return value is not None and value != ""

    def switch(self, key: str) -> bool | None:
        """This page's own switch for feature ``key``: True, False, or None (inherits)."""
        value = (self.switches or {}).get(key)
        return value if isinstance(value, bool) else None

    def own_value(self, value: PolicyValue):
        """This page's own setting of a feature's policy value, or None (inherits)."""
        return value.clean(values_of(self.switches).get(value.name))

    @classmethod
    def effective_for(
        cls,
        page: Page,
        site: Site | None = None,
        request=None,
        inherited_only: bool = False,
    ) -> EffectivePolicy:
        """Resolve every policy value for ``page``: its own, else the nearest ancestor's, else the site's.

        With ``inherited_only`` the page's own values are ignored: what it would get by inheriting.
        Costs one query, plus the site's settings (memoised per request when ``request`` is given).
        """
        steplen = Page.steplen
        last = len(page.path) - (steplen if inherited_only else 0)
        paths = [page.path[:end] for end in range(steplen, last + 1, steplen)]
        policies = sorted(
            cls.objects.filter(page__path__in=paths).select_related("page"),
            key=lambda policy: len(policy.page.path),
            reverse=True,
        )
        defaults = SocialSettings.for_site(site) if site is not None else site_defaults(page, request)
        values, sources = {}, {}
        for name in POLICY_FIELDS:
            owner = next((policy for policy in policies if policy.is_set(name)), None)
            sources[name] = owner.page if owner else None
            if owner is not None:
                values[name] = getattr(owner, name)
                if name == "closing":
                    values["closes_at"] = owner.closes_at
            elif name == "closing":
                values["closing"], values["closes_at"] = CLOSING_OPEN, None
            else:
                values[name] = getattr(defaults, name)
        values["max_depth"] = min(values["max_depth"], settings.MAX_THREAD_DEPTH)
        switches = {}
        for feature in switchable_features():
            owner = next((policy for policy in policies if policy.switch(feature.key) is not None), None)
            sources[feature.key] = owner.page if owner else None
            switches[feature.key] = owner.switch(feature.key) if owner else defaults.default_for(feature)
        settings_values = {}
        for value in policy_values():
            owner, own = None, None
            for policy in policies:
                own = policy.own_value(value)
                if own is not None:
                    owner = policy
                    break
            sources[value.name] = owner.page if owner else None
            settings_values[value.name] = own if owner else defaults.default_value(value)
        return EffectivePolicy(
            page_id=page.pk, sources=sources, switches=switches, values=settings_values, **values
        )


def values_of(switches) -> dict:
    """The policy values stored in a ``switches`` map (of a policy or of the site defaults)."""
    stored = (switches or {}).get(VALUES_KEY)
    return stored if isinstance(stored, dict) else {}


def site_defaults(page: Page, request=None) -> SocialSettings:
    """The defaults of the site the page belongs to (never of the host the request came by: a
    page of site B reached through site A's hostname keeps site B's rules). One query, memoised
    on the request; a page outside every site gets the default site's, else the field defaults."""
    # Wagtail caches the sites' root paths, most specific first.
    roots = Site.get_site_root_paths()
    site_id = next((root.site_id for root in roots if page.url_path.startswith(root.root_path)), None)
    if site_id is None:
        site_id = next((site.pk for site in Site.objects.filter(is_default_site=True)), None)
    if site_id is None:
        return SocialSettings()
    cache = request.__dict__.setdefault("_wagtail_social_site_settings", {}) if request is not None else {}
    if site_id not in cache:
        cache[site_id] = SocialSettings.objects.filter(site_id=site_id).first() or SocialSettings(
            site_id=site_id
        )
    return cache[site_id]


@dataclass(frozen=True)
class EffectivePolicy:
    """What applies to one page once inheritance is resolved. ``sources[name]`` (a policy value's
    name or a feature key) is the page the value comes from, or None for the site default."""

    page_id: int
    moderation: str
    closing: str
    closes_at: datetime | None
    max_depth: int
    switches: dict = field(default_factory=dict, compare=False)
    sources: dict = field(default_factory=dict, compare=False)
    values: dict = field(default_factory=dict, compare=False)

    def enabled(self, key: str) -> bool:
        """Whether feature ``key`` is on for the page. A feature that is not registered (its app
        is not installed) is off."""
        return bool(self.switches.get(key, False))

    def value(self, name: str):
        """A feature's policy value for the page (``features.PolicyValue``): the page's own, else
        the nearest ancestor's, else the site's default, else the feature's. None for a value no
        registered feature declares (its app is not installed)."""
        return self.values.get(name)

    def any_enabled(self, *keys: str) -> bool:
        return any(self.enabled(key) for key in keys)

    @property
    def premoderated(self) -> bool:
        return self.moderation == "pre"

    def is_closed(self, now: datetime | None = None) -> bool:
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at

    def accepts_comments(self, now: datetime | None = None) -> bool:
        return self.enabled("comments") and not self.is_closed(now)

    def allows_reply_at(self, parent_level: int) -> bool:
        """Whether a reply to a comment at ``parent_level`` (0 = top level) stays within depth."""
        return parent_level + 1 <= self.max_depth
