"""The KPI app's admin screens; ``wagtail_hooks.py`` mounts and registers them."""
