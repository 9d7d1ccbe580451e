"""A report worked out from the one on record by replacing a few of its findings (period_edits.py), kept
as the cache records findings until something needs them as objects.

At 10,000 people the report holds about 9,000 findings. A period edit changes the findings of a file or
two, yet decoding every finding, sorting them, rendering them and encoding them again for the run
record cost more than the re-check itself (about 45 of a period edit's 240 ms, measured 2026-12-05).
An EditedReport holds the new findings encoded (load/records.encode_finding), in the report's order:
the run record takes them as they are; `findings` decodes them only when asked (a narrowed or
non-text output, `truenorth edit`'s before/after); and `changes` tells a printer which files' findings
changed, and where, so that it can make the text output from the one printed for the report on record,
rendering only those again (cli/quick.Printer, report/text.py splice_text).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import replace

from truenorth.findings import Finding, Severity, Summary
from truenorth.load.records import decode_finding, encode_finding
from truenorth.model import Location

_ERROR, _WARNING = Severity.ERROR.value, Severity.WARNING.value


def _path(encoded: tuple) -> str:
    return encoded[4][0]


def encoded_sort_key(encoded: tuple) -> tuple:
    """Finding.sort_key of an encoded finding, without decoding it."""
    code, _name, _severity, message, location = encoded[:5]
    if len(location) != 3:
        location = Location(*location)
    return (*location, code, message)


class EditedReport:
    """A Report (findings, summary, has_errors) whose findings stay encoded until asked for."""

    __slots__ = ("encoded", "summary", "touched", "previous", "_findings")

    def __init__(self, encoded: list[tuple], summary: Summary, touched: set[str], previous: list[tuple]):
        self.encoded = encoded  # the findings, encoded, sorted as Finding.sort_key sorts them
        self.summary = summary
        self.touched = touched  # the paths whose findings may differ from those of `previous`
        self.previous = previous  # the encoded findings of the report on record it was made from
        self._findings: list[Finding] | None = None

    @classmethod
    def replacing(cls, previous: list[tuple], summary: Summary, dropped, added: list[Finding]) -> "EditedReport":
        """The report on record (`previous`: its encoded findings, sorted; `summary`) without the findings
        `dropped(encoded)` says True for, with the findings `added` (each severity as printed: not OFF).
        The order is that of sorting the kept findings followed by the added ones by Finding.sort_key (a
        stable sort: an added finding comes after a kept one with the same key)."""
        kept, touched = [], set()
        for encoded in previous:
            if dropped(encoded):
                touched.add(encoded[4][0])
            else:
                kept.append(encoded)
        for finding in sorted(added, key=Finding.sort_key):
            insort(kept, encode_finding(finding), key=encoded_sort_key)
            touched.add(finding.location.path)
        severities = [encoded[2] for encoded in kept]
        counted = replace(summary, errors=severities.count(_ERROR), warnings=severities.count(_WARNING))
        return cls(kept, counted, touched, previous)

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = [decode_finding(encoded) for encoded in self.encoded]
        return self._findings

    @property
    def has_errors(self) -> bool:
        return self.summary.errors > 0

    def changes(self) -> list[tuple[str, Location | None, Location | None, list[Finding]]]:
        """The files whose findings may differ from the report on record's, in the order of their paths,
        each (path, the location of its first finding in the report on record or None, the location of the
        first finding of the next file there or None, its findings now): what a printer needs to make this
        report's output from the one printed for the report on record (report/text.py splice_text)."""
        changes = []
        for path in sorted(self.touched):
            was = _findings_of(self.previous, path)
            after = bisect_right(self.previous, path, key=_path)
            changes.append((path, _location(was[0]) if was else None,
                            _location(self.previous[after]) if after < len(self.previous) else None,
                            [decode_finding(e) for e in _findings_of(self.encoded, path)]))
        return changes


def _findings_of(encoded: list[tuple], path: str) -> list[tuple]:
    """The findings of one file in a sorted list of encoded findings (its findings are side by side)."""
    return encoded[bisect_left(encoded, path, key=_path):bisect_right(encoded, path, key=_path)]


def _location(encoded: tuple) -> Location:
    return Location(*encoded[4])
