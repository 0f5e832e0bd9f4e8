"""Optional page mixin: the participation controls as a panel of the page editor.

For sites that own their page models. Sites that don't use the "Participation" page action,
which works for every page type. Both edit the same :class:`ParticipationPolicy`; values apply
as soon as the page is saved (a policy is a setting, not versioned content).
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log

from .forms import ParticipationPolicyForm, policy_values_from
from .models import ParticipationPolicy
from .policy import loggable, save_policy_values
from .switches import FeatureSwitchesPanel, SwitchFieldsMetaclass, inheritable_switch

FIELD_PREFIX = "social_"
# The policy's own values; features' switches are added when the form is built.
POLICY_FORM_FIELDS = ParticipationPolicyForm._meta.fields


class ParticipationPageForm(WagtailAdminPageForm, metaclass=SwitchFieldsMetaclass):
    """Page form carrying the policy fields next to the page's own."""

    switch_prefix = FIELD_PREFIX
    switch_field_factory = staticmethod(inheritable_switch)

    # Declared (not added in __init__) so that FieldPanel may name them.
    social_moderation = copy.deepcopy(ParticipationPolicyForm.base_fields["moderation"])
    social_closing = copy.deepcopy(ParticipationPolicyForm.base_fields["closing"])
    social_closes_at = copy.deepcopy(ParticipationPolicyForm.base_fields["closes_at"])
    social_max_depth = copy.deepcopy(ParticipationPolicyForm.base_fields["max_depth"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        existing = ParticipationPolicy.objects.filter(page=page).first() if page.pk else None
        policy_form = ParticipationPolicyForm(
            instance=existing,
            inherited=(
                ParticipationPolicy.effective_for(page, inherited_only=True)
                if page.pk
                else ParticipationPolicy.effective_for(self.parent_page)
                if self.parent_page is not None
                else None
            ),
        )
        self.policy_field_names = list(policy_form.fields)
        for name in self.policy_field_names:
            self.fields[FIELD_PREFIX + name] = policy_form.fields[name]
            self.initial[FIELD_PREFIX + name] = policy_form.initial.get(name)

    def clean(self):
        cleaned = super().clean()
        values = policy_values_from(cleaned, FIELD_PREFIX)
        # The same model validation as the "Participation" action (depth ceiling, closing date).
        try:
            ParticipationPolicy(**values).full_clean(exclude=["page", "updated_by"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(FIELD_PREFIX + name if name in POLICY_FORM_FIELDS else None, messages)
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=False)
        # Only what the editor changed is written: saving the page must not overwrite a change
        # made meanwhile through the "Participation" action.
        changed = any(
            self.cleaned_data.get(FIELD_PREFIX + name) != self.initial.get(FIELD_PREFIX + name)
            for name in self.policy_field_names
        )
        if changed:
            page._social_policy_values = (policy_values_from(self.cleaned_data, FIELD_PREFIX), self.for_user)
        if commit:
            page.save()
        return page


class ParticipationPageMixin:
    """Add to a page model (before ``Page``) and put ``participation_panels`` in a panel list."""

    base_form_class = ParticipationPageForm
    participation_panels = [
        FeatureSwitchesPanel(
            [FieldPanel(FIELD_PREFIX + name) for name in POLICY_FORM_FIELDS],
            prefix=FIELD_PREFIX,
            heading=_("Participation"),
            help_text=_("Applies to this page and every page below it that does not set its own value."),
        )
    ]

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        change = self.__dict__.pop("_social_policy_values", None)
        if change is not None:
            values, user = change
            save_policy_values(self, values, user=user)
            log(
                instance=self,
                action="wagtail_social.policy.edit",
                user=user,
                data=loggable(values),
            )
        return result
