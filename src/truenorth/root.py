"""The repository root when --root is not given, found the way git finds its repository.

From the current folder up to the top of the file system, the first folder that has

1. a `pyproject.toml` with a `[tool.truenorth]` table (or one of its sub-tables), or
2. a `goals/` folder, or
3. a `.git` (a folder, or a file in a worktree or submodule)

is the root: in each folder the three are tried in that order, and the walk stops at the first
folder with any of them. So `truenorth check` in `goals/people/` checks the whole repository,
and a repository's `.git` is a boundary: the walk never climbs out of one repository into a folder
around it. When no folder qualifies, the root is the current folder (and the command says there is
no goals folder there).

The answer is a relative path ("." at the root, "../.." two folders down), so messages and the
cached answers are those of a command run at the root. It costs a few stat calls per folder climbed
and one read of a small pyproject.toml: the console script's quick path (cli/quick.py) uses it too.
Only `os` is imported here.
"""

from __future__ import annotations

import os

_MARKER = b"[tool.truenorth"


def _declares_truenorth(pyproject: str) -> bool:
    """Whether a pyproject.toml has a [tool.truenorth] table: a line that starts with it (cheap: no TOML parse)."""
    try:
        with open(pyproject, "rb") as handle:
            text = handle.read()
    except OSError:
        return False
    return any(line.lstrip().startswith(_MARKER) for line in text.splitlines() if _MARKER in line)


def find_root(start: str = ".") -> str:
    """The root (see the module doc) as a path relative to `start`: ".", "..", "../..", ..."""
    here = os.path.abspath(start)
    relative = "."
    while True:
        if os.path.isfile(os.path.join(here, "pyproject.toml")) and _declares_truenorth(
                os.path.join(here, "pyproject.toml")):
            return relative
        if os.path.isdir(os.path.join(here, "goals")) or os.path.exists(os.path.join(here, ".git")):
            return relative
        parent = os.path.dirname(here)
        if parent == here:  # the top of the file system: nothing qualifies
            return "."
        here = parent
        relative = ".." if relative == "." else os.path.join(relative, "..")


def resolve_root(_ctx, _param, value):
    """The click callback of every command's --root option: the value given, else find_root()."""
    if value is not None:
        return value
    from pathlib import Path

    return Path(find_root())


ROOT_HELP = ("The repository root: the folder that holds goals/ (and pyproject.toml). By default the nearest "
             "folder, from here upwards, with a pyproject.toml declaring [tool.truenorth], a goals/ folder or a .git.")


def path_in_repository(root: str) -> str:
    """Where `root` sits in the git repository around it, as a prefix for its repository-relative paths:
    "" at the repository's top (or outside any repository), "strategy/" for a root in the folder strategy/.
    Found as git finds its repository (the nearest `.git` above, a folder or a worktree's file). The
    formats read by tools that anchor paths at the repository's top (GitHub annotations, SARIF) need it."""
    here = os.path.abspath(root)
    top = here
    while not os.path.exists(os.path.join(top, ".git")):
        parent = os.path.dirname(top)
        if parent == top:
            return ""
        top = parent
    inner = os.path.relpath(here, top)
    return "" if inner == "." else inner.replace(os.sep, "/") + "/"
