"""What a poll shows the person reading a page, and what they may do with it: the view-model
of the poll block, the ``{% social_poll %}`` tag and the vote endpoint's answer."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from wagtail_social import access
from wagtail_social.conf import settings as core_settings
from wagtail_social.policy import policy_for

from . import placements, visibility, voting
from .models import Poll
from .models.placements import SOURCE_CONTENT
from .models.polls import STATUS_OPEN
from .results import results_for

TEMPLATE = "wagtail_social_polls/poll.html"


def poll_context(
    request,
    page: Page,
    poll: Poll,
    *,
    error: str = "",
    submitted=(),
    own_vote: tuple[bool, set[int]] | None = None,
) -> dict | None:
    """Everything the poll shows ``request.user`` on ``page``; None when nothing may be shown
    (page not visible to the requester, polls switched off by the page's policy).

    Constant queries whatever the number of votes: the figures (``results_for``), the reader's
    own vote (unless given as ``own_vote``: the vote endpoint has just written it), and what
    the access and policy modules memoise per request."""
    if request is None or poll is None or not isinstance(page, Page):
        return None
    page = getattr(page, "page_ptr", page)
    if not access.can_view(request, page) or not policy_for(request, page).enabled("polls"):
        return None
    user = request.user
    now = timezone.now()
    results = results_for(poll)
    has_voted, mine = own_vote if own_vote is not None else voting.choices_of(user, poll)
    is_open = poll.status(now) == STATUS_OPEN
    changeable = voting.accepts_changes(poll)
    can_vote = access.can_participate(request, page) and is_open and (not has_voted or changeable)
    checked = {int(pk) for pk in submitted} if submitted else mine
    return {
        "poll": poll,
        "page": page,
        "request": request,
        "status": poll.status(now),
        "results": results,
        "results_access": visibility.results_access(
            poll, user, has_voted=has_voted, voters=results.voters, now=now
        ),
        "choices": [
            {"id": item.choice_id, "text": item.text, "checked": item.choice_id in checked}
            for item in results.choices
        ],
        "mine": mine,
        "has_voted": has_voted,
        "can_vote": can_vote,
        "can_change": has_voted and changeable and is_open,
        "input_type": "checkbox" if poll.multiple else "radio",
        "hint": choice_hint(poll),
        "error": error,
        "login_url": redirect_to_login(page.get_url(request) or "/").url
        if is_open and not user.is_authenticated
        else "",
        "action": reverse("wagtail_social_polls:vote"),
        "include_assets": _first_poll_of_request(request) and core_settings.INCLUDE_ASSETS,
    }


def choice_hint(poll: Poll) -> str:
    """How many answers to pick, said the way people say it."""
    minimum, maximum = poll.choice_limits
    if maximum == 1:
        return _("Choose one answer.")
    if maximum is None:
        if minimum <= 1:
            return _("Choose one or more answers.")
        return ngettext(
            "Choose at least %(count)d answer.", "Choose at least %(count)d answers.", minimum
        ) % {"count": minimum}
    if minimum == maximum:
        return ngettext("Choose %(count)d answer.", "Choose %(count)d answers.", maximum) % {"count": maximum}
    return _("Choose between %(minimum)d and %(maximum)d answers.") % {"minimum": minimum, "maximum": maximum}


def _first_poll_of_request(request) -> bool:
    # The stylesheet and script are linked once, however many polls a page shows.
    first = not getattr(request, "_wagtail_social_polls_assets", False)
    request._wagtail_social_polls_assets = True
    return first


def render_poll(request, page, poll: Poll | None, source: str = SOURCE_CONTENT) -> str:
    """The poll's HTML for this request, or "" when nothing may be shown. A live render
    records where the poll is shown, so votes sent through this page are accepted."""
    context = poll_context(request, page, poll)
    if context is None:
        return ""
    placements.record_render(request, poll, context["page"], source)
    return render_to_string(TEMPLATE, context, request=request)
