from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSocialContributionsConfig(AppConfig):
    name = "wagtail_social.contributions"
    label = "wagtail_social_contributions"
    verbose_name = _("Contributions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .answer_targets import connect_signals as connect_answer_signals
        from .feature import register_contribution_features
        from .labels import connect_signals as connect_label_signals
        from .notification_kinds import register_contribution_kinds
        from .supports import connect_signals

        register_contribution_features()
        register_contribution_kinds()
        connect_signals()
        connect_answer_signals()
        connect_label_signals()
        from .queue_source import register as register_queue_source

        register_queue_source()
        from .report_queue import register as register_report_queue_source

        register_report_queue_source()
        from django.utils.translation import gettext_lazy as _

        from wagtail_social.sections import register_section_permission

        from .managers import PERMISSION

        register_section_permission(PERMISSION, _("Manage contributions"))
