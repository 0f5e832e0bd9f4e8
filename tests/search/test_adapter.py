"""whoosh is imported in one module only, so that moving to another distribution of whoosh is a
change of that one file (issue 12)."""

import ast
from pathlib import Path

import wagtail_social
import wagtail_social_kpi
import wagtail_social_polls
from wagtail_social.search import adapter

PACKAGES = [
    Path(module.__file__).parent for module in (wagtail_social, wagtail_social_polls, wagtail_social_kpi)
]


def whoosh_importers() -> set[str]:
    found = set()
    for package in PACKAGES:
        for path in package.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                if any(name == "whoosh" or name.startswith("whoosh.") for name in names):
                    found.add(str(path.relative_to(package.parent)))
    return found


def test_only_the_adapter_imports_whoosh():
    assert whoosh_importers() == {str(Path("wagtail_social") / "search" / "adapter.py")}


def test_the_adapter_names_the_distribution_and_version_in_use():
    assert adapter.distribution().lower().startswith("whoosh")
    assert adapter.version().count(".") >= 1


def _write(folder: Path, writer_of, count: int = 60) -> None:
    schema = adapter.fields.Schema(
        id=adapter.fields.ID(stored=True, unique=True),
        tags=adapter.fields.KEYWORD(),
        body=adapter.fields.TEXT(),
    )
    ix = adapter.index.create_in(str(folder), schema)
    writer = writer_of(ix)
    for number in range(count):
        words = " ".join(["alpha"] * (number % 7 + 1) + ["beta"] * (number % 3))
        writer.add_document(id=str(number), tags=f"t{number % 5} all", body=words)
    writer.commit()


def _lengths_and_scores(folder: Path) -> tuple[list, list]:
    ix = adapter.index.open_dir(str(folder))  # whoosh's own reader, as plain whoosh opens it
    with ix.searcher() as searcher:
        lengths = [searcher.doc_field_length(docnum, "body") for docnum in range(searcher.doc_count())]
        hits = searcher.search(adapter.query.Term("body", "beta"), limit=None)
        scores = sorted((hit["id"], round(hit.score, 9)) for hit in hits)
        tagged = sorted(hit["id"] for hit in searcher.search(adapter.query.Term("tags", "t2"), limit=None))
    return lengths, scores + tagged


def test_the_writer_makes_the_index_whoosh_s_own_writer_makes(tmp_path):
    """The adapter's writer changes how a segment is flushed, not what is written: an index it
    wrote reads, under whoosh's own classes, like one whoosh's writer wrote."""
    (tmp_path / "ours").mkdir()
    (tmp_path / "whoosh").mkdir()
    _write(tmp_path / "ours", adapter.writer)
    _write(tmp_path / "whoosh", lambda ix: ix.writer())
    assert _lengths_and_scores(tmp_path / "ours") == _lengths_and_scores(tmp_path / "whoosh")
    toc = next((tmp_path / "ours").glob("_*.toc")).read_bytes()
    assert b"wagtail_social" not in toc  # nothing of ours pickled: whoosh alone can open it


def test_the_writer_does_not_ask_the_file_system_per_posting(tmp_path, monkeypatch):
    """whoosh asks whether a field's length column exists for every posting it flushes (a
    ``stat()`` each) and remembers only the columns that exist; the adapter's writer tells it
    once per field (``remember_missing_lengths``), for a flush and for a merge of segments."""
    asked = []
    original = adapter.FileStorage.file_exists

    def counting(self, name):
        asked.append(name)
        return original(self, name)

    monkeypatch.setattr(adapter.FileStorage, "file_exists", counting)
    (tmp_path / "ours").mkdir()
    _write(tmp_path / "ours", adapter.writer, count=200)
    ours = len(asked)
    asked.clear()
    ix = adapter.index.open_dir(str(tmp_path / "ours"))
    writer = adapter.writer(ix)
    writer.add_document(id="new", tags="t1", body="alpha")
    writer.commit(optimize=True)  # merges the first segment into the new one
    merged = len(asked)
    asked.clear()
    (tmp_path / "whoosh").mkdir()
    _write(tmp_path / "whoosh", lambda ix: ix.writer(), count=200)
    assert ours < 20 and merged < 40  # a few per field, not one per posting or document
    assert len(asked) > 400  # whoosh's own writer: the postings of "id" and "tags"
