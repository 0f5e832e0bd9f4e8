"""The dashboard's pickers: a GET form (range, grouping, comparison) that works without JavaScript.

The range is either a preset (links beside the form: ``?preset=last_month``) or the two dates of
the form, which always show the range in use, so changing the grouping keeps the range. Every
mistake (unknown preset or grouping, start after end, a range in the future, a day-by-day range
too long to draw) is a form error shown on the page, never a server error.
"""

from __future__ import annotations

import datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..conf import settings
from ..definitions import DAY, GRAINS, MONTH, WEEK, DateRange

DEFAULT_PRESET = "last_4_weeks"
EVERYONE_ELSE = ""
# Beyond this many periods a chart is unreadable and the table endless.
MAX_PERIODS = 200


def _month_start(day: datetime.date, months_back: int) -> datetime.date:
    month = day.year * 12 + day.month - 1 - months_back
    return datetime.date(month // 12, month % 12 + 1, 1)


def preset_range(name: str, today: datetime.date | None = None) -> DateRange:
    """The range of a preset, in the site's time zone. "Last 4 weeks" are the four full ISO weeks
    before the current one; "last 3 months", the three full months before the current one."""
    today = today or timezone.localdate()
    if name == "last_4_weeks":
        end = today - datetime.timedelta(days=today.weekday() + 1)  # last Sunday
        return DateRange(end - datetime.timedelta(days=27), end)
    if name == "last_30_days":
        return DateRange.last_days(30, today)
    if name == "this_month":
        return DateRange(today.replace(day=1), today)
    if name == "last_month":
        start = _month_start(today, 1)
        return DateRange.month(start.year, start.month)
    if name == "last_3_months":
        return DateRange(_month_start(today, 3), today.replace(day=1) - datetime.timedelta(days=1))
    raise ValueError(f"Unknown preset {name!r}.")


PRESETS = [
    ("last_4_weeks", _("Last 4 full weeks")),
    ("last_30_days", _("Last 30 days")),
    ("this_month", _("This month")),
    ("last_month", _("Last month")),
    ("last_3_months", _("Last 3 months")),
]
GRAIN_LABELS = {DAY: _("Day"), WEEK: _("Week"), MONTH: _("Month")}


class DashboardForm(forms.Form):
    """The pickers. Read ``date_range``, ``grouping`` and ``comparison`` once ``is_valid()``."""

    preset = forms.ChoiceField(choices=PRESETS, required=False, widget=forms.HiddenInput)
    start = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    grain = forms.ChoiceField(label=_("Group by"), choices=list(GRAIN_LABELS.items()), required=False)
    group_a = forms.ChoiceField(label=_("Compare group"), required=False)
    group_b = forms.ChoiceField(label=_("with"), required=False)

    def __init__(self, data=None, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        data = data.copy() if data is not None else {}
        if not any(data.get(name) for name in ("preset", "start", "end")):
            data["preset"] = DEFAULT_PRESET
        super().__init__(data)
        groups = [(name, name) for name in settings.COMPARISON_GROUPS]
        self.fields["group_a"].choices = [("", _("No comparison")), *groups]
        self.fields["group_b"].choices = [(EVERYONE_ELSE, _("everyone else")), *groups]
        self.offers_comparison = bool(groups)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        preset, start, end = cleaned.get("preset"), cleaned.get("start"), cleaned.get("end")
        if preset:
            date_range = preset_range(preset, self.today)
        elif start is None or end is None:
            raise forms.ValidationError(_("Give both the first and the last day of the range."))
        elif start > end:
            raise forms.ValidationError(_("The range starts after it ends: the first day must come first."))
        else:
            date_range = DateRange(start, end)
        if date_range.end > self.today:
            raise forms.ValidationError(
                _("The range ends in the future: the figures stop today (%(today)s).")
                % {"today": self.today.isoformat()}
            )
        grain = cleaned.get("grain") or WEEK
        if len(date_range.periods(grain)) > MAX_PERIODS:
            raise forms.ValidationError(
                _(
                    "Too many periods to show (more than %(max)s): group by a longer period or shorten the range."
                )
                % {"max": MAX_PERIODS}
            )
        cleaned["date_range"], cleaned["grain"] = date_range, grain
        return cleaned

    @property
    def date_range(self) -> DateRange:
        return self.cleaned_data["date_range"]

    @property
    def grouping(self) -> str:
        """The grain (day, week or month) once valid."""
        return self.cleaned_data["grain"]

    @property
    def comparison(self) -> tuple[str, str | None] | None:
        """(group A, group B or None for everyone else), or None: no comparison asked."""
        group_a = self.cleaned_data.get("group_a")
        if not group_a:
            return None
        return group_a, self.cleaned_data.get("group_b") or None

    def query(self, **changes) -> str:
        """The query string of this form's choices with ``changes`` (for the preset links)."""
        values = QueryDict(mutable=True)
        current = {
            "grain": self.data.get("grain", ""),
            "group_a": self.data.get("group_a", ""),
            "group_b": self.data.get("group_b", ""),
        }
        for name, value in {**current, **changes}.items():
            if value:
                values[name] = value
        return values.urlencode()

    def shown_dates(self) -> None:
        """Once valid: make the date inputs show the range in use (a preset's dates too), so that
        submitting the form again keeps it."""
        if self.is_bound and self.is_valid():
            self.data = self.data.copy()
            self.data.pop("preset", None)
            self.data["start"] = self.date_range.start.isoformat()
            self.data["end"] = self.date_range.end.isoformat()
            self.data["grain"] = self.grouping


__all__ = ["GRAINS", "PRESETS", "DashboardForm", "preset_range"]
