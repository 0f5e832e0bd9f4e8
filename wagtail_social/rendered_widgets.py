"""Rendering a form's widgets once, not on every page view.

A page with participation shows the same empty forms to every reader: the contributions' three
submission forms, the idea box's filters. Django renders each widget through its templates
(a ``<select>`` includes one template per option), which was a fifth of the idea box page's
time (``bench/contributions.py``). A widget's HTML is a pure function of what this module keys
it by: the widget's class and attributes, its choices as shown, the field's name, id, value,
``required``/``disabled`` and help text, the form's renderer and the active language. So it is
computed once per process for each such key and reused, in a bounded memory. Nothing about the
person reading is in a widget unless it is in its value, which is in the key; a field with
errors is always rendered afresh.

Use: ``class MyForm(RememberedWidgetsMixin, forms.Form)``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.signals import setting_changed
from django.forms.boundfield import BoundField
from django.utils.functional import Promise
from django.utils.translation import get_language

MAX_ENTRIES = 512

_lock = threading.Lock()
_rendered: OrderedDict = OrderedDict()


def _frozen(value):
    """``value`` as a hashable key part: translated text for lazy strings, tuples for
    containers."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = tuple(_frozen(v) for v in value)
        return tuple(sorted(items, key=repr)) if isinstance(value, (set, frozenset)) else items
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class RememberedWidgetBoundField(BoundField):
    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if widget is not None or attrs or only_initial or (self.form.is_bound and self.errors):
            return super().as_widget(widget, attrs, only_initial)
        field = self.field
        key = (
            type(field.widget),
            _frozen({name: value for name, value in vars(field.widget).items() if name != "choices"}),
            _frozen(getattr(field.widget, "choices", ())),
            self.html_name,
            self.auto_id,
            _frozen(self.value()),
            field.required,
            field.disabled,
            field.localize,
            _frozen(field.help_text),
            type(self.form.renderer),
            get_language(),
        )
        with _lock:
            html = _rendered.get(key)
            if html is not None:
                _rendered.move_to_end(key)
                return html
        html = super().as_widget()
        with _lock:
            _rendered[key] = html
            while len(_rendered) > MAX_ENTRIES:
                _rendered.popitem(last=False)
        return html


class RememberedWidgetsMixin:
    """A form whose widgets are rendered once per process for the same field, value and
    language (see the module's docstring)."""

    bound_field_class = RememberedWidgetBoundField


def forget_rendered_widgets(**kwargs) -> None:
    """Empty the memory (a setting changed: templates, renderer, formats)."""
    with _lock:
        _rendered.clear()


setting_changed.connect(forget_rendered_widgets, dispatch_uid="wagtail_social.rendered_widgets")
