"""Forms of the managers' admin screens. What they offer comes from the services (the states a
contribution may move to, the people who may manage it, the contributions it may merge into);
the services decide again when the form is sent."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .managers import managers_of
from .models import DECLINED, Contribution


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _person(obj)


class StatusForm(forms.Form):
    """A new state and its public reason (required to decline: a form error, nothing stored)."""

    to_state = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the contribution and sent to its author and supporters; required to decline."),
    )

    def __init__(self, *args, states=(), labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = labels or {}
        self.fields["to_state"].choices = [(state, labels.get(state, state)) for state in states]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_state") == DECLINED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Declining needs a public reason."))
        return cleaned


class BulkStatusForm(StatusForm):
    """One status and one reason for several contributions at once."""

    ids = forms.ModelMultipleChoiceField(
        queryset=Contribution.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].queryset = queryset if queryset is not None else Contribution.objects.none()
        self.fields["ids"].error_messages["required"] = _("Select at least one contribution.")


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Official answer"), widget=forms.Textarea(attrs={"rows": 6}))


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [user.pk for user in managers_of(page)] if page is not None else []
        self.fields["assignee"].queryset = get_user_model().objects.filter(pk__in=ids).order_by("pk")


class MergeForm(forms.Form):
    original = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Contribution.objects.none(),
        help_text=_(
            "The original, of the same kind and section: supports move there once per person, and this "
            "contribution links to it."
        ),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["original"].queryset = candidates
