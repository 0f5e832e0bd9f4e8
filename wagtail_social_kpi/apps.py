from django.apps import AppConfig
from django.core.checks import Tags, register
from django.utils.translation import gettext_lazy as _


class WagtailSocialKpiConfig(AppConfig):
    name = "wagtail_social_kpi"
    label = "wagtail_social_kpi"
    verbose_name = _("Participation statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_social.signals import page_views_will_be_purged

        from .checks import check_settings
        from .feature import register_contributor_list
        from .monthly import close_before_purge

        register(check_settings, Tags.compatibility)
        register_contributor_list()
        # Closed months' figures are stored before the purge deletes their reading records.
        page_views_will_be_purged.connect(close_before_purge, dispatch_uid="wagtail_social_kpi.monthly")
