"""The only module that imports whoosh.

We ship ``whoosh-reloaded`` (pinned in ``setup.cfg``), which its maintainers no longer develop;
maintained forks (``whoosh-ng``) import as ``whoosh`` too. Everything the search app uses of
whoosh is named here, so a move to a fork, or a fork's renamed module, is a change of this file
alone (``tests/search/test_adapter.py`` checks that no other module imports whoosh).

Index schemas are pickled by whoosh into the index folder, with the import paths of their
analyzers: the analyzers live in :mod:`wagtail_social.search.analysis` and must keep their
paths. The index folder must be trusted like the code (unpickling runs code).
"""

from __future__ import annotations

import whoosh
from whoosh import (
    analysis,
    collectors,
    columns,
    fields,
    highlight,
    index,
    qparser,
    query,
    scoring,
    searching,
    sorting,
    spelling,
    writing,
)
from whoosh.analysis.analyzers import CompositeAnalyzer  # not in whoosh.analysis in whoosh-ng
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import EmptyIndexError, LockError
from whoosh.lang.snowball import classes as snowball_stemmers
from whoosh.support.charset import accent_map

__all__ = [
    "CompositeAnalyzer",
    "EmptyIndexError",
    "FileStorage",
    "LockError",
    "RamStorage",
    "accent_map",
    "analysis",
    "collectors",
    "columns",
    "distribution",
    "fields",
    "highlight",
    "index",
    "qparser",
    "query",
    "scoring",
    "searching",
    "snowball_stemmers",
    "sorting",
    "spelling",
    "version",
    "writing",
]


def version() -> str:
    """The whoosh version in use, as ``social_search_check`` and the bench report it."""
    return whoosh.versionstring()


def distribution() -> str:
    """Which distribution provides ``whoosh`` (``whoosh-reloaded``, ``whoosh-ng``…)."""
    from importlib.metadata import packages_distributions

    return ", ".join(packages_distributions().get("whoosh", [])) or "unknown"
