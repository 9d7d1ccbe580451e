"""A copy of the sample repository to edit, and the bytes of every goals file in it."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO_ROOT


def sample_copy(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    for part in ("goals", "playbook"):
        shutil.copytree(REPO_ROOT / part, root / part)
    shutil.copy(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under goals/ (hidden ones too: a temporary file left behind would show), by path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "goals").rglob("*")) if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """(lines only in before, lines only in after), from a line diff."""
    import difflib

    removed, added = [], []
    for line in difflib.ndiff(before.decode().splitlines(), after.decode().splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added
