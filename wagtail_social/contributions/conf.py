"""Settings of ``wagtail_social.contributions``, each read at access time so ``override_settings``
works. Every setting is ``WAGTAIL_SOCIAL_CONTRIBUTIONS_<NAME>`` in the host's Django settings;
the checks (``checks.py``) report a value of the wrong shape before the first request."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence

from django.utils.module_loading import import_string

from wagtail_social.conf import AppSettings
from wagtail_social.setting_values import InvalidSetting, rate_limit, whole_number

PREFIX = "WAGTAIL_SOCIAL_CONTRIBUTIONS_"
EXTENSIONS = "extensions"  # a kind of mistake of our own (checks.SETTING_ERRORS)
HOLIDAYS = "holidays"  # a kind of mistake of our own (checks.SETTING_ERRORS)
TITLE_COLUMN_LENGTH = 200  # Contribution.title's column: TITLE_MAX_LENGTH may not exceed it


def extensions(name: str, value) -> tuple[str, ...]:
    """A list of file name extensions, lowercase, without the dot: ``["pdf", "docx"]``."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        cleaned = tuple(str(item).lower().lstrip(".") for item in value if isinstance(item, str))
        if len(cleaned) == len(value) and all(item.isalnum() for item in cleaned):
            return cleaned
    raise InvalidSetting(
        EXTENSIONS,
        f"{name} is {value!r}; it must be a list of file name extensions such as ['pdf', 'docx'].",
        hint="Letters and digits only, without the dot; an empty list allows no file at all.",
    )


def holidays(name: str, value) -> Callable[[int], Iterable[datetime.date]]:
    """Public holidays, as a function ``year -> dates``: from a list of ISO dates
    (``["2027-05-01", ...]``) or the dotted path of such a function
    (``"wagtail_social.contributions.working_days.french_public_holidays"``)."""
    if isinstance(value, str):
        try:
            function = import_string(value)
        except ImportError as error:
            raise InvalidSetting(
                HOLIDAYS,
                f"{name} is {value!r}, which cannot be imported: {error}.",
                hint="Give the dotted path of a function taking a year and returning its holidays' dates.",
            ) from None
        if not callable(function):
            raise InvalidSetting(HOLIDAYS, f"{name} is {value!r}, which is not a function.")
        return function
    if isinstance(value, Sequence) and not isinstance(value, bytes):
        days = []
        for item in value:
            try:
                days.append(item if isinstance(item, datetime.date) else datetime.date.fromisoformat(item))
            except (TypeError, ValueError):
                raise InvalidSetting(
                    HOLIDAYS,
                    f"{name} holds {item!r}, which is not a date written as YYYY-MM-DD.",
                    hint="List dates such as '2027-05-01', or give the dotted path of a function.",
                ) from None
        by_year: dict[int, list[datetime.date]] = {}
        for day in days:
            by_year.setdefault(day.year, []).append(day)
        return lambda year: by_year.get(year, [])
    raise InvalidSetting(
        HOLIDAYS,
        f"{name} is {value!r}; it must be a list of ISO dates or the dotted path of a function.",
        hint="For France: 'wagtail_social.contributions.working_days.french_public_holidays'.",
    )


def title_length(name: str, value) -> int:
    number = whole_number(minimum=1)(name, value)
    if number > TITLE_COLUMN_LENGTH:
        raise InvalidSetting(
            "title_length",
            f"{name} is {value!r}; titles are stored in {TITLE_COLUMN_LENGTH} characters at most.",
            hint=f"Set it to {TITLE_COLUMN_LENGTH} or less.",
        )
    return number


class Settings(AppSettings):
    prefix = PREFIX

    @property
    def TITLE_MAX_LENGTH(self) -> int:
        """Longest title accepted, in characters (at most 200, the column's size)."""
        return self._read("TITLE_MAX_LENGTH", 140, title_length)

    @property
    def TEXT_MAX_LENGTH(self) -> int:
        """Longest text of a contribution accepted, in characters."""
        return self._read("TEXT_MAX_LENGTH", 5000, whole_number(minimum=1))

    @property
    def QUOTE_MAX_LENGTH(self) -> int:
        """Longest passage of the page a suggestion may quote, in characters."""
        return self._read("QUOTE_MAX_LENGTH", 1000, whole_number(minimum=1))

    @property
    def PER_PAGE(self) -> int:
        """Contributions shown per page of a page's list."""
        return self._read("PER_PAGE", 10, whole_number(minimum=1))

    @property
    def IMAGE_EXTENSIONS(self) -> tuple[str, ...]:
        """Image types an idea may carry (checked against the file's content too, by Wagtail)."""
        return self._read("IMAGE_EXTENSIONS", ["jpg", "jpeg", "png", "gif", "webp"], extensions)

    @property
    def IMAGE_MAX_BYTES(self) -> int:
        """Largest image accepted, in bytes (5 MB by default)."""
        return self._read("IMAGE_MAX_BYTES", 5 * 1024 * 1024, whole_number(minimum=1))

    @property
    def DOCUMENT_EXTENSIONS(self) -> tuple[str, ...]:
        """Document types an idea may carry."""
        default = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt"]
        return self._read("DOCUMENT_EXTENSIONS", default, extensions)

    @property
    def DOCUMENT_MAX_BYTES(self) -> int:
        """Largest document accepted, in bytes (10 MB by default)."""
        return self._read("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, whole_number(minimum=1))

    @property
    def SUPPORT_BUDGET(self) -> int:
        """How many open ideas of one section a person may support at a time; 0: no budget. The
        section is the page where ideas are switched on (``supports.section_of``); supports of
        ideas that are done, declined or withdrawn return to the budget."""
        return self._read("SUPPORT_BUDGET", 0, whole_number(minimum=0))

    @property
    def SUBMIT_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many contributions one person may submit per window."""
        return self._read("SUBMIT_RATE_LIMIT", (5, 60), rate_limit)

    @property
    def EDIT_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: edits and withdrawals one person may send per window (each
        edit keeps a revision)."""
        return self._read("EDIT_RATE_LIMIT", (10, 60), rate_limit)

    @property
    def SUPPORT_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: supports given or removed by one person per window."""
        return self._read("SUPPORT_RATE_LIMIT", (60, 60), rate_limit)

    @property
    def SIMILAR_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: searches for similar contributions one person may send per
        window (the form's script asks as they type, debounced)."""
        return self._read("SIMILAR_RATE_LIMIT", (60, 60), rate_limit)

    @property
    def HOLIDAYS(self) -> Callable[[int], Iterable[datetime.date]]:
        """Public holidays, which are not working days for answer targets: a list of ISO dates,
        or the dotted path of a function ``year -> dates``. None by default (weekends only);
        ``"wagtail_social.contributions.working_days.french_public_holidays"`` for France."""
        return self._read("HOLIDAYS", [], holidays)


settings = Settings()
