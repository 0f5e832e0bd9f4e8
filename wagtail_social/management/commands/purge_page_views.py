"""``manage.py purge_page_views``: delete reading records older than the retention period.

Run it daily (cron, a systemd timer, a scheduled task). Before deleting, it sends
``wagtail_social.signals.page_views_will_be_purged`` with the cut-off date, so an app that keeps
figures computed from these records (the KPI app's monthly figures) stores them first. Rows go in batches so that a first run on
months of records never holds a long lock nor one huge transaction.

Then, being the job a site runs daily, it refreshes the query planner's statistics of
wagtail_social's tables (``wagtail_social.db_statistics``; ``--no-statistics`` to leave them):
without them SQLite sorts every contribution of a large idea box instead of reading its ordered
index.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wagtail_social import db_statistics
from wagtail_social.conf import settings
from wagtail_social.models import AnonymousPageView, PageView
from wagtail_social.signals import page_views_will_be_purged

# What each model's rows are called in the command's output.
RECORDS = ((PageView, "page views"), (AnonymousPageView, "anonymous daily counts"))


class Command(BaseCommand):
    help = "Delete page views older than WAGTAIL_SOCIAL_PAGE_VIEW_RETENTION_DAYS, in batches."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Keep this many days instead of WAGTAIL_SOCIAL_PAGE_VIEW_RETENTION_DAYS.",
        )
        parser.add_argument("--batch-size", type=int, default=5000, help="Rows deleted per statement.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--no-statistics",
            action="store_true",
            help="Do not refresh the query planner's statistics of wagtail_social's tables (ANALYZE).",
        )

    def handle(self, *args, days=None, batch_size=5000, dry_run=False, no_statistics=False, **options):
        days = settings.PAGE_VIEW_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        cutoff = timezone.localdate() - timedelta(days=days)
        self.stdout.write(f"Page views before {cutoff} ({days} days kept):")
        if not dry_run:
            # Before anything goes: what must survive the records (monthly figures) is kept now.
            page_views_will_be_purged.send(sender=self.__class__, cutoff=cutoff)
        summary = []
        for model, label in RECORDS:
            old = model.objects.filter(day__lt=cutoff)
            if dry_run:
                count = old.count()
            else:
                count = self._delete_in_batches(old, label, batch_size)
            summary.append(f"{count} {label}")
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {' and '.join(summary)}."))
        if not (dry_run or no_statistics):
            tables = db_statistics.refresh()
            self.stdout.write(f"Query planner statistics refreshed ({len(tables)} tables analysed).")

    def _delete_in_batches(self, old, label: str, batch_size: int) -> int:
        deleted = 0
        while True:
            pks = list(old.order_by().values_list("pk", flat=True)[:batch_size])
            if not pks:
                return deleted
            # Nothing refers to these rows, so this is one DELETE ... WHERE id IN (...).
            count, _per_model = old.model.objects.filter(pk__in=pks).delete()
            deleted += count
            self.stdout.write(f"  {label}: {deleted} deleted so far")
