from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

MODERATION_PRE = "pre"
MODERATION_POST = "post"
MODERATION_CHOICES = [
    (MODERATION_POST, _("Post-moderation: published at once, moderated afterwards")),
    (MODERATION_PRE, _("Pre-moderation: held until a moderator approves")),
]


@register_setting(icon="comment")
class SocialSettings(BaseSiteSetting):
    """Site-wide defaults of the participation policy: what a page gets when neither it
    nor any ancestor sets a value."""

    comments_enabled = models.BooleanField(
        _("comments enabled"),
        default=False,
        help_text=_("Comments on every page of the site unless a page or section says otherwise."),
    )
    moderation = models.CharField(
        _("moderation"),
        max_length=8,
        choices=MODERATION_CHOICES,
        default=MODERATION_POST,
    )
    max_depth = models.PositiveSmallIntegerField(
        _("reply depth"),
        default=2,
        help_text=_("How many levels of replies under a comment; 0 allows no replies."),
    )

    reactions_enabled = models.BooleanField(
        _("reactions enabled"),
        default=False,
        help_text=_(
            "Reactions (like, bravo…) on pages and comments unless a page or section says otherwise."
        ),
    )

    helpful_enabled = models.BooleanField(
        _("“Was this page helpful?” enabled"),
        default=False,
        help_text=_("Ask readers whether the page was helpful, unless a page or section says otherwise."),
    )

    polls_enabled = models.BooleanField(
        _("polls enabled"),
        default=True,
        help_text=_("Polls embedded in pages are shown, unless a page or section switches them off."),
    )

    class Meta:
        verbose_name = _("participation defaults")
