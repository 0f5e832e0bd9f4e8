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
