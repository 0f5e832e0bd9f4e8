from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailSocialKpiConfig(AppConfig):
    name = "wagtail_social_kpi"
    label = "wagtail_social_kpi"
    verbose_name = _("Participation statistics")
    default_auto_field = "django.db.models.BigAutoField"
