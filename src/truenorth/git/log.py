"""Commits and file histories, each from ONE `git log --raw -z` process however many files.

`git log -z --raw --no-abbrev --no-renames --diff-merges=off` prints, per commit, a header in our own
format (fields separated by NUL) and then one raw diff entry per changed file
(`:old-mode new-mode old-blob new-blob STATUS` NUL `path` NUL). Renames are shown as a deletion and an
addition (histories are by path); merge commits list no files (the commits they bring in do).
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass

_MARK = "\x01truenorth-commit"
FORMAT = f"--format=%x00{_MARK}%x00%H%x00%an%x00%ae%x00%aI%x00%cI%x00%s"
HEADER_FIELDS = 6  # sha, author, email, author date, committer date, subject


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit: `sha` (full), `author` and `email`, `date` (when it was authored) and `committed`
    (when it was committed), both timezone-aware, `subject` (the message's first paragraph as one line)
    and `paths`: the files it changed (within the paths asked about), repository-relative, '/'-separated."""

    sha: str
    author: str
    email: str
    date: _dt.datetime
    committed: _dt.datetime
    subject: str
    paths: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:7]


def log_args(rev: str, paths: list[str] | None, since: _dt.datetime | None) -> list[str]:
    args = ["log", "-z", "--raw", "--no-abbrev", "--no-renames", "--diff-merges=off", "--no-ext-diff",
            "--no-color", FORMAT]
    if since is not None:
        args.append(f"--since={int(since.timestamp())} +0000")
    args += ["--end-of-options", rev, "--"]
    if paths:
        args += list(paths)
    return args


def parse(output: bytes) -> list[tuple[Commit, list[tuple[str, str | None]]]]:
    """Each commit, newest first, with its changes: (path, the blob it has after the commit, None when
    the commit deleted it)."""
    tokens = output.split(b"\0")
    commits: list[tuple[Commit, list[tuple[str, str | None]]]] = []
    n, end = 0, len(tokens)
    decode = os.fsdecode
    while n < end:
        token = tokens[n].lstrip(b"\n")
        n += 1
        if token == b"\x01truenorth-commit":
            fields = [f.decode("utf-8", "replace") for f in tokens[n:n + HEADER_FIELDS]]
            n += HEADER_FIELDS
            changes: list[tuple[str, str | None]] = []
            commits.append((fields, changes))  # type: ignore[arg-type]  (made a Commit below, with its paths)
        elif token.startswith(b":") and commits:
            path = decode(tokens[n]) if n < end else ""
            n += 1
            parts = token[1:].split(b" ")
            status = parts[4][:1] if len(parts) > 4 else b""
            blob = None if status == b"D" else parts[3].decode("ascii")
            commits[-1][1].append((path, blob))
    made = []
    for fields, changes in commits:
        sha, author, email, date, committed, subject = fields  # type: ignore[misc]
        made.append((Commit(sha, author, email, _dt.datetime.fromisoformat(date),
                            _dt.datetime.fromisoformat(committed), subject,
                            tuple(path for path, _ in changes)), changes))
    return made
