"""Settings of ``wagtail_social_kpi``, each read at access time so ``override_settings`` works.

Every setting is ``WAGTAIL_SOCIAL_KPI_<NAME>``; the docstring of each property is its reference
documentation. Values are read through the converters the system checks use
(``wagtail_social_kpi.checks``), so a value that cannot be used fails with a message naming the
setting; ``manage.py check`` reports it first.
"""

from __future__ import annotations

from collections.abc import Callable

from wagtail_social.conf import AppSettings
from wagtail_social.setting_values import integer, rate_limit

from .values import dotted_callable, group_names, group_prefix

PREFIX = "WAGTAIL_SOCIAL_KPI_"
# The floor of k whatever the settings say: below 3, a "group" is a pair, and a pair's figures
# describe each of its two members to the other.
MIN_GROUP_SIZE_FLOOR = 3


class Settings(AppSettings):
    prefix = PREFIX

    @property
    def POPULATION_GROUPS(self) -> list[str]:
        """Names of the groups whose active members are the population of the figures; empty
        (the default): every active account."""
        return self._read("POPULATION_GROUPS", [], group_names)

    @property
    def DEPARTMENT_GROUP_PREFIX(self) -> str:
        """A person's department is the name of their group that starts with this prefix, without
        it (``"Département : "`` makes the group "Département : Finance" the department
        "Finance"). Empty (the default): departments come from ``DEPARTMENT_FUNCTION``, or there
        are none. Set at most one of the two."""
        return self._read("DEPARTMENT_GROUP_PREFIX", "", group_prefix)

    @property
    def DEPARTMENT_FUNCTION(self) -> Callable | None:
        """Dotted path of a function ``user -> department name or None``, for sites that keep
        departments elsewhere (a profile field, a directory). None (the default): departments
        come from ``DEPARTMENT_GROUP_PREFIX``, or there are none."""
        return self._read("DEPARTMENT_FUNCTION", None, dotted_callable)

    @property
    def MIN_GROUP_SIZE(self) -> int:
        """k: no figure describes fewer than k people (default 5). Never below 3, whatever is set
        (the system checks report a smaller value)."""
        return max(self._read("MIN_GROUP_SIZE", 5, integer), MIN_GROUP_SIZE_FLOOR)

    @property
    def HEAVY_CONTRIBUTOR_THRESHOLD(self) -> int:
        """How many contributions (comments, ideas…) in a range make a heavy contributor in the
        participation pyramid (default 5); fewer, but at least one, make an occasional one."""
        return max(self._read("HEAVY_CONTRIBUTOR_THRESHOLD", 5, integer), 1)

    @property
    def COMPARISON_GROUPS(self) -> list[str]:
        """Names of the groups offered for "group A against group B" (a pilot group, the
        companies of a merger). Empty (the default): no comparison is offered."""
        return self._read("COMPARISON_GROUPS", [], group_names)

    @property
    def OPT_IN_RATE_LIMIT(self) -> tuple[int, int]:
        """``(requests, seconds)``: how many times one person may opt in to or out of the "most
        active contributors" list per window (ten a minute by default). Counted per person in
        Django's cache, like the core's rate limits."""
        return self._read("OPT_IN_RATE_LIMIT", (10, 60), rate_limit)


settings = Settings()
