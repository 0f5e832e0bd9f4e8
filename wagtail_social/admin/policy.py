"""The "Participation" page action: an editor sets a page's policy, seeing what it inherits."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.models import Page

from .. import access
from ..forms import ParticipationPolicyForm, display_policy_value
from ..models import ParticipationPolicy
from ..policy import loggable, save_policy_values


def user_can_edit_policy(user, page: Page) -> bool:
    """Whether ``user`` may set ``page``'s policy: they may edit the page, and ``access`` lets
    them see it (a private community's pages are for its members, editors included)."""
    return (
        not page.is_root() and access.admin_can_see(user, page) and page.permissions_for_user(user).can_edit()
    )


def participation_button(page: Page, user, priority: int) -> Iterator[Button]:
    """The "Participation" action of a page's header and listing, for those who may use it."""
    if user_can_edit_policy(user, page):
        yield Button(
            gettext_lazy("Participation"),
            reverse("wagtail_social_admin:policy", args=[page.pk]),
            icon_name="comment",
            priority=priority,
        )


class PolicyEditView(WagtailAdminTemplateMixin, FormView):
    template_name = "wagtail_social/admin/policy_form.html"
    form_class = ParticipationPolicyForm
    header_icon = "comment"
    page_title = gettext_lazy("Participation")

    def dispatch(self, request, page_id):
        page = Page.objects.filter(pk=page_id).first()
        if page is None or not user_can_edit_policy(request.user, page):
            # The same answer for a missing page and one the user may not edit or see: a 403
            # would tell which page ids exist.
            raise Http404
        self.page = page.specific_deferred
        self.policy = ParticipationPolicy.objects.filter(page=self.page).first()
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_explore", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.policy, "page": self.page}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        effective = ParticipationPolicy.effective_for(self.page)
        context.update(
            page=self.page,
            action_url=self.request.path,
            submit_button_label=_("Save"),
            submit_button_active_label=_("Saving…"),
            effective=[
                (
                    context["form"].fields[field_name].label,
                    display_policy_value(effective, name),
                    effective.sources.get(name),
                )
                for field_name, name in ParticipationPolicyForm.value_names()
            ],
            subtree_count=self.page.get_descendants().count(),
        )
        return context

    def form_valid(self, form):
        values = form.policy_values()
        save_policy_values(self.page, values, user=self.request.user)
        log(
            instance=self.page,
            action="wagtail_social.policy.edit",
            user=self.request.user,
            data=loggable(values),
        )
        messages.success(
            self.request,
            _("Participation settings of “%(title)s” saved.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect(self.request.path)
