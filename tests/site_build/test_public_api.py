"""The MkDocs adapter uses MkDocs, Python-Markdown and Jinja through their public names only; a private
one (a name starting with "_") is allowed in truenorth/mkdocs_plugin/speedups/ alone, where each use is
optional, switchable in mkdocs.yml and checked at run time against the plain path.

Read from the source (ast): no import of a private module or name of mkdocs, markdown or jinja2 in any
module of the package outside speedups/, and, in the modules that import one of them, no attribute
with a private name read or set on anything but the module's own objects (self, cls)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import truenorth

PACKAGE = Path(truenorth.__file__).parent
LIBRARIES = ("mkdocs", "markdown", "jinja2")
SPEEDUPS = PACKAGE / "mkdocs_plugin" / "speedups"


def _private(name: str) -> bool:
    return name.startswith("_") and name != "__init__"


def private_uses(source: str) -> list[str]:
    """Each private name of mkdocs, markdown or jinja2 that source imports or reads, with its line."""
    tree = ast.parse(source)
    found: list[str] = []
    imports_library = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] in LIBRARIES:
                    imports_library = True
                    if any(_private(part) for part in parts):
                        found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] in LIBRARIES:
                imports_library = True
                names = [alias.name for alias in node.names]
                if any(_private(part) for part in parts) or any(_private(name) for name in names):
                    found.append(f"{node.lineno}: from {node.module} import {', '.join(names)}")
    if imports_library:
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _private(node.attr) and not node.attr.endswith("__"):
                owner = node.value
                if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                    found.append(f"{node.lineno}: .{node.attr}")
    return found


def _modules() -> list:
    return [pytest.param(path, id=path.relative_to(PACKAGE).as_posix())
            for path in sorted(PACKAGE.rglob("*.py")) if not path.is_relative_to(SPEEDUPS)]


@pytest.mark.parametrize("path", _modules())
def test_no_private_name_of_mkdocs_markdown_or_jinja_outside_the_speedups(path):
    assert private_uses(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_the_private_names_the_speedups_use():
    """The scan is the one that sees them: every speedup that needs a private name is found by it."""
    assert private_uses("from mkdocs.__main__ import ColorFormatter\n") != []
    assert private_uses("import mkdocs.structure.pages\nx = page._title_from_render\n") != []
    assert private_uses("import markdown\nself._md = md\n") == []
    for name in ("shared_converter.py", "child_templates.py"):
        assert private_uses((SPEEDUPS / name).read_text(encoding="utf-8")) != [], name
