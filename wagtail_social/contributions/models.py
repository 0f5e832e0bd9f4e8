"""Contributions of employees on a page: ideas, questions and suggestions, their edit history,
supports of ideas and status changes.

Each kind has fixed underlying states (the labels shown may be renamed later; what is stored
never changes):

* an **idea**: ``new`` → ``under_review`` → ``accepted`` → ``done``; or ``declined``;
* a **question**: ``open`` → ``answered`` → ``closed``;
* a **suggestion** to improve the page: ``new`` → ``under_review`` → ``applied``; or
  ``declined`` (the page's owner applies it to the page, or says why not).

Withdrawal is not a state: ``withdrawn_at`` keeps the state the contribution had (a withdrawn
idea still says it was under review), and the contribution stays, shown as withdrawn.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from wagtail_social.features import searchable_items
from wagtail_social.targets import register_discussion_target

from .conf import TITLE_COLUMN_LENGTH
from .fields import erasable_person

IDEA, QUESTION, SUGGESTION = "idea", "question", "suggestion"
KINDS = (IDEA, QUESTION, SUGGESTION)
KIND_CHOICES = [(IDEA, _("Idea")), (QUESTION, _("Question")), (SUGGESTION, _("Suggestion"))]
# The participation feature (policy switch) of each kind.
FEATURE_OF_KIND = {IDEA: "ideas", QUESTION: "questions", SUGGESTION: "suggestions"}

NEW, UNDER_REVIEW, ACCEPTED, DONE, DECLINED = "new", "under_review", "accepted", "done", "declined"
OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
APPLIED = "applied"

STATE_LABELS = {
    NEW: pgettext_lazy("state of a contribution", "New"),
    UNDER_REVIEW: _("Under review"),
    ACCEPTED: _("Accepted"),
    DONE: _("Done"),
    DECLINED: _("Declined"),
    OPEN: pgettext_lazy("state of a question", "Open"),
    ANSWERED: _("Answered"),
    CLOSED: pgettext_lazy("state of a question", "Closed"),
    APPLIED: _("Applied"),
}
STATES = {
    IDEA: (NEW, UNDER_REVIEW, ACCEPTED, DONE, DECLINED),
    QUESTION: (OPEN, ANSWERED, CLOSED),
    SUGGESTION: (NEW, UNDER_REVIEW, APPLIED, DECLINED),
}
INITIAL_STATE = {IDEA: NEW, QUESTION: OPEN, SUGGESTION: NEW}
# An idea in one of these states takes no support, and its supports are frozen.
FROZEN_IDEA_STATES = (DONE, DECLINED)
STATE_CHOICES = list(STATE_LABELS.items())


class Contribution(index.Indexed, models.Model):
    """An idea, a question or a suggestion an employee posted on a page.

    Indexed by the site's search backends (title, boosted, and text; the title also for matches
    while typing), for the similar contributions shown while writing (``similar``) and the
    participation search (``feature``: withdrawn ones, and those of pages not live, are not
    indexed). The filter fields are those that queries filter on: ``similar`` (what the
    database backend accepts is listed there), and the search's facets (kind, state, page)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    title = models.CharField(_("title"), max_length=TITLE_COLUMN_LENGTH)
    text = models.TextField(_("text"))
    quote = models.TextField(_("quoted passage"), blank=True, help_text=_("Suggestions only."))
    image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    # Kept, anonymised, when the person's data is erased: others supported and discussed it.
    author = erasable_person(_("author"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=24, choices=STATE_CHOICES)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Kept exact by ``supports`` (the only code that writes Support rows), in the same transaction.
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    # Answer target of a question (``answer_targets``): due when asked, by the page's policy then;
    # the first answer by someone other than the author, whenever it comes.
    answer_due_at = models.DateTimeField(_("answer due at"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    first_answered_by = erasable_person(_("first answered by"))
    # Community managers' work (``statuses``, ``answers``, ``merging``): who handles it, the
    # original it was merged into (it then keeps its state and takes no more supports or status
    # changes), and, for a question, the comment of its discussion accepted as its answer.
    assignee = erasable_person(_("assigned to"))
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )
    accepted_answer = models.ForeignKey(
        "django_comments_xtd.XtdComment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    # Moderation after readers' reports (``reporting``): hidden from everyone but its author
    # since it reached ``WAGTAIL_SOCIAL_REPORTS_TO_HIDE`` open reports, until a moderator decides;
    # removed by a moderator, with the reason readers see in its place (the row stays).
    hidden_at = models.DateTimeField(_("hidden by reports since"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for removal"), blank=True)
    removed_by = erasable_person(_("removed by"))

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        permissions = [("manage_contribution", _("Can manage contributions (statuses, answers)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=IDEA, state__in=STATES[IDEA])
                | Q(kind=QUESTION, state__in=STATES[QUESTION])
                | Q(kind=SUGGESTION, state__in=STATES[SUGGESTION]),
                name="wagtail_social_contribution_state_of_its_kind",
            ),
            models.CheckConstraint(
                condition=Q(support_count=0) | Q(kind=IDEA), name="wagtail_social_contribution_supports_ideas"
            ),
        ]
        indexes = [
            # A page's list, newest first; the section-wide idea box and the figures by state.
            models.Index(fields=["page", "-created_at"], name="wagtail_social_contrib_page"),
            models.Index(fields=["page", "kind", "state"], name="wagtail_social_contrib_state"),
            models.Index(fields=["kind", "state", "created_at"], name="wagtail_social_contrib_kind"),
            # The idea box's default listing (withdrawn left out): its count, its filters by kind
            # and state and its sorts (of a small section; below for a large one) read this index
            # alone, never the table's rows (bench/contributions.py: the count and the page of ids
            # of 10,000 contributions took 2.5 times longer reading each row's withdrawn_at).
            models.Index(
                # withdrawn_at (always null here) makes the index cover the query's own
                # condition: SQLite reads no row then.
                # PostgreSQL reads the page of ids from the index alone too (``id``).
                fields=["page", "kind", "state", "-created_at", "support_count", "withdrawn_at", "id"],
                condition=Q(withdrawn_at__isnull=True),
                name="wagtail_social_contrib_live",
            ),
            # The idea box's count of its default listing (every kind, any state): a narrow index,
            # which PostgreSQL stores deduplicated (12 pages for 10,000 contributions, 232 in the
            # one above, 513 in the table): its count of 10,000 contributions took 0.7 ms instead
            # of 1.7 on a new connection, which maps every page it reads.
            models.Index(
                fields=["page", "withdrawn_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="wagtail_social_contrib_count",
            ),
            # The idea box's page of ids in a large section, in the order it lists: the database
            # reads the index from its start and stops at the page's last row instead of sorting
            # every match (10,000 contributions: 0.7 ms to 0.01 on SQLite, 1.3 to 0.1 ms on
            # PostgreSQL); oldest first reads the first one backwards. A small section's rows may
            # lie anywhere in them: the box sorts a small listing by an expression no index serves
            # (``ideabox.sort_keys``). SQLite picks them only with statistics
            # (``wagtail_social.db_statistics``).
            models.Index(
                fields=["-created_at", "-id", "page", "kind", "state", "withdrawn_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="wagtail_social_contrib_newest",
            ),
            models.Index(
                fields=["-support_count", "-created_at", "-id", "page", "kind", "state", "withdrawn_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="wagtail_social_contrib_top",
            ),
            # The overdue listing: open questions by due date.
            models.Index(fields=["kind", "state", "answer_due_at"], name="wagtail_social_contrib_due"),
            # The participation figures (a kind's contributions in a range of days) and the
            # answer times (the questions asked in a range).
            models.Index(fields=["kind", "created_at"], name="wagtail_social_contrib_created"),
        ]

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("text"),
        index.FilterField("page"),
        index.FilterField("kind"),
        index.FilterField("state"),
        index.FilterField("withdrawn_at"),
    ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("wagtail_social_contributions:detail", args=[self.pk])

    @classmethod
    def get_indexed_objects(cls):
        """What the contribution features declare searchable (``feature.searchable_contributions``)."""
        return searchable_items(cls, super().get_indexed_objects())

    @property
    def feature(self) -> str:
        return FEATURE_OF_KIND[self.kind]

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, self.state))

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_hidden(self) -> bool:
        """Hidden by its reports until a moderator decides (its author still reads it)."""
        return self.hidden_at is not None and self.removed_at is None

    @property
    def takes_supports(self) -> bool:
        """An idea, not withdrawn, removed or hidden by reports, not done or declined: supports
        may be given and taken back."""
        return (
            self.kind == IDEA
            and not self.is_withdrawn
            and self.removed_at is None
            and self.hidden_at is None
            and self.merged_into_id is None
            and self.state not in FROZEN_IDEA_STATES
        )


class ContributionRevision(models.Model):
    """What a contribution said before an edit by its author."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("contribution")
    )
    title = models.CharField(_("title"), max_length=TITLE_COLUMN_LENGTH)
    text = models.TextField(_("text"))
    quote = models.TextField(_("quoted passage"), blank=True)
    editor = erasable_person(_("edited by"))
    edited_at = models.DateTimeField(_("edited at"), default=timezone.now)

    class Meta:
        verbose_name = _("contribution revision")
        verbose_name_plural = _("contribution revisions")
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"{self.contribution_id} before {self.edited_at:%Y-%m-%d %H:%M}"


class Support(models.Model):
    """One person supports one idea, once: the unique constraint decides, never a read before
    the write (``supports.add_support`` inserts with ``ON CONFLICT DO NOTHING``)."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="supports", verbose_name=_("idea")
    )
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "user"], name="wagtail_social_one_support_per_person"
            )
        ]
        # The participation figures: the supports of a range of days.
        indexes = [models.Index(fields=["created_at"], name="wagtail_social_support_created")]

    def __str__(self):
        return f"{self.user_id} supports {self.contribution_id}"


class StatusChange(models.Model):
    """A contribution moved from one state to another, with the public reason (required to
    decline), by whom and when: shown on the contribution."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("contribution")
    )
    from_state = models.CharField(_("from"), max_length=24, choices=STATE_CHOICES)
    to_state = models.CharField(_("to"), max_length=24, choices=STATE_CHOICES)
    reason = models.TextField(_("public reason"), blank=True)
    changed_by = erasable_person(_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_state=DECLINED) | ~Q(reason=""),
                name="wagtail_social_decline_has_a_reason",
            )
        ]
        indexes = [models.Index(fields=["contribution", "changed_at"], name="wagtail_social_status_changes")]

    def __str__(self):
        return f"{self.contribution_id}: {self.from_state} → {self.to_state}"


class AnswerReminder(models.Model):
    """A reminder to the page's managers that a question waits for its answer, scheduled when
    the question is asked (at half its target and at its target) and sent once: the sender
    claims it with a conditional ``UPDATE`` (``sent_at`` from empty), so two runs at once send
    it once (``answer_targets.send_due_reminders``)."""

    HALF, DUE = "half", "due"
    STAGE_CHOICES = [(HALF, _("Half the target delay")), (DUE, _("Target delay"))]

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("question")
    )
    stage = models.CharField(_("stage"), max_length=8, choices=STAGE_CHOICES)
    due_at = models.DateTimeField(_("due at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer reminder")
        verbose_name_plural = _("answer reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "stage"], name="wagtail_social_one_reminder_per_stage"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="wagtail_social_reminders_due")]

    def __str__(self):
        return f"{self.contribution_id} {self.stage} at {self.due_at:%Y-%m-%d %H:%M}"


from .models_managers import ContributionSettings, OfficialAnswer  # noqa: E402, F401
from .models_reports import ContributionReport  # noqa: E402, F401

# Comments, replies, flags, follow-ups and reactions attach to any contribution, under its page's
# access and policy (called here: the targets are final once the core is ready).
register_discussion_target(Contribution, page_field="page")
