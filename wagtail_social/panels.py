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
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.log_actions import log

from .forms import ParticipationPolicyForm
from .models import ParticipationPolicy
from .models.policy import POLICY_FIELDS

FIELD_PREFIX = "social_"
POLICY_FORM_FIELDS = ParticipationPolicyForm._meta.fields


class ParticipationPageForm(WagtailAdminPageForm):
    """Page form carrying the policy fields next to the page's own."""

    # Declared (not added in __init__) so that FieldPanel may name them.
    social_comments_enabled = copy.deepcopy(ParticipationPolicyForm.base_fields["comments_enabled"])
    social_moderation = copy.deepcopy(ParticipationPolicyForm.base_fields["moderation"])
    social_closing = copy.deepcopy(ParticipationPolicyForm.base_fields["closing"])
    social_closes_at = copy.deepcopy(ParticipationPolicyForm.base_fields["closes_at"])
    social_max_depth = copy.deepcopy(ParticipationPolicyForm.base_fields["max_depth"])
    social_reactions_enabled = copy.deepcopy(ParticipationPolicyForm.base_fields["reactions_enabled"])
    social_helpful_enabled = copy.deepcopy(ParticipationPolicyForm.base_fields["helpful_enabled"])
    social_polls_enabled = copy.deepcopy(ParticipationPolicyForm.base_fields["polls_enabled"])

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
        for name in POLICY_FORM_FIELDS:
            self.fields[FIELD_PREFIX + name] = policy_form.fields[name]
            self.initial[FIELD_PREFIX + name] = policy_form.initial.get(name)

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(FIELD_PREFIX + name) for name in POLICY_FORM_FIELDS}
        # The same model validation as the "Participation" action (depth ceiling, closing date).
        try:
            ParticipationPolicy(**values).full_clean(exclude=["page", "updated_by"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(FIELD_PREFIX + name if name in POLICY_FORM_FIELDS else None, messages)
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=False)
        values = {name: self.cleaned_data.get(FIELD_PREFIX + name) for name in POLICY_FORM_FIELDS}
        # Only what the editor changed is written: saving the page must not overwrite a change
        # made meanwhile through the "Participation" action.
        if any(values[name] != self.initial.get(FIELD_PREFIX + name) for name in POLICY_FORM_FIELDS):
            page._social_policy_values = (values, self.for_user)
        if commit:
            page.save()
        return page


class ParticipationPageMixin:
    """Add to a page model (before ``Page``) and put ``participation_panels`` in a panel list."""

    base_form_class = ParticipationPageForm
    participation_panels = [
        MultiFieldPanel(
            [FieldPanel(FIELD_PREFIX + name) for name in POLICY_FORM_FIELDS],
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
                data={name: str(value) for name, value in values.items()},
            )
        return result


def save_policy_values(page, values: dict, user=None) -> ParticipationPolicy | None:
    """Store an editor's values for ``page``; a policy that sets nothing is deleted."""
    if values.get("closing") != "date":
        values["closes_at"] = None
    if all(values.get(name) in (None, "") for name in POLICY_FIELDS):
        ParticipationPolicy.objects.filter(page=page).delete()
        return None
    policy, _created = ParticipationPolicy.objects.update_or_create(
        page=page, defaults={**values, "updated_by": user}
    )
    return policy
