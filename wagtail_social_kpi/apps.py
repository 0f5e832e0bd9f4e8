from django.apps import AppConfig
from django.core.checks import Tags, register
from django.utils.translation import gettext_lazy as _


class WagtailSocialKpiConfig(AppConfig):
    name = "wagtail_social_kpi"
    label = "wagtail_social_kpi"
    verbose_name = _("Participation statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .checks import check_settings
        from .feature import register_contributor_list

        register(check_settings, Tags.compatibility)
        register_contributor_list()
