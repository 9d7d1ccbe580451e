"""The cache is a plug-in of the check: the loader never imports it, and neither does a check without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import truenorth

PACKAGE = Path(truenorth.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function (TYPE_CHECKING blocks included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_module_of_the_loader_imports_the_cache():
    loader = sorted((PACKAGE / "load").rglob("*.py"))
    assert loader
    for path in loader:
        cache = {name for name in _imports(path) if name == "truenorth.cache" or name.startswith("truenorth.cache.")}
        assert not cache, f"{path.relative_to(PACKAGE)} imports {sorted(cache)}"


@pytest.mark.parametrize("module", ["truenorth.load", "truenorth.load.organisation", "truenorth.check"])
def test_importing_the_loader_or_the_check_loads_no_part_of_the_cache(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('truenorth.cache')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_a_check_without_cache_loads_no_part_of_it(org_factory):
    root = org_factory()
    code = ("import sys\nfrom click.testing import CliRunner\nfrom truenorth.cli import cli\n"
            f"done = CliRunner().invoke(cli, ['check', '--root', {str(root)!r}, '--no-cache'])\n"
            "print(done.exit_code, sorted(m for m in sys.modules if m.startswith('truenorth.cache')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "0 []"
