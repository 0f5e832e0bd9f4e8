"""“Was this page helpful?”: one answer per person and page, which the person may change."""

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class HelpfulVote(models.Model):
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    helpful = models.BooleanField(_("helpful"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("helpfulness answer")
        verbose_name_plural = _("helpfulness answers")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="wagtail_social_one_helpful_vote")
        ]

    def __str__(self):
        return f"{self.page_id}: {'yes' if self.helpful else 'no'}"

    @property
    def answer(self) -> str:
        return str(_("Yes") if self.helpful else _("No"))
