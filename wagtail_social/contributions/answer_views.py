"""The endpoint where a question's author or a manager marks an answer of its discussion
accepted (``comment=<id>``), or unmarks it (no ``comment``). Access first (a question of a page
the requester may not see is not found), then the rule (``answers.may_accept``), then the write."""

from __future__ import annotations

from django.http import HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail_social.endpoints import message_response, wants_fragment

from . import answers
from .views import visible_contribution_or_404


@require_POST
def accept(request, pk: int):
    contribution = visible_contribution_or_404(request, pk)
    raw = request.POST.get("comment", "")
    try:
        comment_id = int(raw) if raw else None
    except ValueError:
        return message_response(request, contribution.page, _("Unknown answer."), 400)
    if not answers.may_accept(contribution, request.user):
        return message_response(
            request,
            contribution.page,
            _("Only the question's author or a manager may accept an answer."),
            403,
        )
    try:
        comment = answers.accept_answer(contribution, request.user, comment_id)
    except answers.AnswerRefused as refused:
        return message_response(request, contribution.page, str(refused.message), 400)
    if wants_fragment(request):
        return JsonResponse({"ok": True, "accepted": comment.pk if comment else None})
    return HttpResponseRedirect(contribution.get_absolute_url())
