"""Participation statistics over wagtail_social's records."""
