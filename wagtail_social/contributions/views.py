"""Employees' contribution endpoints. Each follows the core's endpoint toolkit
(``wagtail_social.endpoints``): the page visible to the requester or 404 (a contribution of a
page they may not see is not found, exactly like one that does not exist), then the participant
check with the kind's switch, then the per-person rate limit, then the write. Everything works
without JavaScript; a request from a script (``X-Wagtail-Social: 1``) gets JSON."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wagtail_social import access, targets
from wagtail_social.endpoints import (
    message_response,
    page_url,
    refuse_non_participant,
    refuse_over_rate,
    visible_page_or_404,
    wants_fragment,
)
from wagtail_social.layout import render_page
from wagtail_social.policy import policy_for

from . import contributing, reporting, supports
from .conf import settings
from .forms import ContributionEditForm, ContributionForm
from .models import FEATURE_OF_KIND, KINDS, Contribution
from .presentation import detail_context

ANCHOR = "social-contributions"
CLOSED = {
    "idea": gettext_lazy("Ideas are not open on this page."),
    "question": gettext_lazy("Questions are not open on this page."),
    "suggestion": gettext_lazy("Suggestions are not open on this page."),
}


def visible_contribution_or_404(request, pk) -> Contribution:
    """The contribution ``pk`` if the requester may see its page and its kind is on there."""
    target = targets.get_visible_target_or_404(request, Contribution._meta.label_lower, pk)
    contribution = target.object
    if not policy_for(request, target.page).enabled(contribution.feature):
        raise Http404
    return contribution


def contribution_url(request, contribution: Contribution) -> str:
    return page_url(request, contribution.page, anchor=f"contribution-{contribution.pk}")


def _refuse(request, page, feature: str, kind: str, rate_scope: str, rate, rate_message):
    return refuse_non_participant(
        request, page, feature, _("Log in to take part."), CLOSED[kind], anchor=ANCHOR
    ) or refuse_over_rate(request, page, rate_scope, rate, rate_message)


@require_POST
def submit(request):
    page = visible_page_or_404(request, request.POST.get("page"))
    kind = request.POST.get("kind", "")
    if kind not in KINDS:
        return message_response(request, page, _("Unknown kind of contribution."), 400)
    refusal = refuse_non_participant(
        request, page, FEATURE_OF_KIND[kind], _("Log in to take part."), CLOSED[kind], anchor=ANCHOR
    )
    if refusal is None and policy_for(request, page).is_closed():
        refusal = message_response(request, page, _("Participation on this page is closed."), 403)
    if refusal is not None:
        return refusal
    form = ContributionForm(kind, request.POST, request.FILES)
    if not form.is_valid():
        if wants_fragment(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
        context = {"page": page, "form": form, "back_url": page_url(request, page, anchor=ANCHOR)}
        return render_page(request, "wagtail_social_contributions/form_page.html", context, status=400)
    refusal = refuse_over_rate(
        request,
        page,
        "contributions",
        settings.SUBMIT_RATE_LIMIT,
        _("Too many contributions in a short time: wait a moment before posting again."),
    )
    if refusal is not None:
        return refusal
    contribution = contributing.submit(page, request.user, kind, form.cleaned_data)
    if wants_fragment(request):
        return JsonResponse({"ok": True, "id": contribution.pk, "message": _("Thank you: it is published.")})
    return HttpResponseRedirect(contribution_url(request, contribution))


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    contribution = visible_contribution_or_404(request, pk)
    page = contribution.page
    if request.method == "POST":
        refusal = _refuse(
            request,
            page,
            contribution.feature,
            contribution.kind,
            "contribution_edits",
            settings.EDIT_RATE_LIMIT,
            _("Too many edits in a short time: wait a moment before saving again."),
        )
        if refusal is not None:
            return refusal
    if not contributing.can_edit(contribution, request.user):
        return message_response(request, page, _("This contribution can no longer be edited."), 403)
    initial = {"title": contribution.title, "text": contribution.text, "quote": contribution.quote}
    form = ContributionEditForm(contribution.kind, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        contributing.edit(contribution, request.user, form.cleaned_data)
        if wants_fragment(request):
            return JsonResponse(
                {"ok": True, "id": contribution.pk, "message": _("Your contribution was updated.")}
            )
        return HttpResponseRedirect(contribution_url(request, contribution))
    if request.method == "POST" and wants_fragment(request):
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    context = {
        "page": page,
        "contribution": contribution,
        "form": form,
        "back_url": contribution.get_absolute_url(),
    }
    return render_page(
        request,
        "wagtail_social_contributions/edit.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def withdraw(request, pk: int):
    contribution = visible_contribution_or_404(request, pk)
    page = contribution.page
    refusal = _refuse(
        request,
        page,
        contribution.feature,
        contribution.kind,
        "contribution_edits",
        settings.EDIT_RATE_LIMIT,
        _("Too many changes in a short time: wait a moment."),
    )
    if refusal is not None:
        return refusal
    if not contributing.can_withdraw(contribution, request.user) or not contributing.withdraw(contribution):
        return message_response(request, page, _("You cannot withdraw this contribution."), 403)
    if wants_fragment(request):
        return JsonResponse(
            {"ok": True, "id": contribution.pk, "message": _("Your contribution is withdrawn.")}
        )
    return HttpResponseRedirect(contribution_url(request, contribution))


@require_POST
def support(request, pk: int):
    """``action=add`` or ``action=remove`` the requester's support of an idea."""
    contribution = visible_contribution_or_404(request, pk)
    page = contribution.page
    action = request.POST.get("action", "add")
    if action not in ("add", "remove"):
        return message_response(request, page, _("Unknown action."), 400)
    refusal = _refuse(
        request,
        page,
        contribution.feature,
        contribution.kind,
        "supports",
        settings.SUPPORT_RATE_LIMIT,
        _("Too many supports in a short time: wait a moment."),
    )
    if refusal is not None:
        return refusal
    if action == "add":
        code = supports.add_support(request.user, contribution, section=supports.section_of(request, page))
    else:
        code = supports.remove_support(request.user, contribution)
    message = str(supports.MESSAGES[code])
    if code not in (supports.SUPPORTED, supports.REMOVED):
        if wants_fragment(request):
            return JsonResponse({"ok": False, "code": code, "message": message}, status=supports.STATUS[code])
        return message_response(request, page, message, supports.STATUS[code])
    if wants_fragment(request):
        count = (
            Contribution.objects.filter(pk=contribution.pk).values_list("support_count", flat=True).first()
        )
        return JsonResponse(
            {
                "ok": True,
                "code": code,
                "message": message,
                "count": count,
                "count_label": ngettext("%(counter)s support", "%(counter)s supports", count or 0)
                % {"counter": count or 0},
                "supported": code == supports.SUPPORTED,
            }
        )
    return HttpResponseRedirect(contribution_url(request, contribution))


@require_GET
def detail(request, pk: int):
    contribution = visible_contribution_or_404(request, pk)
    return render_page(
        request, "wagtail_social_contributions/detail.html", detail_context(request, contribution)
    )


@require_GET
def document(request, pk: int):
    """An idea's document, served to those who may see its page only (Wagtail's own document
    URLs do not know our pages' restrictions)."""
    contribution = visible_contribution_or_404(request, pk)
    if contribution.document is None or not access.can_view(request, contribution.page):
        raise Http404
    if contribution.is_removed or reporting.hidden_from(contribution, request.user):
        raise Http404  # its page says why; the file goes with the text
    stored = contribution.document.file
    return FileResponse(stored.open("rb"), as_attachment=True, filename=contribution.document.filename)
