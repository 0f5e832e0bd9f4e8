"""The editors' side of polls in the Wagtail admin: the snippet viewset, its form, the results
view and the exports. Mounted by ``wagtail_social_polls/wagtail_hooks.py``."""
