"""The KPI app's permissions, the consents to the "most active contributors" list, and the
monthly figures of closed months (counts only, k-anonymous at rest), which survive the purge of
reading records. Every other figure is computed from the features' records when asked."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ParticipationFigures(models.Model):
    """Holds the named permissions of the participation figures (no table): offered in
    Wagtail's group screen like any model's."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_participation", _("Can see the participation figures")),
            ("export_participation", _("Can export the participation figures")),
        ]
        verbose_name = _("participation figures")
        verbose_name_plural = _("participation figures")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ContributorListConsent(models.Model):
    """A person's consent to appear in the "most active contributors" list.

    Nobody is in the list by default (DESIGN.md: no per-employee ranking unless opted in). The
    row exists while the consent does: opting out deletes it, so nothing is kept about a consent
    withdrawn; deleting the account deletes it too. ``opted_in_at`` records when the person said
    yes, which is what a works council or a DPO asks to see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contributor_list_consent",
        verbose_name=_("person"),
    )
    opted_in_at = models.DateTimeField(_("opted in at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent to the contributors list")
        verbose_name_plural = _("consents to the contributors list")

    def __str__(self) -> str:
        return str(self.user)


class MonthlyFigures(models.Model):
    """The figures of one closed calendar month for the whole population or one department,
    kept so that they survive the purge of reading records (``wagtail_social_kpi.monthly``).

    Counts only, already k-anonymous: a withheld cell is NULL and its name is in ``suppressed``
    (with ``"fewer_than_k"`` or ``"complementary"``), never the small number. Written once per
    month and scope, never updated: the records it came from may be gone."""

    ALL = "all"
    DEPARTMENT = "department"
    SCOPES = [(ALL, _("whole population")), (DEPARTMENT, _("department"))]
    COUNTS = ("population", "activation", "readers", "regular_readers", "active_contributors", "engaged")

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    scope = models.CharField(_("scope"), max_length=16, choices=SCOPES)
    department = models.CharField(
        _("department"), max_length=150, blank=True, help_text=_("Empty: people with no department.")
    )
    population = models.PositiveIntegerField(_("population"), null=True)
    activation = models.PositiveIntegerField(_("activated people"), null=True)
    readers = models.PositiveIntegerField(_("readers"), null=True)
    regular_readers = models.PositiveIntegerField(_("regular readers"), null=True)
    active_contributors = models.PositiveIntegerField(_("active contributors"), null=True)
    engaged = models.PositiveIntegerField(_("engaged people"), null=True)
    suppressed = models.JSONField(_("withheld cells"), default=dict, blank=True)
    k = models.PositiveSmallIntegerField(_("k"))
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["month", "scope", "department"], name="kpi_monthly_once"),
        ]
        ordering = ["month", "scope", "department"]
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.scope} {self.department}".strip()
