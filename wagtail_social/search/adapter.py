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


# A rebuild on several processes: whoosh's own ``MpWriter`` (``ix.writer(procs=N,
# multisegment=True)``) hands batches of documents to worker processes, each of which analyses
# them and writes a segment of its own; the commit lists the segments in one table of contents.
# Below, the workers write through :class:`SegmentWriter` and stop when their parent dies; a
# worker that fails fails the commit (whoosh waits forever for it, or leaves its segment out
# silently); they are killed on cancel; a rebuild too small to fill a batch is written in this
# process. Workers are spawned, never forked: the process rebuilding may run threads (a fork
# can deadlock the child; Python 3.12 warns) and hold database connections. As with any spawned
# process, Python imports the caller's main module again in each worker: a script that
# rebuilds the index keeps its work under ``if __name__ == "__main__":`` (``manage.py`` does).
import multiprocessing  # noqa: E402
import os  # noqa: E402
import pickle  # noqa: E402
import queue as queues  # noqa: E402

from whoosh.multiproc import MpWriter  # noqa: E402
from whoosh.util import random_name  # noqa: E402

_spawning = multiprocessing.get_context("spawn")
WAIT_SECONDS = 1  # between two looks at the workers while waiting on them


class WorkerFailed(RuntimeError):
    """A worker process of a rebuild stopped without writing its segment."""


class _Worker(_spawning.Process):
    """One worker of :class:`ParallelWriter`: a spawned process writing one segment from the
    batches of documents it is given (files in the writer's temporary storage), then sending
    the segment back. Ours rather than whoosh's ``SubWriterTask``, whose arguments differ
    between whoosh-reloaded and whoosh-ng."""

    def __init__(self, storage, indexname: str, jobs, results, writer_arguments: dict):
        super().__init__(daemon=True)  # ended with its parent when the parent exits normally
        self.storage, self.indexname = storage, indexname
        self.jobs, self.results, self.writer_arguments = jobs, results, writer_arguments
        self.parent = os.getpid()

    def run(self):
        index = self.storage.open_index(self.indexname)
        writer = SegmentWriter(index, _lk=False, **self.writer_arguments)
        while True:
            try:
                job = self.jobs.get(timeout=WAIT_SECONDS)
            except queues.Empty:
                if os.getppid() != self.parent:  # the parent was killed: nobody will commit
                    writer.cancel()
                    return
                continue
            if job is None:
                break
            filename, count = job
            storage = writer.temp_storage()
            with storage.open_file(filename).raw_file() as file:
                for _ in range(count):
                    writer.add_document(**pickle.load(file))
            storage.delete_file(filename)
        fieldnames = writer.pool.fieldnames
        self.results.put((fieldnames, writer._finalize_segment()))


class ParallelWriter(MpWriter, SegmentWriter):
    """A rebuild's writer on ``procs`` worker processes (see above). Documents whose unique
    field repeats one already given are written again after the commit (``update_document``
    keeps the last), since a worker cannot delete from another's segment."""

    def __init__(self, ix, procs: int, batchsize: int = 256, **kwargs):
        super().__init__(ix, procs=procs, batchsize=batchsize, multisegment=True, **kwargs)
        self._ix = ix
        self.jobqueue = _spawning.Queue(self.procs * 2)
        self.resultqueue = _spawning.Queue()
        self._unique = [name for name, field in self.schema.items() if field.unique]
        self._given: set = set()
        self._again: list[dict] = []

    def _new_task(self):
        arguments = dict(self.subargs)
        if getattr(self, "tempname", None):  # whoosh-ng: the workers share the writer's folder
            arguments["tempname"] = self.tempname
        task = _Worker(self.storage, self.indexname, self.jobqueue, self.resultqueue, arguments)
        self.tasks.append(task)
        task.start()
        return task

    def _check_workers(self) -> None:
        for task in self.tasks:
            if task.exitcode not in (None, 0):
                raise WorkerFailed(
                    f"A worker process of the index rebuild stopped (exit code {task.exitcode})."
                )

    def _put(self, job) -> None:
        while True:
            try:
                return self.jobqueue.put(job, timeout=WAIT_SECONDS)
            except queues.Full:
                self._check_workers()

    def _enqueue(self):
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as file:
            for _code, fields in self.docbuffer:
                pickle.dump(fields, file, pickle.HIGHEST_PROTOCOL)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put((filename, len(self.docbuffer)))
        self.docbuffer = []

    def _segment_of_a_worker(self):
        while True:
            try:
                return self.resultqueue.get(timeout=WAIT_SECONDS)[1]
            except queues.Empty:
                self._check_workers()
                if all(task.exitcode == 0 for task in self.tasks):  # every one is done
                    raise WorkerFailed("A worker process of the index rebuild wrote no segment.") from None

    def update_document(self, **fields):
        keys = [(name, fields[name]) for name in self._unique if name in fields]
        if any(key in self._given for key in keys):
            self._again.append(fields)
            return
        self._given.update(keys)
        self.add_document(**fields)

    def _commit(self, mergetype, optimize, merge):
        if not self.tasks:  # too few documents to fill a batch: no process is worth starting
            for _code, fields in self.docbuffer:
                SegmentWriter.add_document(self, **fields)
            self.docbuffer = []
            SegmentWriter.commit(self, mergetype=mergetype, optimize=optimize, merge=merge)
        else:
            if self.docbuffer:
                self._enqueue()
            for _task in self.tasks:
                self._put(None)
            segments = self._merge_segments(mergetype, optimize, merge)
            segments += [self._segment_of_a_worker() for _task in self.tasks]
            for task in self.tasks:
                task.join()
            self._close_segment()  # this process added no document of its own
            self._commit_toc(segments)
            self._finish()
        if self._again:
            again = SegmentWriter(self._ix)
            for fields in self._again:
                again.update_document(**fields)
            again.commit(merge=False)

    def cancel(self):
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
                task.join()
        self.tasks = []
        SegmentWriter.cancel(self)


__all__ += [
    "ParallelWriter",
    "WorkerFailed",
    "SegmentWriter",
    "remember_missing_lengths",
    "writer",
]
