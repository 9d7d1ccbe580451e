"""Many blobs read through ONE `git cat-file --batch` process."""

from __future__ import annotations

import re

from truenorth.git.runner import GitError

_OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def batch_input(shas: list[str]) -> bytes:
    for sha in shas:
        if not _OBJECT_ID.fullmatch(sha):
            raise GitError(f"not a blob id: {sha!r}")
    return "".join(f"{sha}\n" for sha in shas).encode("ascii")


def parse_batch(output: bytes) -> dict[str, bytes]:
    """`git cat-file --batch` output -> {sha: bytes}; missing objects are left out, only blobs kept."""
    found: dict[str, bytes] = {}
    at, end = 0, len(output)
    while at < end:
        newline = output.index(b"\n", at)
        header = output[at:newline].decode("ascii", "replace").split(" ")
        at = newline + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            if header[1] == "blob":
                found[header[0]] = output[at:at + size]
            at += size + 1  # the content and its closing newline
    return found
