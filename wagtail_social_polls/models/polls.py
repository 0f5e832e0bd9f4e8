"""What editors write: a poll and its ordered choices (a Wagtail snippet with an inline panel)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from wagtail_social.features import searchable_items

RESULTS_ALWAYS = "always"
RESULTS_AFTER_VOTE = "after_vote"
RESULTS_AFTER_CLOSE = "after_close"
RESULTS_EDITORS = "editors"
RESULTS_CHOICES = [
    (RESULTS_ALWAYS, _("Always")),
    (RESULTS_AFTER_VOTE, _("To each person once they have voted")),
    (RESULTS_AFTER_CLOSE, _("Once the poll is closed")),
    (RESULTS_EDITORS, _("To editors only")),
]

STATUS_SCHEDULED = "scheduled"
STATUS_OPEN = "open"
STATUS_CLOSED = "closed"
STATUS_LABELS = {
    STATUS_SCHEDULED: _("Scheduled"),
    STATUS_OPEN: pgettext_lazy("state of a poll", "Open"),
    STATUS_CLOSED: pgettext_lazy("state of a poll", "Closed"),
}


class Poll(index.Indexed, ClusterableModel):
    """A question with choices. Shown in pages by the poll block or ``{% social_poll poll %}``.

    Searchable (question, boosted, description and choices) once placed on a live page
    (``feature.searchable_polls``); the admin's own search of polls stays the database's."""

    question = models.CharField(_("question"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    multiple = models.BooleanField(
        _("several answers allowed"), default=False, help_text=_("Otherwise each person picks one choice.")
    )
    min_choices = models.PositiveSmallIntegerField(
        _("minimum number of choices"), default=1, help_text=_("For polls with several answers.")
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"),
        null=True,
        blank=True,
        help_text=_("For polls with several answers; empty allows every choice."),
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, help_text=_("Empty: open as soon as it is saved.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Empty: never closes.")
    )
    secret = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_(
            "Nobody, not even administrators, can find out who chose what: only totals are kept. "
            "A secret vote cannot be changed."
        ),
    )
    changeable = models.BooleanField(
        _("votes may be changed"),
        default=False,
        help_text=_("Each person may change their vote until the poll closes (named ballots only)."),
    )
    results_visibility = models.CharField(
        _("results shown"), max_length=16, choices=RESULTS_CHOICES, default=RESULTS_AFTER_VOTE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-created_at", "-pk"]
        permissions = [("export_poll_voters", _("Can export who voted what in named polls"))]

    search_fields = [
        index.SearchField("question", boost=2),
        index.AutocompleteField("question"),
        index.SearchField("description"),
        index.RelatedFields("choices", [index.SearchField("text")]),
        index.FilterField("secret"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]

    def __str__(self):
        return self.question

    @classmethod
    def get_indexed_objects(cls):
        """What the polls feature declares searchable (``feature.searchable_polls``)."""
        return searchable_items(cls, super().get_indexed_objects())

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The poll must close after it opens.")
        if self.secret and self.changeable:
            errors["changeable"] = _(
                "A secret vote cannot be changed: nothing links a person to their choice. "
                "Untick “votes may be changed” or make the ballot named."
            )
        if self.multiple:
            if self.min_choices < 1:
                errors["min_choices"] = _("The minimum must be at least 1.")
            if self.max_choices is not None and self.max_choices < self.min_choices:
                errors["max_choices"] = _("The maximum cannot be below the minimum.")
        else:
            self.min_choices, self.max_choices = 1, 1
        if errors:
            raise ValidationError(errors)

    def status(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.opens_at is not None and now < self.opens_at:
            return STATUS_SCHEDULED
        if self.closes_at is not None and now >= self.closes_at:
            return STATUS_CLOSED
        return STATUS_OPEN

    def status_label(self, now: datetime | None = None) -> str:
        return str(STATUS_LABELS[self.status(now)])

    def is_open(self, now: datetime | None = None) -> bool:
        return self.status(now) == STATUS_OPEN

    def is_closed(self, now: datetime | None = None) -> bool:
        return self.status(now) == STATUS_CLOSED

    @property
    def choice_limits(self) -> tuple[int, int | None]:
        """(minimum, maximum) number of choices in one vote; maximum None means every choice."""
        if not self.multiple:
            return 1, 1
        return self.min_choices, self.max_choices


class Choice(Orderable):
    """One answer of a poll. Its votes are counted in :class:`ChoiceTally`, never on this row:
    editing the poll saves the choice rows and must not overwrite a count."""

    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices", verbose_name=_("poll"))
    text = models.CharField(_("choice"), max_length=200)

    class Meta(Orderable.Meta):
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text
