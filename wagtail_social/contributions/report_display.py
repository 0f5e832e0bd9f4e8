"""What a contribution's own page shows of its reports (``reporting``): the "Report" disclosure
with the reasons for a participant who may report it, or "Withdraw my report" once they did; and
whether the reader sees the contribution or the notice in its place (removed, or hidden by its
reports to everyone but its author)."""

from __future__ import annotations

from wagtail_social import access
from wagtail_social.models import ReportReason

from . import reporting
from .models import Contribution


def report_context(request, contribution: Contribution) -> dict:
    user = request.user
    may_report = access.can_participate(request, contribution.page) and reporting.can_report(
        contribution, user
    )
    return {
        "request": request,
        "veiled": contribution.is_removed or reporting.hidden_from(contribution, user),
        "report": {
            "can_report": may_report,
            "reported_by_me": may_report and reporting.has_open_report(contribution, user),
            "reasons": ReportReason.choices,
        },
    }
