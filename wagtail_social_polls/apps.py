from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSocialPollsConfig(AppConfig):
    name = "wagtail_social_polls"
    label = "wagtail_social_polls"
    verbose_name = _("Polls")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .feature import register_polls_feature
        from .signals import connect

        register_polls_feature()
        connect()
