"""Polls and pulse surveys embedded in Wagtail pages (see issue: polls)."""
