"""``manage.py social_kpi_close_months``: store the figures of every closed month not stored yet
(``wagtail_social_kpi.monthly``), so that they survive the purge of reading records.

Idempotent: a month stored is skipped. Run it monthly, or daily (cheap when there is nothing to
do); ``docs/kpi.md`` has a cron line. The purge stores the months it cuts into anyway, so a missed
run loses nothing. On a terminal, each month is reported as it is done; in cron, only the summary.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...definitions import DateRange
from ...monthly import close_months, months_to_close


class Command(BaseCommand):
    help = "Store the participation figures of every closed month not stored yet (counts only, k-anonymous)."

    def handle(self, *args, **options):
        months = months_to_close()
        total = len(months)

        done = 0

        def progress(month: DateRange, stored: bool) -> None:
            nonlocal done
            done += 1
            if self.stdout.isatty():
                state = _("stored") if stored else _("already stored")
                self.stdout.write(f"[{done}/{total}] {month.start:%Y-%m}: {state}")

        stored = close_months(months, progress)
        self.stdout.write(self.style.SUCCESS(_("Months stored: %(count)s.") % {"count": stored}))
