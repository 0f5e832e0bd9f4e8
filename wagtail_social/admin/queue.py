"""The community queue in the Wagtail admin: one list of everything employees wrote that waits for
a moderator or a manager (every registered source of ``wagtail_social/queue.py``), with filters,
bulk approve and bulk remove with one reason, a dashboard panel and a menu item with the count.
Each row links to its own review screen (the comment's, in its thread and page context; the
contribution's). Who sees what is the sources' business (access, sections)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .. import access, queue
from ..forms import RemovalForm

ROWS_PER_PAGE = 50
STATE_CHOICES = [
    (queue.ATTENTION, gettext_lazy("Everything waiting")),
    (queue.HELD, gettext_lazy("Held for approval")),
    (queue.REPORTED, gettext_lazy("Reported")),
    (queue.WAITING, gettext_lazy("Waiting for a manager")),
    (queue.OVERDUE, gettext_lazy("Overdue")),
    (queue.MINE, gettext_lazy("Assigned to me")),
]


class QueueFilterForm(forms.Form):
    section = forms.ModelChoiceField(
        label=pgettext_lazy("a page and its subtree", "Section"), queryset=Page.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), choices=STATE_CHOICES, required=False)
    author = forms.CharField(label=gettext_lazy("Author"), required=False, max_length=150)
    reports = forms.IntegerField(
        label=gettext_lazy("At least this many reports"), required=False, min_value=0
    )
    q = forms.CharField(label=gettext_lazy("Text contains"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Sections: the site roots' children and grandchildren this user may see.
        self.fields["section"].queryset = access.visible_pages(user).filter(depth__in=(3, 4)).order_by("path")
        kinds = [kind for item in queue.sources_for(user) for kind in item.kinds]
        # Two sources may list the same kind (an idea waiting for a manager, or reported): once.
        self.fields["kind"].choices = [("", _("All kinds")), *dict(kinds).items()]

    def filters(self) -> queue.QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return queue.QueueFilters(
            section=data.get("section"),
            kind=data.get("kind") or "",
            state=data.get("state") or queue.ATTENTION,
            author=(data.get("author") or "").strip(),
            min_reports=data.get("reports") or 0,
            text=(data.get("q") or "").strip(),
        )


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_social/admin/queue.html"
    page_title = gettext_lazy("Moderation queue")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not queue.may_use_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = QueueFilterForm(self.request.GET or None, user=self.request.user)
        rows = queue.rows_for(self.request.user, form.filters() if form.is_bound else queue.QueueFilters())
        paginator_page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("p"))
        bulk_sources = {item.name for item in queue.sources_for(self.request.user) if item.bulk}
        kwargs.setdefault("removal_form", RemovalForm())
        return super().get_context_data(
            filter_form=form,
            rows=paginator_page.object_list,
            paginator_page=paginator_page,
            total=len(rows),
            bulk_sources=bulk_sources,
            **kwargs,
        )

    def post(self, request):
        """Bulk approve, or bulk remove with one reason, the checked rows (``<source>:<pk>``)."""
        action = request.POST.get("action")
        if action not in ("approve", "remove"):
            messages.error(request, _("Unknown action."))
            return redirect(request.get_full_path())
        reason = ""
        if action == "remove":
            form = RemovalForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the reason readers will see in place of each item."))
                return redirect(request.get_full_path())
            reason = form.cleaned_data["reason"]
        chosen: dict[str, list[int]] = {}
        for key in request.POST.getlist("item"):
            name, _sep, pk = key.partition(":")
            if pk.isdigit():
                chosen.setdefault(name, []).append(int(pk))
        done = 0
        for item in queue.sources_for(request.user):
            if item.bulk and chosen.get(item.name):
                done += item.bulk(request, chosen[item.name], action, reason)
        if action == "approve":
            message = ngettext("%(count)d item approved.", "%(count)d items approved.", done)
        else:
            message = ngettext("%(count)d item removed.", "%(count)d items removed.", done)
        messages.success(request, message % {"count": done})
        queue.forget_menu_count(request.user)
        return redirect(request.get_full_path())


class QueueMenuItem(MenuItem):
    """The queue's menu item, with the number of items waiting for this person beside it."""

    def is_shown(self, request):
        return queue.cached_menu_count(request.user) is not None

    def render_component(self, request):
        component = super().render_component(request)
        count = queue.cached_menu_count(request.user)
        if count:
            component.label = _("%(label)s (%(count)d)") % {"label": self.label, "count": count}
        return component


def queue_menu_item() -> QueueMenuItem:
    return QueueMenuItem(
        gettext_lazy("Moderation queue"),
        reverse("wagtail_social_admin:queue"),
        name="community-queue",
        icon_name="tasks",
        order=240,
    )


class QueuePanel(Component):
    """The dashboard's panel: how many items wait for this person, with a link to the queue."""

    name = "community_queue"
    order = 90
    template_name = "wagtail_social/admin/queue_panel.html"

    def __init__(self, user):
        self.count = queue.waiting_count(user)

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": reverse("wagtail_social_admin:queue")}


def add_queue_panel(request, panels) -> None:
    """``construct_homepage_panels`` hook."""
    if queue.may_use_queue(request.user):
        panels.append(QueuePanel(request.user))
