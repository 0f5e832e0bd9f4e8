from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A feature of the host site, declared like the suite's own (see docs/design.md,
        # "How to add a feature"): a switch editors set per page or section, and nothing else.
        from .features import register_kudos

        register_kudos()
