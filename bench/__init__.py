"""Benchmarks of wagtail-social (scripts, not tests): ``make bench`` runs them."""
