"""Form fields and admin panels for features' switches, built from the feature registry.

The registry is complete only once every app is ready, after page and settings models (and their
panel definitions) are imported. So the switches are added to forms in ``__init__`` and to
panels when the panel is bound to its model (the first time the admin builds an edit form), never
at import time. This module imports no model of ours: models name it for their forms.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .features import Feature, switchable_features


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


class SwitchPanel(FieldPanel):
    """One feature's switch. Its form field is added by the form itself (see module docstring),
    so it asks nothing of the form class."""

    def get_form_options(self):
        return {}


class FeatureSwitchesPanel(MultiFieldPanel):
    """A switch per registered feature, each named ``<prefix><key>_enabled``."""

    def __init__(self, children=(), *args, prefix: str = "", **kwargs):
        self.prefix = prefix
        super().__init__(children, *args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "prefix": self.prefix}

    def on_model_bound(self):
        self.children = [
            *(SwitchPanel(self.prefix + feature.field_name) for feature in switchable_features()),
            *self.children,
        ]
        super().on_model_bound()


class SocialSettingsForm(WagtailAdminModelForm):
    """The site defaults: the policy's own defaults, and one on/off switch per registered feature
    (stored by key in ``switches``; keys of features not installed are kept as they are)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feature in switchable_features():
            self.fields[feature.field_name] = default_switch(feature)
            self.initial.setdefault(feature.field_name, self.instance.default_for(feature))

    def save(self, commit=True):
        switches = dict(self.instance.switches or {})
        for feature in switchable_features():
            switches[feature.key] = bool(self.cleaned_data.get(feature.field_name))
        self.instance.switches = switches
        return super().save(commit=commit)
