from django.apps import AppConfig


class IntranetConfig(AppConfig):
    name = "example_site.intranet"
    label = "intranet"
    verbose_name = "Intranet Groupe Exemple"
    default_auto_field = "django.db.models.BigAutoField"
