"""Deleting a poll from the admin, ballots included.

A poll's counters (``ChoiceTally``) and named votes protect their choices (``on_delete=PROTECT``)
so that editing a poll can never drop a counted choice. Deleting the whole poll is a different
decision, confirmed by the editor with the number of voters in front of them: its ballots go with
it, in the same transaction as the poll and its audit-log entry.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_list_or_404
from wagtail.actions.delete import DeleteAction
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from ..models import ChoiceTally, NamedVote, Poll
from ..placements import polls_visible_to


def delete_ballots(poll: Poll) -> None:
    NamedVote.objects.filter(voter__poll=poll).delete()
    ChoiceTally.objects.filter(choice__poll=poll).delete()


class PollDeleteAction(DeleteAction):
    """Wagtail's delete action (audit log included) for a poll, its ballots first."""

    def _delete(self):
        with transaction.atomic():
            delete_ballots(self.instance)
            return super()._delete()


class PollDeleteBulkAction(DeleteBulkAction):
    """The snippet listing's "delete selected" for polls, one audited poll deletion at a time
    (Wagtail's own bulk delete is a single queryset delete, which protected ballots refuse)."""

    models = [Poll]

    def get_queryset(self, model, object_ids):
        # Wagtail's is a class method; this one knows the user. A poll hidden from them is left
        # out like a missing id, and none left at all is a 404, as for missing ids.
        return get_list_or_404(polls_visible_to(self.request.user, model.objects.all()), pk__in=object_ids)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        with transaction.atomic():
            for poll in objects:
                PollDeleteAction(poll, user=user).execute(skip_permission_checks=True)
        return len(objects), 0
