"""The vote endpoint. Like every surface it asks the access module first: a page the requester
may not see, or a poll that page does not show, answers 404 — the same for everybody."""

from __future__ import annotations

from django.contrib import messages
from django.db import connections, router
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail_social import generation
from wagtail_social.endpoints import (
    page_url,
    parse_id,
    refuse_non_participant,
    refuse_over_rate,
    visible_page_or_404,
    wants_fragment,
)
from wagtail_social.layout import render_page

from . import voting
from .conf import settings
from .models import Poll, PollPlacement
from .presentation import TEMPLATE, poll_context


@require_POST
def vote(request):
    page = visible_page_or_404(request, request.POST.get("page"))
    poll_id = parse_id(request.POST.get("poll"))
    placed = placed_poll_and_choices(request, poll_id, page) if poll_id else None
    if placed is None:
        raise Http404
    poll, poll_choice_ids = placed

    def refuse(request, message, status):
        return refusal_response(request, page, poll, message, status)

    refusal = refuse_non_participant(
        request,
        page,
        "polls",
        _("Log in to vote."),
        _("Polls are not open on this page."),
        anchor=f"poll-{poll.pk}",
        respond=refuse,
    ) or refuse_over_rate(
        request,
        page,
        "polls",
        settings.VOTE_RATE_LIMIT,
        _("Too many votes in a short time: wait a moment."),
        respond=refuse,
    )
    if refusal is not None:
        return refusal
    raw_choices = request.POST.getlist("choice")
    choice_ids = [parse_id(value) for value in raw_choices]
    if None in choice_ids:
        outcome = voting.VoteOutcome(voting.UNKNOWN_CHOICE, voting.message_for(voting.UNKNOWN_CHOICE, poll))
    else:
        outcome = voting.cast_vote(request.user, poll, choice_ids, poll_choice_ids=poll_choice_ids)
    if not outcome.accepted:
        submitted = [pk for pk in choice_ids if pk is not None]
        return refusal_response(request, page, poll, outcome.message, outcome.status, submitted, outcome.code)
    if wants_fragment(request):
        # What this person's vote now is, as just written: no need to read it back.
        own_vote = (True, set() if poll.secret else set(choice_ids))
        html = poll_html(request, page, poll, own_vote=own_vote)
        return JsonResponse({"ok": True, "code": outcome.code, "message": outcome.message, "html": html})
    # The message never names the choice: with a session message storage it is stored server-side.
    messages.success(request, outcome.message, fail_silently=True)
    return HttpResponseRedirect(page_url(request, page, anchor=f"poll-{poll.pk}"))


def fresh_poll(poll_id: int) -> Poll | None:
    """The poll as it is in the database now. Raw SQL: the ORM took longer to build this
    one-row query than the database to answer it, on every vote."""
    connection = connections[router.db_for_read(Poll)]
    table, pk_column = (
        connection.ops.quote_name(name) for name in (Poll._meta.db_table, Poll._meta.pk.column)
    )
    return next(iter(Poll.objects.raw(f"SELECT * FROM {table} WHERE {pk_column} = %s", [poll_id])), None)


def placed_poll_and_choices(request, poll_id: int, page) -> tuple[Poll, frozenset[int]] | None:
    """The poll with ``poll_id`` and its choice ids, if the poll is shown on ``page``; else None.

    The poll itself is read on every vote (its window and rules may be changed by a plain
    ``UPDATE``); that it is placed on the page, and its choice ids, are kept in memory for the
    current generation, which changes to choices and removed placements move on (``signals``,
    ``placements.sync_from_content``). Only a "placed" is kept: a render may place the poll at
    any time without moving the generation on (``placements.record_render``), so "not placed"
    is asked of the table again at each vote."""
    poll = fresh_poll(poll_id)
    if poll is None:
        return None

    def placed_choice_ids() -> frozenset[int] | None:
        if not PollPlacement.objects.filter(poll_id=poll_id, page_id=page.pk).exists():
            return None
        return voting.choice_ids_of(poll)

    choice_ids = generation.remembered(
        request, ("poll choices", poll_id, page.pk), placed_choice_ids, keep=lambda ids: ids is not None
    )
    return None if choice_ids is None else (poll, choice_ids)


def poll_html(request, page, poll, error: str = "", submitted=(), own_vote=None) -> str:
    context = poll_context(request, page, poll, error=error, submitted=submitted, own_vote=own_vote)
    if context is None:
        return ""
    context["include_assets"] = False  # the page that asked already has them
    return render_to_string(TEMPLATE, context, request=request)


def refusal_response(request, page, poll, message: str, status: int, submitted=(), code: str = ""):
    """The poll again with the error tied to its choices (script), or a page saying why with a
    link back to the poll (plain form)."""
    if wants_fragment(request):
        html = poll_html(request, page, poll, error=message, submitted=submitted)
        return JsonResponse({"ok": False, "code": code, "message": message, "html": html}, status=status)
    context = {
        "page": page,
        "message": message,
        "back_url": page_url(request, page, anchor=f"poll-{poll.pk}"),
    }
    return render_page(request, "wagtail_social_polls/message.html", context, status=status)
