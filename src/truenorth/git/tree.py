"""Writing files of a revision into a folder, safely.

The files come from `git ls-tree -r -z` (names, modes, blobs) and their bytes from one
`git cat-file --batch`: no checkout, no archive, no attribute filters (the bytes are as committed).
Nothing can be written outside the folder: every path is checked part by part (no absolute path, no
`..`, no empty or `.` part), folders are made one by one and must be real folders, files are created
with O_EXCL and O_NOFOLLOW, and symbolic links are made last, as written in git (a link is never
followed while writing; the loader decides, as in a working tree, whether one leading out may be read:
it refuses it). Submodules are left out.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from truenorth.git.runner import GitError

REGULAR = ("100644", "100755", "100664")
SYMLINK = "120000"


def parse_ls_tree(output: bytes) -> list[tuple[str, str, str]]:
    """(mode, blob, path) of each blob entry of `git ls-tree -r -z` (submodules left out)."""
    entries = []
    for record in output.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, obj = meta.decode("ascii").split(" ")
        if kind == "blob":
            entries.append((mode, obj, os.fsdecode(path)))
    return entries


def safe_parts(path: str) -> list[str]:
    """The parts of a repository path, or a GitError when it could lead out of the folder."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") or "\0" in p for p in parts):
        raise GitError(f"refusing to write a file with an unsafe path from git: {path!r}")
    return parts


def write_tree(folder: Path, entries: list[tuple[str, str, str]], blobs: dict[str, bytes]) -> None:
    """Write each (mode, blob, path) under `folder` (see the module's docstring)."""
    top = os.fspath(folder)
    links = []
    made: set[str] = set()
    for mode, blob, path in entries:
        parts = safe_parts(path)
        parent = _folders(top, parts[:-1], made)
        if mode == SYMLINK:
            links.append((parent, parts[-1], blobs[blob]))
            continue
        target = os.path.join(parent, parts[-1])
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(target, flags, 0o755 if mode == "100755" else 0o644)
        except FileExistsError:
            continue  # a name twice in a crafted tree: the first stands
        with os.fdopen(fd, "wb") as handle:
            handle.write(blobs[blob])
    for parent, name, target in links:
        try:
            os.symlink(os.fsdecode(target), os.path.join(parent, name))
        except (FileExistsError, ValueError):
            continue


def _folders(top: str, parts: list[str], made: set[str]) -> str:
    """Make the folders `parts` below `top`, each a real folder (never through a link); their path."""
    here = top
    for part in parts:
        here = os.path.join(here, part)
        if here in made:
            continue
        try:
            os.mkdir(here, 0o755)
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(here).st_mode):
                raise GitError(f"refusing to write through {here!r}: it is not a folder") from None
        made.add(here)
    return here
