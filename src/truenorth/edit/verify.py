"""The check of an organisation as it would be after a change: the changed files overlaid on the
repository, without copying it.

The loader takes files read before through its KnownFiles protocol (load/organisation.py); `Overlay`
is one: it hands the loader the records of the changed files, parsed from their new bytes, and, when
the check's cache is there, the cache's records of every other file, so a change at 10,000 people
parses only the files it changes. Without a cache the other files are read from disk as usual.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import Iterator

from truenorth.findings import Finding, Severity
from truenorth.load import files as goal_files
from truenorth.load.files import content_digest
from truenorth.load.organisation import read_file
from truenorth.load.records import encode_file

__all__ = ["Overlay", "new_findings"]


def _no_view(record) -> str:
    return ""


def _no_frame(items) -> bytes:
    return b""


class _Discard:
    """A chunk sink that keeps nothing: the overlay's load is not recorded in the cache."""

    def add(self, chunk: bytes, extra: bytes) -> None:
        pass

    def finish(self, keep: bool) -> None:
        pass


def _walk_key(rel: str) -> tuple:
    return tuple(rel.split("/"))


class Overlay:
    """KnownFiles for load_organisation, and what run_check asks of its `cache` argument (key, stats,
    key_of, save): the goals folder with `changes` (rel -> new bytes; rel relative to the goals folder)
    put over it. `inner`: the check's cache (truenorth.cache.CheckCache), fingerprinted, or None."""

    stats: dict = {}
    report_key = ""
    report = None

    def __init__(self, goals_path, goals_dir: str, changes: dict[str, bytes], inner=None) -> None:
        self.goals_path, self.goals_dir, self.inner = goals_path, goals_dir, inner
        self.view_of = inner.view_of if inner is not None else _no_view
        self.frame_of = inner.frame_of if inner is not None else _no_frame
        self._items = []
        self._states: dict[str, str] = {}
        for rel, raw in changes.items():
            record = encode_file(read_file(raw, PurePosixPath(rel), f"{goals_dir}/{rel}"))
            digest = content_digest(raw)
            self._items.append((rel, digest, self.view_of(record), record))
            self._states[rel] = digest
        if inner is not None and inner.key:
            digests = dict(inner.digests)
            new = [rel for rel in self._states if rel not in digests]
            digests.update(self._states)
            if new:
                digests = {rel: digests[rel] for rel in sorted(digests, key=_walk_key)}
            self.digests = digests
            self.key = "overlay"  # (set: the loader takes the listing from `digests`, no second walk)
        else:  # the loader walks the folder (list_files); `digests` says which stored records to take
            self.digests, self.key = dict(self._states), ""

    def list_files(self) -> list[tuple[str, object]]:
        listing = goal_files.goal_file_stats(str(self.goals_path), with_stats=False)
        listed = {rel for rel, _ in listing}
        listing = [(rel, self._states.get(rel, state)) for rel, state in listing]
        new = [(rel, state) for rel, state in self._states.items() if rel not in listed]
        if new:
            listing = sorted(listing + new, key=lambda entry: _walk_key(entry[0]))
        return listing

    def stored_chunks(self) -> Iterator[tuple[list | None, bytes, bytes]]:
        yield list(self._items), b"", b""  # first: a stored record of the old bytes is then never used
        if self.inner is not None:
            yield from self.inner.stored_chunks()

    def chunk_writer(self) -> _Discard:
        return _Discard()

    def key_of(self, loaded) -> str:
        return ""

    def save(self, loaded, key: str, report) -> None:
        pass


def _identity(finding: Finding) -> tuple:
    """What makes two findings the same one before and after a change (not the line: an edit moves lines)."""
    return finding.code, finding.severity, finding.location.path, finding.message


def new_findings(before: list[Finding], after: list[Finding], severity: Severity = Severity.ERROR) -> list[Finding]:
    """The findings of `severity` in `after` that `before` did not have (as many times as they are new)."""
    seen = Counter(_identity(f) for f in before if f.severity == severity)
    fresh = []
    for finding in after:
        if finding.severity != severity:
            continue
        key = _identity(finding)
        if seen[key]:
            seen[key] -= 1
        else:
            fresh.append(finding)
    return fresh


