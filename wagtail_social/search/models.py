"""The search app's tables: index updates not written yet, so that none is lost silently
(:class:`PendingIndexUpdate`), and subtrees whose access changed since they were indexed
(:class:`~wagtail_social.search.pending.StaleAccess`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pending import StaleAccess

__all__ = ["PendingIndexUpdate", "StaleAccess"]


class PendingIndexUpdate(models.Model):
    """An index update kept for a later write (:mod:`wagtail_social.search.writer_tasks`).

    Two reasons put a row here: the write failed after every attempt (``failed_at`` and
    ``last_error`` say when and why), or it was written while a rebuild was building the next
    generation, which may have read the database before the change: it is written again into the
    new generation after the swap. Applying an update is idempotent (it re-reads the rows), so a
    row replayed twice does no harm; rows go once written."""

    index_name = models.CharField(_("index"), max_length=20)
    model_label = models.CharField(_("model"), max_length=150)
    pks = models.JSONField(_("primary keys"))
    action = models.CharField(_("action"), max_length=10)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    failed_at = models.DateTimeField(_("last failed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending search index update")
        verbose_name_plural = _("pending search index updates")
        indexes = [models.Index(fields=["index_name", "id"], name="wss_pending_index_idx")]

    def __str__(self) -> str:
        return f"{self.index_name}: {self.action} {self.model_label} {self.pks}"
