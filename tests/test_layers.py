"""The one rule of the layers that import contracts cannot express (they see modules, not names):
only ``wagtail_social.access`` (a package) reads ``PageViewRestriction`` and the live state of pages. The
other layers are import-linter contracts in ``setup.cfg``, run by ``make lint`` and ``make test``."""

import ast
from pathlib import Path

import wagtail_social
import wagtail_social_kpi
import wagtail_social_polls

ACCESS_PACKAGE = Path(wagtail_social.__file__).parent / "access"
RESTRICTION_NAMES = {"PageViewRestriction", "BaseViewRestriction", "get_view_restrictions"}


def our_modules():
    for package in (wagtail_social, wagtail_social_polls, wagtail_social_kpi):
        for path in sorted(Path(package.__file__).parent.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def reads_of_access_state(tree: ast.AST) -> list[str]:
    """Where a module names a view restriction, reads ``.live`` or filters on ``live``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in RESTRICTION_NAMES:
            found.append(f"line {node.lineno}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in RESTRICTION_NAMES | {"live"}:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] in RESTRICTION_NAMES:
            found.append(f"import of {node.name}")
        elif isinstance(node, ast.keyword) and node.arg is not None and node.arg.split("__")[0] == "live":
            found.append(f"line {node.value.lineno}: {node.arg}=")
    return found


def test_only_the_access_module_reads_view_restrictions_and_live_state():
    offenders = {}
    for path in our_modules():
        if ACCESS_PACKAGE in path.parents:
            continue
        found = reads_of_access_state(ast.parse(path.read_text(), str(path)))
        if found:
            offenders[str(path.relative_to(ACCESS_PACKAGE.parent.parent))] = found
    assert offenders == {}


def test_the_scan_finds_what_it_looks_for():
    """The rule above would pass vacuously if the scan saw nothing: it sees the access module."""
    found = [
        item
        for path in ACCESS_PACKAGE.glob("*.py")
        for item in reads_of_access_state(ast.parse(path.read_text()))
    ]
    assert any("PageViewRestriction" in item for item in found)
    assert any(".live" in item for item in found)
    assert any("live=" in item for item in found)
