"""The KPI app's admin screens (mounted by ``wagtail_hooks.py``)."""
