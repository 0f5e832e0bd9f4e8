"""The poll edit form: once people have voted, it refuses the edits that would corrupt results.

Results are counted per choice id (``ChoiceTally``, ``NamedVote``), so adding a choice or
changing the order of choices is safe; deleting or rewording a choice that has votes, switching
between single and multiple answers or between a secret and a named ballot, or narrowing the
number of answers below what ballots already hold would make the figures say something else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import ChoiceTally, NamedVote, Poll, Voter

CHOICES_HELP = _(
    "Once people have voted you may still add choices and change their order: results are "
    "counted per choice. A choice that has votes cannot be deleted or reworded; to ask "
    "something else, add a new choice or create a new poll."
)


@dataclass(frozen=True)
class VotesSoFar:
    """What ballots a poll already holds, as far as editing it is concerned."""

    voters: int = 0
    votes_by_choice: dict[int, int] = field(default_factory=dict)
    # Fewest and most answers in one ballot; known for named polls only (a secret ballot keeps
    # no ballots, only counts per choice).
    smallest_ballot: int | None = None
    largest_ballot: int | None = None

    @classmethod
    def for_poll(cls, poll: Poll) -> VotesSoFar:
        if poll.pk is None or not Voter.objects.filter(poll=poll).exists():
            return cls()
        votes_by_choice = dict(
            ChoiceTally.objects.filter(choice__poll=poll, votes__gt=0).values_list("choice_id", "votes")
        )
        # A named vote protects its choice even if a tally were missing.
        for choice_id in NamedVote.objects.filter(voter__poll=poll).values_list("choice_id", flat=True):
            votes_by_choice.setdefault(choice_id, 1)
        sizes = (
            Voter.objects.filter(poll=poll)
            .annotate(size=Count("choices"))
            .aggregate(smallest=Min("size"), largest=Max("size"), voters=Count("pk"))
        )
        return cls(
            voters=sizes["voters"],
            votes_by_choice=votes_by_choice,
            smallest_ballot=None if poll.secret else sizes["smallest"],
            largest_ballot=None if poll.secret else sizes["largest"],
        )


class PollAdminForm(WagtailAdminModelForm):
    """The poll form of the snippet viewset (set as the edit handler's ``base_form_class``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.votes_so_far = VotesSoFar.for_poll(self.instance)
        if self.votes_so_far.voters:
            for name in ("multiple", "secret"):
                if name in self.fields:
                    self.fields[name].help_text = _("People have already voted: this can no longer change.")

    @property
    def choices_formset(self):
        return self.formsets["choices"]

    def clean(self):
        cleaned_data = super().clean()
        # The choices are validated here, with the poll, so that one save sees every rule.
        self.choices_formset.is_valid()
        kept_choices = [form for form in self.choices_formset.forms if not self._is_deleted(form)]
        self._check_enough_choices(cleaned_data, kept_choices)
        if self.votes_so_far.voters:
            self._check_ballot_kind(cleaned_data)
            self._check_number_of_answers(cleaned_data)
            self._check_choices_with_votes()
        return cleaned_data

    def save(self, commit=True):
        # A choice without votes may still have an empty counter, which protects it from deletion.
        deleted = [form.instance.pk for form in self.choices_formset.forms if self._is_deleted(form)]
        ChoiceTally.objects.filter(choice_id__in=[pk for pk in deleted if pk], votes=0).delete()
        return super().save(commit)

    @staticmethod
    def _is_deleted(form) -> bool:
        return bool(getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME))

    def _check_enough_choices(self, cleaned_data, kept_choices):
        minimum = cleaned_data.get("min_choices") or 1
        if cleaned_data.get("multiple") and minimum > len(kept_choices) >= 2:
            self.add_error(
                "min_choices",
                ngettext(
                    "The poll has only %(count)d choice: nobody could pick %(minimum)d.",
                    "The poll has only %(count)d choices: nobody could pick %(minimum)d.",
                    len(kept_choices),
                )
                % {"count": len(kept_choices), "minimum": minimum},
            )

    def _check_ballot_kind(self, cleaned_data):
        poll = self.instance  # still the saved values: the form is copied onto it after clean()
        if "multiple" in cleaned_data and cleaned_data["multiple"] != poll.multiple:
            self.add_error(
                "multiple",
                _(
                    "People have already voted: a poll cannot switch between one answer and "
                    "several answers. Create a new poll instead."
                ),
            )
        if "secret" in cleaned_data and cleaned_data["secret"] != poll.secret:
            self.add_error(
                "secret",
                _(
                    "People have already voted: a poll cannot switch between a named and a secret "
                    "ballot. Create a new poll instead."
                ),
            )

    def _check_number_of_answers(self, cleaned_data):
        poll = self.instance
        if not (poll.multiple and cleaned_data.get("multiple")):
            return  # one answer each: the limits are 1 and 1 whatever the fields say
        votes = self.votes_so_far
        new_max, new_min = cleaned_data.get("max_choices"), cleaned_data.get("min_choices")
        # A secret ballot keeps no ballots: the old limits are all we know their sizes by.
        largest = votes.largest_ballot if votes.largest_ballot is not None else poll.max_choices
        smallest = votes.smallest_ballot if votes.smallest_ballot is not None else poll.min_choices
        if new_max is not None and (largest is None or new_max < largest):
            if largest is None:
                message = _(
                    "Ballots already cast may hold every choice (a secret ballot keeps no record of "
                    "how many choices each vote held): the maximum must stay empty."
                )
            else:
                message = ngettext(
                    "Ballots already cast hold up to %(count)d choice: the maximum cannot be lower.",
                    "Ballots already cast hold up to %(count)d choices: the maximum cannot be lower.",
                    largest,
                ) % {"count": largest}
            self.add_error("max_choices", message)
        if new_min is not None and smallest is not None and new_min > smallest:
            self.add_error(
                "min_choices",
                ngettext(
                    "Ballots already cast hold as few as %(count)d choice: the minimum cannot be higher.",
                    "Ballots already cast hold as few as %(count)d choices: the minimum cannot be higher.",
                    smallest,
                )
                % {"count": smallest},
            )

    def _check_choices_with_votes(self):
        votes_by_choice = self.votes_so_far.votes_by_choice
        # Once anyone voted in a secret ballot, every choice is protected and no count is said:
        # "this one may go, that one has 1 vote" would tell the editor what the voters chose,
        # below the threshold the results keep to.
        secret_with_votes = self.instance.secret and self.votes_so_far.voters > 0
        for form in self.choices_formset.forms:
            if not form.instance.pk:
                continue
            if secret_with_votes:
                self._protect_secret_choice(form)
                continue
            votes = votes_by_choice.get(form.instance.pk)
            if not votes:
                continue
            if self._is_deleted(form):
                # On the poll, not the choice: a deleted choice is hidden in the inline panel.
                self.add_error(
                    None,
                    ngettext(
                        "The choice “%(choice)s” has %(count)d vote and cannot be deleted.",
                        "The choice “%(choice)s” has %(count)d votes and cannot be deleted.",
                        votes,
                    )
                    % {"choice": form.initial.get("text", form.instance.text), "count": votes},
                )
            elif "text" in form.changed_data:
                form.add_error(
                    "text",
                    ngettext(
                        "This choice has %(count)d vote: rewording it would change what people "
                        "voted for. Add a new choice or create a new poll instead.",
                        "This choice has %(count)d votes: rewording it would change what people "
                        "voted for. Add a new choice or create a new poll instead.",
                        votes,
                    )
                    % {"count": votes},
                )

    def _protect_secret_choice(self, form):
        if self._is_deleted(form):
            self.add_error(
                None,
                _("People have voted in this secret ballot: its choices can no longer be deleted."),
            )
        elif "text" in form.changed_data:
            form.add_error(
                "text",
                _(
                    "People have voted in this secret ballot: its choices can no longer be "
                    "reworded. Add a new choice or create a new poll instead."
                ),
            )
