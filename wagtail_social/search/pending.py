"""Pages whose view rules changed since the index last followed them (see
:mod:`wagtail_social.search.permissions`): the short list the query-time filter reads."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaleAccess(models.Model):
    """One change of the view rules over ``page_id`` (and its subtree) that may hide it from
    someone, written in the change's own transaction, and deleted once the subtree's items are
    re-indexed. Until then, searches exclude the subtree for whoever may not see the page now.

    A plain id, not a foreign key: a page being deleted writes one too, and its items stay
    excluded until the index has dropped them."""

    page_id = models.IntegerField(_("page id"), db_index=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stale access of a page in the search index")
        verbose_name_plural = _("stale access of pages in the search index")

    def __str__(self) -> str:
        return f"page {self.page_id} since {self.changed_at:%Y-%m-%d %H:%M:%S}"
