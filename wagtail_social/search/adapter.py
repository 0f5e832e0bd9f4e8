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


# Indexing speed: whoosh-reloaded 2.7.5 (and whoosh-ng 5.4.0) look a field's length up for every
# posting they flush or merge (``W3PerDocReader.doc_field_length``), and a field that stores no
# lengths (``ID``, ``KEYWORD``, numbers: every field but the scored ``TEXT`` ones) has no column
# file, which ``_cached_reader`` does not remember: one ``stat()`` per posting, about half of a
# rebuild's time. :class:`SegmentWriter` tells the reader once which length columns are absent.
# Nothing changes on disk (the segments, TOC and pickled schema are whoosh's own: plain
# whoosh-reloaded reads the index); a codec other than whoosh 3's is left alone.
from whoosh.codec.whoosh3 import W3PerDocReader, _lenfield  # noqa: E402


def remember_missing_lengths(perdoc, schema) -> None:
    """Record in a whoosh 3 per-document reader that the fields of ``schema`` without a length
    column have none, so that ``doc_field_length`` stops asking the file system per posting."""
    if not isinstance(perdoc, W3PerDocReader):
        return
    readers = perdoc._readers  # whoosh's own cache: name → column reader, now also → None
    for name in schema.names():
        lengths = _lenfield(name)
        if lengths not in readers and not perdoc.has_column(lengths):
            readers[lengths] = None


class SegmentWriter(writing.SegmentWriter):
    """whoosh's writer (one segment per commit, its merge policy), flushing and merging without
    a ``stat()`` per posting (see :func:`remember_missing_lengths`)."""

    def per_document_reader(self):
        perdoc = super().per_document_reader()
        remember_missing_lengths(perdoc, self.schema)
        return perdoc

    def add_reader(self, reader):
        perdoc = getattr(reader, "_perdoc", None)  # a segment being merged into this one
        if perdoc is not None:
            remember_missing_lengths(perdoc, reader.schema)
        super().add_reader(reader)


def writer(ix, **kwargs) -> SegmentWriter:
    """A :class:`SegmentWriter` of the index ``ix`` (``ix.writer(**kwargs)`` with one process)."""
    return SegmentWriter(ix, **kwargs)


__all__ += ["SegmentWriter", "remember_missing_lengths", "writer"]
