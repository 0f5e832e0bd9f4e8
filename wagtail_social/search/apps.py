from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSocialSearchConfig(AppConfig):
    name = "wagtail_social.search"
    label = "wagtail_social_search"
    verbose_name = _("Participation search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the replay of updates written during a rebuild to the rebuild's swap.
        from . import writer_tasks  # noqa: F401
        from .backend import register_configured
        from .reindexing import connect

        connect()
        # The writer tasks write for the configured whoosh backend, in every process.
        register_configured()
