"""Employee contributions: ideas, questions and suggestions on the pages they read.

An installable app inside the core's package (``wagtail_social.contributions``, app label
``wagtail_social_contributions``) that registers with the core like any feature: the core never
imports it. See ``docs/contributions.md``.
"""
