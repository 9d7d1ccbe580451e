"""Every `truenorth …` command line that README.md and the getting-started guides show runs on the sample.

A reader copies these lines first; one that names a goal the sample does not have, or an option that
does not exist, is the first thing they see fail. Lines are taken from code blocks (`truenorth …` or
`$ truenorth …` at the start of a line, a trailing `# comment` dropped) and from inline code spans that
start with `truenorth `. A line with a placeholder (`<goal-id>`) is a pattern, not a command, and is
skipped; `serve` runs until stopped and is tested elsewhere (tests/site_build/test_serve_watch.py).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

DOCUMENTS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "playbook" / "getting-started").glob("*.md"))]
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_SPAN = re.compile(r"`(truenorth [^`]+)`")
_BLOCK_LINE = re.compile(r"^\s*(?:\$\s+)?(truenorth\s.*?)\s*(?:#.*)?$")


def documented_commands(path: Path) -> list[tuple[str, int, str]]:
    """(document name, line number, command line) for every command line in one document."""
    found = []
    in_block = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if _FENCE.match(line):
            in_block = not in_block
            continue
        if in_block:
            match = _BLOCK_LINE.match(line)
            candidates = [match.group(1)] if match else []
        else:
            candidates = _SPAN.findall(line)
        for command in candidates:
            found.append((path.relative_to(REPO_ROOT).as_posix(), number, command.strip()))
    return found


def runnable(command: str) -> bool:
    words = shlex.split(command)
    return "<" not in command and words[1:2] != ["serve"]


COMMANDS = [entry for document in DOCUMENTS for entry in documented_commands(document)]


def test_the_documents_show_commands_at_all():
    """Guards the extraction itself: the README's command list is there to be found."""
    readme = [command for document, _, command in COMMANDS if document == "README.md"]
    assert "truenorth check" in readme and any(command.startswith("truenorth trace ") for command in readme)


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory) -> Path:
    """The sample repository's inputs in a folder of their own, so a documented `build` or
    `export-docs` writes nowhere near the checkout."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("goals", "playbook"):
        shutil.copytree(REPO_ROOT / name, root / name)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(REPO_ROOT / name, root / name)
    return root


@pytest.mark.parametrize(("document", "line", "command"), [entry for entry in COMMANDS if runnable(entry[2])],
                         ids=[f"{d}:{n}:{c}" for d, n, c in COMMANDS if runnable(c)])
def test_documented_command_runs_on_the_sample(sample_copy, document, line, command):
    words = shlex.split(command)
    console = Path(sys.executable).with_name("truenorth")
    result = subprocess.run([str(console), *words[1:]], cwd=sample_copy, capture_output=True, text=True,
                            timeout=300, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, f"{document}:{line}: `{command}` exited {result.returncode}:\n{result.stdout}{result.stderr}"
    assert "Traceback" not in result.stderr
