"""The KPI app's admin screens: the dashboard (``dashboard.py``) and the reports (``reports.py``);
``wagtail_hooks.py`` mounts and registers them."""
