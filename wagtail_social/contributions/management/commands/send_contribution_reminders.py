"""``manage.py send_contribution_reminders``: remind the managers of questions that reached half
their answer target, or their target, without an answer.

Run it every few minutes, by cron for instance::

    */5 * * * * cd /srv/intranet && .venv/bin/python manage.py send_contribution_reminders --verbosity 0

Each reminder is sent once, even when two runs overlap (``reminders`` explains how); a run
finds nothing to do when nothing came due.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wagtail_social.contributions.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Remind the managers of questions at half their answer target, or past it, without an answer."

    def handle(self, *args, **options):
        queued = send_due_reminders()
        if options["verbosity"] > 0:
            self.stdout.write(f"{queued} reminder(s) due.")
