"""The participation figures: the one place they are defined. Every screen, report, export and
command calls these functions, then shows what ``wagtail_social_kpi.privacy`` makes of them; no
view computes a figure itself.

* ``ranges``: :class:`DateRange` (inclusive, in the site's time zone), its previous period and
  its weeks;
* ``records``: every registered activity's records, normalised and combined in SQL;
* ``people``: headline figures (activation, readers, regular readers, active contributors,
  engaged, the pyramid), by department;
* ``groups``: group A against group B;
* ``periods``: by day, week or month;
* ``overview``: the population's figures of one range (headline, by department, two groups)
  collected once, for a screen that shows them all;
* ``pages``: per page and per section, for a viewer;
* ``contributors``: a person's own participation (for that person only) and the opt-in "most
  active contributors" list.
"""

from .contributors import Contributor, OwnActivity, most_active_contributors, own_participation
from .groups import Comparison, ComparisonRefused, compare_groups
from .overview import PopulationFigures, population_figures
from .pages import Count, PageFigures, page_figures, section_figures
from .people import Figure, Headline, Pyramid, by_department, headline, regular_weeks_needed
from .periods import PeriodFigures, by_period
from .ranges import DAY, GRAINS, MONTH, WEEK, DateRange

__all__ = [
    "DAY",
    "GRAINS",
    "MONTH",
    "WEEK",
    "Comparison",
    "ComparisonRefused",
    "Contributor",
    "Count",
    "DateRange",
    "Figure",
    "Headline",
    "OwnActivity",
    "PageFigures",
    "PeriodFigures",
    "PopulationFigures",
    "Pyramid",
    "by_department",
    "by_period",
    "compare_groups",
    "headline",
    "most_active_contributors",
    "own_participation",
    "page_figures",
    "population_figures",
    "regular_weeks_needed",
    "section_figures",
]
