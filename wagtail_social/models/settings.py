from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..features import VALUES_KEY
from ..switches import FeatureSwitchesPanel, SocialSettingsForm

MODERATION_PRE = "pre"
MODERATION_POST = "post"
MODERATION_CHOICES = [
    (MODERATION_POST, _("Post-moderation: published at once, moderated afterwards")),
    (MODERATION_PRE, _("Pre-moderation: held until a moderator approves")),
]


@register_setting(icon="comment")
class SocialSettings(BaseSiteSetting):
    """Site-wide defaults of the participation policy: what a page gets when neither it
    nor any ancestor sets a value. Features' defaults are stored by feature key in
    ``switches``; a feature the site has not set takes its registered default."""

    switches = models.JSONField(
        _("features on by default"),
        default=dict,
        blank=True,
        help_text=_(
            "Feature key → on (true) or off (false); a feature that is absent takes its own default."
        ),
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

    # The editing form adds one switch per registered feature (see ``switches``).
    base_form_class = SocialSettingsForm
    panels = [
        FieldPanel("moderation"),
        FieldPanel("max_depth"),
        FeatureSwitchesPanel(heading=_("Features")),
    ]

    class Meta:
        verbose_name = _("participation defaults")

    def default_for(self, feature) -> bool:
        """Whether ``feature`` (a registered ``Feature``) is on by default on this site."""
        value = (self.switches or {}).get(feature.key)
        return value if isinstance(value, bool) else feature.default

    def default_value(self, policy_value):
        """The site's default of a feature's policy value (a registered ``PolicyValue``), stored
        in ``switches`` under ``VALUES_KEY``; the feature's own default when the site sets none."""
        stored = (self.switches or {}).get(VALUES_KEY)
        own = policy_value.clean(stored.get(policy_value.name)) if isinstance(stored, dict) else None
        return policy_value.default if own is None else own
