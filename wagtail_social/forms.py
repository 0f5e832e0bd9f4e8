"""Forms: the editor's participation policy and the employee's comment."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_comments.forms import CommentSecurityForm
from wagtail.admin.widgets import AdminDateTimeInput

from .conf import settings
from .features import VALUES_KEY, get_policy_value, policy_values, switchable_features
from .models import ParticipationPolicy, ReportReason
from .models.policy import POLICY_FIELDS
from .switches import inheritable_switch


class ParticipationPolicyForm(forms.ModelForm):
    """The values an editor sets on one page; each may be left to inherit. Each registered
    feature adds its switch (``<key>_enabled``), stored by key in the policy's ``switches``, and
    its policy values (a field named after each), stored by name under ``VALUES_KEY`` there."""

    class Meta:
        model = ParticipationPolicy
        fields = ["moderation", "closing", "closes_at", "max_depth"]
        widgets = {"closes_at": AdminDateTimeInput}

    def __init__(self, *args, page=None, inherited=None, **kwargs):
        super().__init__(*args, **kwargs)
        for feature in switchable_features():
            self.fields[feature.field_name] = inheritable_switch(feature)
            self.initial[feature.field_name] = self.instance.switch(feature.key)
        for value in policy_values():
            self.fields[value.name] = value.form_field()
            self.fields[value.name].widget.attrs["placeholder"] = _("Inherit")
            self.initial[value.name] = self.instance.own_value(value)
        self.order_fields(
            [feature.field_name for feature in switchable_features()]
            + [value.name for value in policy_values()]
            + self._meta.fields
        )
        for name in ("moderation", "closing"):
            self.fields[name].choices = [("", _("Inherit"))] + list(self.fields[name].choices)[1:]
        self.fields["max_depth"].widget.attrs["placeholder"] = _("Inherit")
        self.fields["closes_at"].help_text = _("Used when closing is “Closes on a date”.")
        self.inherited = {}
        if inherited is None and page is not None:
            inherited = ParticipationPolicy.effective_for(page, inherited_only=True)
        if inherited is not None:
            self.describe_inheritance(inherited)

    @staticmethod
    def value_names() -> list[tuple[str, str]]:
        """(form field name, policy value name or feature key) of every value, in form order."""
        return [
            *((feature.field_name, feature.key) for feature in switchable_features()),
            *((value.name, value.name) for value in policy_values()),
            *((name, name) for name in POLICY_FIELDS),
        ]

    def describe_inheritance(self, inherited):
        """Tell, under each field, what the page gets if the field is left to inherit, and from where."""
        for field_name, name in self.value_names():
            value = display_policy_value(inherited, name)
            source = inherited.sources.get(name)
            origin = (
                _("from “%(title)s”") % {"title": source.get_admin_display_title()}
                if source is not None
                else _("from the site defaults")
            )
            self.inherited[field_name] = (value, origin)
            help_text = _("If inherited: %(value)s, %(origin)s.") % {"value": value, "origin": origin}
            feature_help = self.fields[field_name].help_text if name not in POLICY_FIELDS else ""
            self.fields[field_name].help_text = f"{feature_help} {help_text}" if feature_help else help_text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("closing") == "date" and not cleaned.get("closes_at"):
            self.add_error(
                "closes_at",
                _("Give the closing date, or choose another closing option."),
            )
        return cleaned

    def policy_values(self) -> dict:
        """What to store: the policy's own values, and ``switches`` for the features set."""
        return policy_values_from(self.cleaned_data)


def policy_values_from(data: dict, prefix: str = "") -> dict:
    """Policy values from cleaned form data whose fields are named ``<prefix><name>``. A switch
    left on "Inherit" is absent from ``switches``, and so is a policy value left empty (from
    ``switches[VALUES_KEY]``); keys of features not installed are kept by ``save_policy_values``."""
    values = {name: data.get(prefix + name) for name in (*POLICY_FIELDS, "closes_at")}
    values["switches"] = {
        feature.key: data[prefix + feature.field_name]
        for feature in switchable_features()
        if data.get(prefix + feature.field_name) is not None
    }
    set_values = {
        value.name: data[prefix + value.name]
        for value in policy_values()
        if data.get(prefix + value.name) not in (None, "")
    }
    if set_values:
        values["switches"][VALUES_KEY] = set_values
    return values


def display_policy_value(policy, name: str) -> str:
    """A policy value (or a feature's switch, by key) as editors read it."""
    if name == "moderation":
        return str(_("pre-moderation") if policy.moderation == "pre" else _("post-moderation"))
    if name == "closing":
        if policy.closes_at is None:
            return str(_("never closes"))
        return str(
            _("closes on %(date)s") % {"date": formats.date_format(policy.closes_at, "DATETIME_FORMAT")}
        )
    if name == "max_depth":
        return str(policy.max_depth)
    policy_value = get_policy_value(name)
    if policy_value is not None:
        return policy_value.text(policy.value(name))
    return str(_("On") if policy.enabled(name) else _("Off"))


#: Django's own wording ("Null characters are not allowed.") tells an employee nothing: the
#: character is invisible, and usually comes with text pasted from another program.
NULL_CHARACTER_MESSAGE = _(
    "Your text contains an invisible null character, often brought in by copy and paste: "
    "retype the text around it or paste it as plain text."
)


def limit_comment_field(field: forms.CharField, required_message) -> None:
    """Apply the configured length limit (read now, so settings changes apply) and our messages.

    The NUL check that ``CharField`` adds is kept: PostgreSQL refuses the character in text
    (a 500 if it reached the database) and SQLite would store it."""
    limit = settings.COMMENT_MAX_LENGTH
    field.max_length = limit
    field.validators = [MaxLengthValidator(limit), ProhibitNullCharactersValidator()]
    field.widget.attrs["maxlength"] = str(limit)
    field.error_messages = {
        "required": required_message,
        "max_length": _("Your comment is too long: %(show_value)d characters, the limit is %(limit_value)d."),
        "null_characters_not_allowed": NULL_CHARACTER_MESSAGE,
    }


class CommentForm(CommentSecurityForm):
    """A comment by a logged-in employee. The security fields (target, timestamp and their
    signature) come from django-comments; name and email come from the account, not the form."""

    comment = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))
    followup = forms.BooleanField(label=_("Email me when someone answers in this discussion"), required=False)
    reply_to = forms.IntegerField(
        required=False, initial=0, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, target_object, *args, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        limit_comment_field(self.fields["comment"], _("Write something before posting."))

    def has_only_expired_timestamp(self) -> bool:
        """True when the form was simply left open too long (the signature is still right)."""
        return set(self.security_errors()) == {"timestamp"}


class CommentEditForm(forms.Form):
    comment = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_comment_field(self.fields["comment"], _("Write something before saving."))


class HelpfulForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )
    comment = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        error_messages={
            "max_length": _("At most %(limit_value)d characters, please (you wrote %(show_value)d)."),
            "null_characters_not_allowed": NULL_CHARACTER_MESSAGE,
        },
    )


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removal"),
        help_text=_("Shown in place of the comment, so readers and the author know why."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"null_characters_not_allowed": NULL_CHARACTER_MESSAGE},
    )


class ReportForm(forms.Form):
    """Why a reader reports a comment. The reason may be left out (the discussion's one-click
    "Report" button): it is then "Other"."""

    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices, required=False)
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=500,
        error_messages={"null_characters_not_allowed": NULL_CHARACTER_MESSAGE},
    )

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"] or ReportReason.OTHER
