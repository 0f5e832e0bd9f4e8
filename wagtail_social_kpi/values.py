"""What the KPI settings' values must look like, beyond the core's converters
(``wagtail_social.setting_values``): written once, for ``conf`` to read them and for ``checks``
to report them."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import import_string

from wagtail_social import setting_values as values

NOT_CALLABLE = "not_callable"
GROUP_NAMES = "group_names"
PREFIX_STRING = "prefix"


def group_names(name: str, value) -> list[str]:
    """A list (or tuple) of group names: non-empty strings."""
    if isinstance(value, list | tuple) and all(isinstance(item, str) and item.strip() for item in value):
        return list(value)
    raise values.InvalidSetting(
        GROUP_NAMES,
        f"{name} is {value!r}; it must be a list of group names (non-empty strings).",
        hint="For instance ['Employees'].",
    )


def group_prefix(name: str, value) -> str:
    """The start of department groups' names: a string; empty (or None) means none."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise values.InvalidSetting(
        PREFIX_STRING,
        f"{name} is {value!r}; it must be the start of the department groups' names, as a string.",
        hint="For instance 'Department: ' makes the group 'Department: Finance' the department 'Finance'.",
    )


def dotted_callable(name: str, value) -> Callable | None:
    """The dotted path of a function (anything callable), as a string; None means none."""
    expected = "it must be the dotted path of a function taking a user, as a string (or None)"
    if value is None:
        return None
    if not isinstance(value, str):
        raise values.InvalidSetting(values.IMPORT, f"{name} is {value!r}; {expected}.")
    try:
        found = import_string(value)
    except ImportError as error:
        raise values.InvalidSetting(
            values.IMPORT,
            f"{name} is {value!r}, which cannot be imported ({error}); {expected}.",
            hint="Check the module path and the function name, and that the module is on the Python path.",
        ) from error
    if not callable(found):
        raise values.InvalidSetting(NOT_CALLABLE, f"{name} is {value!r}, which names {found!r}; {expected}.")
    return found
