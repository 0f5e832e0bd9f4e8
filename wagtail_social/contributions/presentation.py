"""What a page's contributions block and a contribution's own page show the person reading,
and what they may do there (view-models; the rules are in ``contributing``, ``supports``,
``access`` and ``policy``). A page's block costs the same few queries whatever the number of
contributions: the page of rows with their authors, their count, and the reader's supports."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from wagtail_social import access
from wagtail_social.policy import policy_for

from . import contributing, supports
from .answer_display import answers_context
from .conf import settings
from .forms import ContributionForm
from .models import FEATURE_OF_KIND, IDEA, KINDS, Contribution
from .report_display import report_context

PAGE_PARAM = "contributions_page"
TEMPLATE = "wagtail_social_contributions/contributions.html"


def enabled_kinds(request, page) -> list[str]:
    """The kinds switched on for ``page`` (each kind is a feature of the policy)."""
    policy = policy_for(request, page)
    return [kind for kind in KINDS if policy.enabled(FEATURE_OF_KIND[kind])]


# A number no contribution has: reversed once, the detail URL is split around it (below).
_MARKER = 987654321987


def detail_url_maker():
    """A function of a contribution's pk returning its page's URL, as ``reverse`` does (the same
    URLconf and script prefix), reversed once: ``reverse`` took 35 µs an item, a third of what
    the rest of ``decorate`` costs (``bench/contributions.py``)."""
    prefix, suffix = reverse("wagtail_social_contributions:detail", args=[_MARKER]).rsplit(str(_MARKER), 1)
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


def decorate(request, contributions, supported: set[int], participating: bool) -> None:
    """Tell each contribution what the reader may do with it (no query)."""
    user = request.user
    detail_url = detail_url_maker()
    for contribution in contributions:
        contribution.text_html = linebreaksbr(contribution.text, autoescape=True)
        # Worked out here rather than by the template's filters, which took a fifth of a
        # listing's item (bench/contributions.py); the template shows them as they are.
        created = timezone.localtime(contribution.created_at)
        contribution.created_iso = created.isoformat()
        contribution.created_display = date_format(created, "DATETIME_FORMAT")
        if contribution.kind == IDEA:
            contribution.support_label = ngettext(
                "%(counter)s support", "%(counter)s supports", contribution.support_count
            ) % {"counter": contribution.support_count}
        contribution.supported = contribution.pk in supported
        contribution.can_support = (
            participating
            and contribution.takes_supports
            and contribution.author_id != user.pk
            and contribution.kind == IDEA
        )
        contribution.can_edit = participating and contributing.can_edit(contribution, user)
        contribution.can_withdraw = participating and contributing.can_withdraw(contribution, user)
        contribution.url = detail_url(contribution.pk)


def contributions_context(request, page, page_number=1, forms: dict | None = None) -> dict | None:
    """The block of ``page``'s contributions for ``request.user``, or None when the requester may
    not see the page or no kind is switched on there. ``forms`` (by kind) replaces the empty
    submission forms, to show one again with its errors."""
    if page is None or not access.can_view(request, page):
        return None
    kinds = enabled_kinds(request, page)
    if not kinds:
        return None
    user = request.user
    participating = access.can_participate(request, page)
    rows = (
        Contribution.objects.filter(page_id=page.pk, kind__in=kinds)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    pager = Paginator(rows, settings.PER_PAGE).get_page(page_number)
    contributions = list(pager.object_list)
    ideas = [c.pk for c in contributions if c.kind == IDEA]
    supported = supports.supported_ids(user, ideas) if ideas else set()
    decorate(request, contributions, supported, participating)
    open_to_submissions = participating and not policy_for(request, page).is_closed()
    forms = forms or {}
    return {
        "page": page,
        "kinds": kinds,
        "contributions": contributions,
        "pager": pager,
        "page_param": PAGE_PARAM,
        "participating": participating,
        "forms": [forms.get(kind) or ContributionForm(kind) for kind in kinds] if open_to_submissions else [],
        "login_url": None if user.is_authenticated else redirect_to_login(page.get_url(request) or "/").url,
        "request": request,
    }


def detail_context(request, contribution: Contribution) -> dict:
    """A contribution's own page (its access and switch already checked by the view)."""
    page = contribution.page
    participating = access.can_participate(request, page)
    supported = (
        supports.supported_ids(request.user, [contribution.pk]) if contribution.kind == IDEA else set()
    )
    decorate(request, [contribution], supported, participating)
    status_changes = list(contribution.status_changes.select_related("changed_by"))
    return {
        "page": page,
        "contribution": contribution,
        "status_changes": status_changes,
        "participating": participating,
        "back_url": (page.get_url(request) or "/") + "#social-contributions",
        **answers_context(request, contribution, status_changes),
        **report_context(request, contribution),
    }
