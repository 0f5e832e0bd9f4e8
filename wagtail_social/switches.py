"""Form fields and admin panels for features' switches, built from the feature registry.

The registry is complete only once every app is ready, after page and settings models (and their
panel definitions) are imported. So the switches join panels when a panel is bound to its model,
and admin forms when Wagtail builds the edit form's class (both the first time the admin shows
an edit form, once the apps are ready), never at import time. A switch is then a declared field
that its panel claims, as any field the admin renders. This module imports no model of ours:
models name it for their forms.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.models import WagtailAdminModelFormMetaclass
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .features import VALUES_KEY, Feature, PolicyValue, policy_values, switchable_features


class InheritableBooleanSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("Inherit")),
            ("true", _("On")),
            ("false", _("Off")),
        ]


def inheritable_switch(feature: Feature) -> forms.NullBooleanField:
    """A page's switch for ``feature``: inherit (None), on or off."""
    return forms.NullBooleanField(
        label=feature.label, required=False, widget=InheritableBooleanSelect, help_text=feature.help_text
    )


def default_switch(feature: Feature) -> forms.BooleanField:
    """A site's default for ``feature``: on or off."""
    return forms.BooleanField(label=feature.label, required=False, help_text=feature.help_text)


def policy_value_field(value: PolicyValue) -> forms.Field:
    """A page's or a site's setting of a feature's policy value; empty inherits (on a site: takes
    the feature's default)."""
    return value.form_field()


class SwitchFieldsMetaclass(WagtailAdminModelFormMetaclass):
    """Declares a switch field per registered feature, named ``<switch_prefix><key>_enabled``,
    and a field per feature's policy value, named ``<switch_prefix><name>``, on each form class
    created once the apps are ready: the edit form class Wagtail builds from the panels, whose
    ``SwitchPanel``s and ``PolicyValuePanel``s name those fields. (The base class, created when
    models are imported, has none: the registry is not complete then.)"""

    def __new__(mcs, name, bases, attrs):
        prefix = attrs.get("switch_prefix")
        if prefix is None:
            prefix = next((base.switch_prefix for base in bases if hasattr(base, "switch_prefix")), None)
        if prefix is not None and apps.ready:
            field = attrs.get("switch_field_factory") or next(
                base.switch_field_factory for base in bases if hasattr(base, "switch_field_factory")
            )
            for feature in switchable_features():
                attrs.setdefault(prefix + feature.field_name, field(feature))
            for value in policy_values():
                attrs.setdefault(prefix + value.name, policy_value_field(value))
        return super().__new__(mcs, name, bases, attrs)


class SwitchPanel(FieldPanel):
    """One feature's switch: a field ``SwitchFieldsMetaclass`` declares on the edit form."""


class PolicyValuePanel(FieldPanel):
    """One feature's policy value: a field ``SwitchFieldsMetaclass`` declares on the edit form."""


class FeatureSwitchesPanel(MultiFieldPanel):
    """A switch per registered feature, each named ``<prefix><key>_enabled``, then a field per
    feature's policy value, named ``<prefix><name>``."""

    def __init__(self, children=(), *args, prefix: str = "", **kwargs):
        self.prefix = prefix
        super().__init__(children, *args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "prefix": self.prefix}

    def on_model_bound(self):
        self.children = [
            *(SwitchPanel(self.prefix + feature.field_name) for feature in switchable_features()),
            *(PolicyValuePanel(self.prefix + value.name) for value in policy_values()),
            *self.children,
        ]
        super().on_model_bound()


class SocialSettingsForm(WagtailAdminModelForm, metaclass=SwitchFieldsMetaclass):
    """The site defaults: the policy's own defaults, one on/off switch per registered feature
    (stored by key in ``switches``; keys of features not installed are kept as they are), and
    each feature's policy values (under ``VALUES_KEY`` there; empty takes the feature's default)."""

    switch_prefix = ""
    switch_field_factory = staticmethod(default_switch)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feature in switchable_features():
            if feature.field_name not in self.fields:  # a form class built before the registry
                self.fields[feature.field_name] = default_switch(feature)
            self.initial.setdefault(feature.field_name, self.instance.default_for(feature))
        stored = (self.instance.switches or {}).get(VALUES_KEY)
        for value in policy_values():
            if value.name not in self.fields:
                self.fields[value.name] = policy_value_field(value)
            self.fields[value.name].widget.attrs["placeholder"] = value.text(value.default)
            own = value.clean(stored.get(value.name)) if isinstance(stored, dict) else None
            self.initial.setdefault(value.name, own)

    def save(self, commit=True):
        switches = dict(self.instance.switches or {})
        for feature in switchable_features():
            switches[feature.key] = bool(self.cleaned_data.get(feature.field_name))
        shown = {value.name for value in policy_values()}
        stored = switches.pop(VALUES_KEY, None)
        stored = stored if isinstance(stored, dict) else {}
        values = {name: v for name, v in stored.items() if name not in shown}
        for value in policy_values():
            if self.cleaned_data.get(value.name) not in (None, ""):
                values[value.name] = self.cleaned_data[value.name]
        if values:
            switches[VALUES_KEY] = values
        self.instance.switches = switches
        return super().save(commit=commit)
