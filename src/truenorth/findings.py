"""A finding: one problem, where it is, how bad it is and how to fix it.

Findings are plain data; reporters turn them into text, JSON or CI annotations. CheckResult, what a
check produced (the model, its graph and the findings), is here too, so that the outputs (the site)
depend on data, not on the check use case and its loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from truenorth.model import Location, Organisation

if TYPE_CHECKING:
    import networkx as nx


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    OFF = "off"

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or off") from None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    hint: str = ""
    related: tuple[Location, ...] = field(default_factory=tuple)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)


@dataclass(slots=True)
class Summary:
    files: int
    goals: int
    traced: int  # goals that trace to the vision (an exempt, standalone goal is not one of them)
    errors: int
    warnings: int
    standalone: int = 0  # goals that stand alone by a reviewed `standalone_reason` (analysis.coverage.is_standalone)
    skipped: int = 0  # goals left out for their own errors (schema, duplicate id): neither checked nor counted
    suppressed: int = 0  # findings left out by inline `# truenorth: ignore[...]` comments
    period_suppressions: int = 0  # inline suppressions of a rule that reads periods (the period re-check stands aside)
    health: int = 100  # the alignment health score, 0-100 (analysis/health.py)

    @property
    def traced_share(self) -> float:
        return self.traced / self.goals if self.goals else 1.0


@dataclass(slots=True)
class Report:
    """What the reporters print: the findings, sorted, and the summary line's figures."""

    findings: list[Finding]
    summary: Summary

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding is an error: what makes `check` exit 1 and a build under on_error: fail stop."""
    return any(f.severity == Severity.ERROR for f in findings)


@dataclass(slots=True)
class CheckResult:
    """What a check produced: the organisation, its graph, the goals traced to the vision, the findings."""

    org: Organisation
    graph: nx.DiGraph
    traced: set[str]
    findings: list[Finding] = field(default_factory=list)
    summary: Summary | None = None
    people_with_dropped_goals: set[str] = field(default_factory=set)  # their goals were left out for errors
    status_thresholds: dict[str, object] = field(default_factory=dict)  # Config.status_thresholds, for assess()
    # key results' readings from git, (goal id, key result index) -> [analysis.history.Reading], for those
    # without check-ins: set by whoever read them (truenorth.history, once per build or command); None: not read
    history: dict | None = None
    digest: object | None = None  # what changed lately (truenorth.timeline.digest.Digest), for the site; None: not read

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)
