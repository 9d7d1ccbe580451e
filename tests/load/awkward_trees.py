"""Goals folders with something in them the check refuses (issue 16, item 3), shared by the walk's tests
(tests/load/test_walk_accelerator.py) and the command's (tests/cli/test_refused_paths.py).

Each maker changes the goals folder of a repository and returns what the check must name:
[(path relative to the goals folder, finding code)]. SECRET is in files the check must never read.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import sys
from pathlib import Path

SECRET = "SECRET-0xC0FFEE"
BIG = 2 * 1024 ** 3  # a sparse 2 GB file: refused by its size, never read


def _raw(path: Path) -> bytes:
    return os.fsencode(str(path))


def name_not_utf8(root: Path):
    with open(_raw(root / "goals" / "people") + b"/caf\xe9.yaml", "w", encoding="utf-8") as handle:
        handle.write("person: {id: cafe}\n")
    os.mkdir(_raw(root / "goals" / "people") + b"/t\xe9am")
    with open(_raw(root / "goals" / "people") + b"/t\xe9am/zed.yaml", "w", encoding="utf-8") as handle:
        handle.write("person: {id: zed}\n")
    return [("people/caf\\xe9.yaml", "TN002"), ("people/t\\xe9am", "TN002")]


def links_out(root: Path):
    (root / "secret.yaml").write_text(f"# {SECRET}\nperson: {{id: x\n", encoding="utf-8")  # in the repository
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "ann.yaml").write_text(f"# {SECRET}\n", encoding="utf-8")
    (root / "goals" / "people" / "copy.yaml").symlink_to(root / "secret.yaml")  # absolute
    (root / "goals" / "people" / "rel.yaml").symlink_to(Path("..", "..", "secret.yaml"))  # relative
    (root / "goals" / "people" / "shared").symlink_to(root / "elsewhere", target_is_directory=True)
    return [("people/copy.yaml", "TN012"), ("people/rel.yaml", "TN012"), ("people/shared", "TN012")]


def links_nowhere(root: Path):
    people = root / "goals" / "people"
    (people / "gone.yaml").symlink_to(people / "missing.yaml")
    (people / "loop-a.yaml").symlink_to("loop-b.yaml")
    (people / "loop-b.yaml").symlink_to("loop-a.yaml")
    return [("people/gone.yaml", "TN012"), ("people/loop-a.yaml", "TN012"), ("people/loop-b.yaml", "TN012")]


def special_files(root: Path):
    people = root / "goals" / "people"
    os.mkfifo(people / "pipe.yaml")  # opening it for reading would wait for a writer, for ever
    here = os.getcwd()
    os.chdir(people)  # (a socket's path is limited to about 100 bytes)
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind("socket.yml")
        server.close()
    finally:
        os.chdir(here)
    named = [("people/pipe.yaml", "TN012"), ("people/socket.yml", "TN012")]
    try:  # a device (the null device's numbers), where this user may make one
        os.mknod(people / "device.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (OSError, AttributeError):
        return named
    return [("people/device.yaml", "TN012"), *named]


def nested_a_thousand_deep(root: Path):
    # built from the bottom up, each step on short paths (pathlib's and os.makedirs' recursion would
    # pass Python's limit, and long paths are slow to look up)
    people = root / "goals" / "people"
    (people / "d").mkdir()
    (people / "d" / "eve.yaml").write_text("person: {id: eve}\n", encoding="utf-8")
    for _ in range(999):
        (people / "up").mkdir()
        (people / "d").rename(people / "up" / "d")
        (people / "up").rename(people / "d")
    return [("people/" + "/".join(["d"] * 100), "TN012")]  # the first folder past the limit


def too_large(root: Path):
    big = root / "goals" / "people" / "big.yaml"
    big.write_bytes(b"")
    os.truncate(big, BIG)
    return [("people/big.yaml", "TN011")]


MAKERS = [name_not_utf8, links_out, links_nowhere, special_files, nested_a_thousand_deep, too_large]


def remove_deep(root: Path) -> None:
    """Take a thousand-deep folder down (shutil.rmtree recurses once per level: past Python's usual limit)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 3000)
    try:
        shutil.rmtree(root / "goals" / "people" / "d", ignore_errors=True)
    finally:
        sys.setrecursionlimit(limit)
