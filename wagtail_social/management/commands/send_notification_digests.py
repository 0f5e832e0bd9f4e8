"""``manage.py send_notification_digests daily|weekly``: send the digests of the period.

Run ``daily`` once a day and ``weekly`` once a week (cron); running it again in the same period
sends nothing twice (``wagtail_social.digests``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wagtail_social.digests import send_digests
from wagtail_social.notification_kinds import DAILY, WEEKLY


class Command(BaseCommand):
    help = "Send the daily or weekly notification digests of the current period."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[DAILY, WEEKLY])

    def handle(self, *args, frequency, **options):
        count = send_digests(frequency)
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} digest(s) enqueued.")
