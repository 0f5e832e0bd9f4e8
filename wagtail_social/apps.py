from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSocialConfig(AppConfig):
    name = "wagtail_social"
    label = "wagtail_social"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .access import changes as access_changes
        from .builtin_features import register_core_features
        from .charter import connect_signals as connect_charter_signals
        from .charter import register_charter_feature
        from .generation import connect_signals
        from .mentions import connect_signals as connect_mention_signals
        from .moderation import register_moderator
        from .notification_kinds import register_core_kinds
        from .reactions import connect_signals as connect_reaction_signals
        from .searching import connect_signals as connect_search_signals

        register_core_features()
        register_moderator()
        register_core_kinds()
        connect_mention_signals()
        connect_signals()
        access_changes.connect()
        connect_reaction_signals()
        register_charter_feature()
        connect_charter_signals()
        connect_search_signals()
        from .comment_admin import replace_comment_admin

        replace_comment_admin()
        from .moderation_notices import connect_signals as connect_moderation_notices

        connect_moderation_notices()
