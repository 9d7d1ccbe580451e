"""scripts/page_snapshot.py: every generated page's Markdown saved, then compared byte for byte (the check that
a change meant only to make the pages faster leaves them as they were)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import make_org

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "page_snapshot.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_the_same_pages_compare_equal_and_a_changed_title_is_shown(tmp_path):
    root = make_org(tmp_path)
    saved = tmp_path / "before"
    made = _run("--root", str(root), "--save", str(saved))
    assert made.returncode == 0, made.stderr
    assert (saved / "pages" / "cascade" / "people" / "cat.md").is_file()
    same = _run("--root", str(root), "--compare", str(saved))
    assert same.returncode == 0, same.stdout + same.stderr
    assert " 0 changed, 0 missing, 0 new" in same.stdout

    person = root / "goals" / "people" / "cat.yaml"
    text = person.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    person.write_text(text.replace(title, title + " again", 1), encoding="utf-8")
    changed = _run("--root", str(root), "--compare", str(saved))
    assert changed.returncode == 1
    assert "changed: cascade/people/cat.md" in changed.stdout
    assert "+" in changed.stdout and " again" in changed.stdout  # the difference, as a diff
