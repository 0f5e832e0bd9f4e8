"""``manage.py send_followup_emails``: send the follow-up emails whose batch delay is over.

Needed only with a task backend that does not run deferred tasks (Django's immediate backend,
the default): run it every minute (cron, a systemd timer). With a worker, each batch is a task
scheduled for its time and this command finds nothing to do.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wagtail_social.notifications import send_due_batches


class Command(BaseCommand):
    help = "Send the follow-up emails of discussions whose batch delay is over."

    def handle(self, *args, **options):
        sent = send_due_batches()
        if options["verbosity"] > 0:
            self.stdout.write(f"{sent} follow-up email(s) sent.")
