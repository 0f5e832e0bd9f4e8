"""``manage.py social_search_maintain``: the index's explicit maintenance, never done per write.

``--retry`` writes again the updates kept after a failure; ``--optimize`` merges each index's
segments into one (slow on a large index: run it off-peak, as a cron job, not per request);
``--collect`` removes old generations nobody reads any more.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail_social.search import health, writer_tasks
from wagtail_social.search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "Retry kept index updates, merge index segments, remove unused index generations."

    def add_arguments(self, parser):
        parser.add_argument("--index", action="append", help="Only this index (repeatable).")
        parser.add_argument("--retry", action="store_true", help="Write again the kept updates.")
        parser.add_argument("--optimize", action="store_true", help="Merge each index into one segment.")
        parser.add_argument("--collect", action="store_true", help="Remove unused old generations.")

    def handle(self, *args, index=None, retry=False, optimize=False, collect=False, **options):
        if not (retry or optimize or collect):
            raise CommandError(_("Say what to do: --retry, --optimize and/or --collect."))
        for name in index or health.index_names():
            store = writer_tasks.store_for(name)
            if retry:
                while writer_tasks.retry_pending(name, store):
                    pass
                left = PendingIndexUpdate.objects.filter(index_name=name).count()
                self.stdout.write(
                    _("%(name)s: %(count)d updates still pending.") % {"name": name, "count": left}
                )
            if optimize and store.exists():
                with store.writer(optimize=True):
                    pass
                self.stdout.write(_("%(name)s: merged into one segment.") % {"name": name})
            if collect:
                removed = store.collect_old_generations()
                self.stdout.write(
                    _("%(name)s: %(count)d old generations removed.") % {"name": name, "count": len(removed)}
                )
