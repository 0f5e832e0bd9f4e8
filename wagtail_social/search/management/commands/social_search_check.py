"""``manage.py social_search_check``: is each search index whole, current and writable?

Per index (one per language): generation, last commit, write lock (free / held / stale), updates
kept for a later write, documents per model against the database's searchable rows. Exits with
status 1 when an index is unhealthy, so a monitoring job can run it as it is.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from wagtail_social.search import health, writer_tasks
from wagtail_social.search.locks import FREE


class Command(BaseCommand):
    help = "Report the health of the search indexes; exit status 1 when one is unhealthy."

    def add_arguments(self, parser):
        parser.add_argument("--index", action="append", help="Check only this index (repeatable).")

    def handle(self, *args, index=None, **options):
        names = index or health.index_names()
        if not names:
            raise CommandError(_("No search index found."), returncode=1)
        unhealthy = []
        for position, name in enumerate(names, start=1):
            if options["verbosity"] >= 1:
                self.stderr.write(
                    _("Checking index %(name)s (%(position)d of %(total)d)…")
                    % {"name": name, "position": position, "total": len(names)}
                )
            report = health.inspect(writer_tasks.store_for(name))
            self._write(report)
            if not report.healthy:
                unhealthy.append(name)
        if unhealthy:
            raise CommandError(
                _("Unhealthy search indexes: %(names)s.") % {"names": ", ".join(unhealthy)}, returncode=1
            )
        self.stdout.write(self.style.SUCCESS(_("Every search index is healthy.")))

    def _write(self, report: health.IndexHealth) -> None:
        write = self.stdout.write
        write(_("Index %(name)s") % {"name": report.name})
        if report.generation is not None:
            write("  " + _("Generation: %(number)d") % {"number": report.generation})
        if report.last_update is not None:
            when = formats.date_format(report.last_update, "DATETIME_FORMAT")
            write("  " + _("Last update: %(when)s") % {"when": when})
        if report.lock is not None:
            state = {"free": _("free"), "held": _("held")}.get(report.lock.state, _("stale"))
            write("  " + _("Write lock: %(state)s") % {"state": state})
            if report.lock.state == FREE and report.lock.writer:
                write(
                    "  "
                    + _("The last writer (process %(pid)s) stopped while writing; its lock was released.")
                    % {"pid": report.lock.writer.get("pid")}
                )
        write("  " + _("Pending updates: %(count)d") % {"count": report.pending})
        for count in report.models:
            label = count.label or _("(documents without a model)")
            if count.database is None:
                line = _("%(model)s: %(documents)d documents") % {
                    "model": label,
                    "documents": count.documents,
                }
            else:
                line = _("%(model)s: %(documents)d documents, %(rows)d in the database") % {
                    "model": label,
                    "documents": count.documents,
                    "rows": count.database,
                }
            write("    " + line)
        for problem in report.problems:
            write(self.style.ERROR("  " + problem))
