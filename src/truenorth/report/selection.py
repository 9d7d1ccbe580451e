"""Which findings `check` shows, and how hard they count: `--select`, `--ignore` and `--strict`.

Like ruff's options of the same names: `--select TN2` reports only the TN2xx rules, `--ignore TN205`
leaves one out, and both take codes, code prefixes ("TN2", "TN20") and rule names, comma-separated.
`--strict` makes every warning an error (exit 1). The findings of reading the files (TN001-TN012) are
always reported: they say why goals were not read at all.

A selection applies to the report the check made (or the cache kept): it never changes what the check
records, only what is printed, so a cached report answers any selection; its recorded outputs are kept
per selection (`variant`), so a replayed answer is the one this selection printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truenorth.findings import Finding, Report, Severity, Summary

_SPLIT = re.compile(r"[,\s]+")


class SelectionError(ValueError):
    """An option naming no rule (the command exits 2 with this message)."""


@dataclass(frozen=True, slots=True)
class Selection:
    select: frozenset[str] | None = None  # rule codes to report (None: every rule)
    ignore: frozenset[str] = frozenset()
    strict: bool = False

    @property
    def is_default(self) -> bool:
        return self.select is None and not self.ignore and not self.strict

    def variant(self, base: str) -> str:
        """The name the output is recorded under in the cache: the format, and this selection."""
        if self.is_default:
            return base
        select = "*" if self.select is None else ",".join(sorted(self.select))
        return f"{base}|select={select}|ignore={','.join(sorted(self.ignore))}|strict={int(self.strict)}"

    def shows(self, code: str) -> bool:
        from truenorth.rules.loading import LOAD_RULES

        if code in LOAD_RULES:
            return True
        return (self.select is None or code in self.select) and code not in self.ignore

    def apply(self, report) -> Report:
        """The report as this selection prints it (a Report or CheckResult in; a Report out)."""
        if self.is_default:
            return report
        findings = [self._graded(f) for f in report.findings if self.shows(f.code)]
        s = report.summary
        summary = Summary(files=s.files, goals=s.goals, traced=s.traced,
                          errors=sum(1 for f in findings if f.severity == Severity.ERROR),
                          warnings=sum(1 for f in findings if f.severity == Severity.WARNING),
                          standalone=s.standalone, skipped=s.skipped, suppressed=s.suppressed,
                          period_suppressions=s.period_suppressions, health=s.health)
        return Report(findings, summary)

    def _graded(self, finding: Finding) -> Finding:
        if not self.strict or finding.severity != Severity.WARNING:
            return finding
        return Finding(finding.code, finding.name, Severity.ERROR, finding.message, finding.location, finding.hint,
                       finding.related)


def codes_named(values: tuple[str, ...] | list[str], option: str) -> frozenset[str]:
    """The rule codes a --select or --ignore value names: codes, prefixes of codes ("TN2") and rule names."""
    from truenorth.rules import ALL_RULES

    codes: set[str] = set()
    for value in values:
        for word in _SPLIT.split(value):
            if not word:
                continue
            upper, lower = word.upper(), word.lower()
            named = {r.code for r in ALL_RULES if r.code.startswith(upper) or r.name == lower}
            if not named:
                raise SelectionError(f"{option} {word!r} names no rule: give codes (TN205), prefixes (TN2) or "
                                     "names (output-as-outcome); `truenorth rules` lists them")
            codes |= named
    return frozenset(codes)


def selection(select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), strict: bool = False) -> Selection:
    return Selection(codes_named(select, "--select") if select else None,
                     codes_named(ignore, "--ignore") if ignore else frozenset(), strict)
