"""The analysis chains of the index, per language.

STUB (issue 12, part "analysis"): whoosh's own stemming analyzer. The part "analysis" replaces
the inside (elision, ligatures, accent and case folding, stop words, Snowball stemming per
language; n-grams without stemming for autocomplete) and keeps the two functions, which the
backend calls when it builds a schema. Analyzers are pickled into the index's schema by import
path: once shipped, a class or function here keeps its name and module.
"""

from __future__ import annotations

from . import adapter


def text_analyzer(language: str):
    """The analyzer of full-text fields for ``language`` ("fr", "en"…)."""
    return adapter.analysis.StemmingAnalyzer()


def autocomplete_analyzer(language: str):
    """The analyzer of autocomplete fields: n-grams of words, not stemmed."""
    return adapter.analysis.NgramWordAnalyzer(minsize=2, maxsize=15)
