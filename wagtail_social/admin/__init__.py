"""The core's screens in the Wagtail admin: the "Participation" page action (``policy``), the
moderators' queue (``moderation``) and the helpfulness reports (``reports``), with their URLs
(``urls``). Mounted and registered by ``wagtail_social/wagtail_hooks.py``; the rules they apply
live in the domain modules (``moderation``, ``policy``, ``access``). Kept empty of imports:
``django.contrib.admin`` autodiscovers ``<app>.admin``."""
