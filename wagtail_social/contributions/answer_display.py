"""What a contribution's own page shows of the managers' work: the published official answer
(above the discussion), the accepted answer of a question (shown first, labelled), the link from
a merged duplicate to its original, the status history with the site's labels, and the form to
accept an answer for those who may (``answers.may_accept``)."""

from __future__ import annotations

from django.urls import reverse

from . import answers, statuses
from .models import QUESTION, Contribution

MAX_ACCEPTABLE = 100  # answers offered in the accept form, oldest first


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def answers_context(request, contribution: Contribution, status_changes: list) -> dict:
    labels = statuses.request_labels(request)
    for change in status_changes:
        change.to_label = statuses.state_label(change.to_state, labels=labels)
    official = answers.published_answer(contribution)
    accepted = None
    if contribution.accepted_answer_id:
        accepted = answers.answers_of(contribution).filter(pk=contribution.accepted_answer_id).first()
    can_accept = answers.may_accept(contribution, request.user)
    acceptable = []
    if can_accept:
        acceptable = list(answers.answers_of(contribution).order_by("submit_date", "pk")[:MAX_ACCEPTABLE])
    return {
        "state_labels": labels,
        "official_answer": official,
        "official_answer_author": _name(official.author) if official else "",
        "accepted_answer": accepted,
        "can_accept": can_accept and contribution.kind == QUESTION,
        "acceptable_answers": acceptable,
        "accept_url": reverse("wagtail_social_contributions:accept", args=[contribution.pk]),
        "merged_into_url": (
            reverse("wagtail_social_contributions:detail", args=[contribution.merged_into_id])
            if contribution.merged_into_id
            else None
        ),
    }
