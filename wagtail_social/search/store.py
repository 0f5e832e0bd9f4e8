"""Where an index lives on disk, and the only way to write to it.

STUB (issue 12, part "store"): a single folder per index, plain whoosh writer. The part "store"
replaces the inside of this module (generations swapped atomically, a writer that waits on the
lock with a timeout and retries, a stale lock recovered) and keeps this interface, which the
backend codes against:

* ``IndexStore(name, root=None)``: one index (``name`` is "fr", "en"…) in ``root``
  (``settings.INDEX_DIR`` by default);
* ``exists()``, ``open()`` (the index searches read; raises ``adapter.EmptyIndexError``),
  ``create(schema)``;
* ``writer()``: a context manager yielding a whoosh writer, committed on exit, cancelled on an
  exception;
* ``rebuild(schema)``: a context manager yielding a writer into a new index beside the current
  one; on success the new index replaces the current one, searches answering from the old until
  then.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import adapter
from .conf import settings


class IndexStore:
    def __init__(self, name: str, root: Path | None = None):
        self.name = name
        self.root = Path(root) if root is not None else settings.INDEX_DIR
        self.path = self.root / name

    def exists(self) -> bool:
        return self.path.is_dir() and adapter.index.exists_in(str(self.path))

    def open(self):
        if not self.path.is_dir():
            raise adapter.EmptyIndexError(f"No index in {self.path}.")
        return adapter.index.open_dir(str(self.path))

    def create(self, schema):
        self.path.mkdir(parents=True, exist_ok=True)
        return adapter.index.create_in(str(self.path), schema)

    @contextmanager
    def writer(self) -> Iterator:
        writer = self.open().writer()
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    @contextmanager
    def rebuild(self, schema) -> Iterator:
        building = self.root / f"{self.name}.building"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        writer = adapter.index.create_in(str(building), schema).writer()
        try:
            yield writer
        except BaseException:
            writer.cancel()
            shutil.rmtree(building, ignore_errors=True)
            raise
        writer.commit()
        shutil.rmtree(self.path, ignore_errors=True)
        building.rename(self.path)
