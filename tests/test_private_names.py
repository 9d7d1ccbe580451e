"""No module of truenorth uses another package's private name (`_name`): what one module needs from
another is public, so a refactoring inside a module cannot silently break a caller elsewhere.

A private name may be used inside its own package (load/files.py importing load/_fastwalk, the C
walk beside it). Read with ast from the source: imports (`from truenorth.x import _y`) and
attributes of imported truenorth modules (`yaml_nodes._fastyaml`).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(module: str) -> str:
    """The package a module belongs to: itself for a package, else its parent."""
    return module if (SRC / module.replace(".", "/") / "__init__.py").is_file() else module.rpartition(".")[0]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(path: Path) -> list[str]:
    """`file:line: name` for each private name of another truenorth package that the file uses."""
    here = _package_of(_module_name(path))
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: dict[str, str] = {}  # local name -> the truenorth module it is
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("truenorth"):
            for alias in node.names:
                if _private(alias.name) and _package_of(node.module) != here:
                    uses.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.module}.{alias.name}")
                full = f"{node.module}.{alias.name}"
                if (SRC / full.replace(".", "/")).with_suffix(".py").is_file() or (SRC / full.replace(".", "/")).is_dir():
                    modules[alias.asname or alias.name] = full
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("truenorth") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                and node.value.id in modules and _package_of(modules[node.value.id]) != here):
            uses.append(f"{path.relative_to(SRC)}:{node.lineno}: {modules[node.value.id]}.{node.attr}")
    return uses


def test_no_module_uses_a_private_name_of_another_package():
    uses = [use for path in sorted((SRC / "truenorth").rglob("*.py")) for use in private_uses(path)]
    assert uses == []


def test_the_check_finds_such_a_use(tmp_path, monkeypatch):
    """The scan itself: a module of the cache importing the check's private name is reported."""
    fake_src = tmp_path / "src"
    for package in ("truenorth", "truenorth/cache", "truenorth/load"):
        (fake_src / package).mkdir(parents=True)
        (fake_src / package / "__init__.py").write_text("", encoding="utf-8")
    (fake_src / "truenorth/check.py").write_text("def _hidden(): pass\n", encoding="utf-8")
    (fake_src / "truenorth/load/yaml_nodes.py").write_text("_fast = None\n", encoding="utf-8")
    (fake_src / "truenorth/load/files.py").write_text("from truenorth.load import yaml_nodes\nyaml_nodes._fast\n",
                                                      encoding="utf-8")
    user = fake_src / "truenorth/cache/edits.py"
    user.write_text("from truenorth.check import _hidden\nfrom truenorth.load import yaml_nodes\n"
                    "print(yaml_nodes._fast)\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "SRC", fake_src)
    assert private_uses(user) == ["truenorth/cache/edits.py:1: truenorth.check._hidden",
                                  "truenorth/cache/edits.py:3: truenorth.load.yaml_nodes._fast"]
    assert private_uses(fake_src / "truenorth/load/files.py") == []  # inside its own package
