"""What a setting's value must look like, written once for reading it and for checking it.

A *converter* takes a setting's full name and its raw value, and returns the value the code uses
or raises :class:`InvalidSetting`, whose message names the setting, what was given and what is
expected. Each app's system checks run converters over a table of ``(NAME, converter)`` lines
(:func:`check_values`), so a new setting is one line there and a mistake is reported by
``manage.py check`` before the first request. ``conf`` reads numbers and rate limits through
converters too, so a value that cannot be used fails with that message rather than a
``TypeError`` deep inside a view; where a value works but is surely not what was meant (``0.5``
minutes, the string ``"False"``), reading lets it through as before and only the checks object.

Messages are for developers, like Django's own check messages: not translated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.conf import settings as django_settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

Converter = Callable[[str, object], object]

# Kinds of mistake; each app's checks map the kinds its settings can have to stable ids.
WHOLE_NUMBER = "whole_number"
MINIMUM = "minimum"
BOOLEAN = "boolean"
RATE_LIMIT = "rate_limit"
IMPORT = "import"
SUBCLASS = "subclass"
PERMISSION = "permission"


class InvalidSetting(ImproperlyConfigured):
    """A setting's value that cannot be used; ``kind`` says which mistake (one of the constants
    above, or an app's own), ``hint`` how to fix it."""

    def __init__(self, kind: str, message: str, hint: str = ""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint


def as_whole_number(value) -> int | None:
    """``value`` as an ``int``, or None when it is not one without loss: ``"20"`` (a value read
    from the environment) and ``15.0`` are fine; ``0.5`` would silently become 0, and ``True``
    is no number anyone means."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def integer(name: str, value) -> int:
    """What ``conf`` reads numbers with: whatever ``int()`` takes, as before, so a value that
    worked keeps working (the checks, stricter, still report ``0.5``); what ``int()`` refuses
    fails with a message naming the setting."""
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise InvalidSetting(WHOLE_NUMBER, f"{name} is {value!r}; it must be a whole number.") from error


def whole_number(minimum: int | None = None) -> Converter:
    """A converter to ``int``; with ``minimum``, smaller numbers are refused (kind ``MINIMUM``)."""

    def convert(name: str, value) -> int:
        number = as_whole_number(value)
        if number is None:
            expected = "a whole number" if minimum is None else f"a whole number of at least {minimum}"
            raise InvalidSetting(
                WHOLE_NUMBER,
                f"{name} is {value!r}; it must be {expected}.",
                hint="Write the number without quotes or decimals, such as 20.",
            )
        if minimum is not None and number < minimum:
            raise InvalidSetting(
                MINIMUM,
                f"{name} is {value!r}; it must be at least {minimum}.",
                hint=f"Set it to {minimum} or more.",
            )
        return number

    return convert


def boolean(name: str, value) -> bool:
    """``True`` or ``False`` only: the string ``"False"`` is true to Python."""
    if isinstance(value, bool):
        return value
    hint = "Write True or False without quotes."
    if isinstance(value, str):
        hint += f" A string counts as true whatever it says: {value!r} turns the setting on."
    raise InvalidSetting(BOOLEAN, f"{name} is {value!r}; it must be True or False.", hint=hint)


def rate_limit(name: str, value) -> tuple[int, int]:
    """``(requests, seconds)``: two whole numbers, each at least 1 (a window of 0 seconds would
    divide by zero, a limit of 0 refuse everything)."""
    if isinstance(value, tuple | list) and len(value) == 2:
        requests, seconds = (as_whole_number(item) for item in value)
        if requests is not None and seconds is not None and requests >= 1 and seconds >= 1:
            return requests, seconds
    raise InvalidSetting(
        RATE_LIMIT,
        f"{name} is {value!r}; it must be a (requests, seconds) pair of whole numbers of at "
        "least 1, such as (60, 60).",
        hint="(60, 60) lets one person send 60 requests a minute.",
    )


def permission(name: str, value) -> str:
    """A permission string as ``User.has_perm`` takes it: ``app_label.codename``."""
    if isinstance(value, str) and not any(character.isspace() for character in value):
        app_label, _dot, codename = value.partition(".")
        if app_label and codename and "." not in codename:
            return value
    raise InvalidSetting(
        PERMISSION,
        f"{name} is {value!r}; it must be a permission written 'app_label.codename'.",
        hint="For instance 'wagtail_social.moderate_comments', the default.",
    )


def subclass_of(base_path: str) -> Converter:
    """A converter from a dotted path to the class it names, which must subclass ``base_path``
    (imported when the converter runs, not when this module is)."""

    def convert(name: str, value) -> type:
        expected = f"it must be the dotted path of a subclass of {base_path}, as a string"
        if not isinstance(value, str):
            raise InvalidSetting(
                IMPORT, f"{name} is {value!r}; {expected}.", hint=f"For instance {base_path!r}, the default."
            )
        try:
            found = import_string(value)
        except ImportError as error:
            raise InvalidSetting(
                IMPORT,
                f"{name} is {value!r}, which cannot be imported ({error}); {expected}.",
                hint="Check the module path and the class name, and that the module is on the Python path.",
            ) from error
        base = import_string(base_path)
        if not (isinstance(found, type) and issubclass(found, base)):
            raise InvalidSetting(
                SUBCLASS,
                f"{name} is {value!r}, which names {found!r}; {expected}.",
                hint=f"Subclass {base_path} and override what you need.",
            )
        return found

    return convert


def check_values(prefix: str, table: Iterable[tuple[str, Converter]], ids: Mapping[str, str]) -> list[Error]:
    """One ``Error`` per setting of ``table`` (``NAME`` without ``prefix``, converter) whose value
    its converter refuses; ``ids`` maps each kind of mistake to the app's check id. A setting left
    out of the settings file is skipped: its default is valid."""
    errors = []
    for name, convert in table:
        full_name = prefix + name
        if not hasattr(django_settings, full_name):
            continue
        try:
            convert(full_name, getattr(django_settings, full_name))
        except InvalidSetting as problem:
            errors.append(Error(problem.message, hint=problem.hint or None, id=ids[problem.kind]))
    return errors
