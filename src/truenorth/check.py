"""The check use case: load the goals folder, build the graph, run every rule, apply severities."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from truenorth.analysis.graph import build_graph, traced_to_vision
from truenorth.config import Config
from truenorth.findings import Finding, Severity
from truenorth.load import LoadResult, ProgressCallback, load_organisation
from truenorth.model import Organisation
from truenorth.rules import GRAPH_RULES, Context


@dataclass(slots=True)
class Summary:
    files: int
    goals: int
    traced: int
    errors: int
    warnings: int

    @property
    def traced_share(self) -> float:
        return self.traced / self.goals if self.goals else 1.0


@dataclass(slots=True)
class CheckResult:
    org: Organisation
    graph: nx.DiGraph
    traced: set[str]
    findings: list[Finding] = field(default_factory=list)
    summary: Summary | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.severity == Severity.ERROR for f in self.findings)


def playbook_plays(playbook_dir: Path) -> set[str] | None:
    """Play ids: the file names of pages under playbook/plays/ (None when there is no playbook)."""
    plays_dir = playbook_dir / "plays"
    if not plays_dir.is_dir():
        return None
    return {p.stem for p in plays_dir.glob("*.md") if p.stem != "index"}


def run_check(config: Config, progress: ProgressCallback | None = None) -> CheckResult:
    loaded: LoadResult = load_organisation(config.root, config.goals_dir, progress)
    org = loaded.org
    graph = build_graph(org)
    traced = traced_to_vision(graph, org)
    ctx = Context(org=org, graph=graph, traced=traced, duplicates=loaded.duplicates,
                  invalid_goal_ids=loaded.invalid_goal_ids, people_with_dropped_goals=loaded.people_with_dropped_goals, plays=playbook_plays(config.playbook_path),
                  max_goals_per_person=config.max_goals_per_person)
    findings = list(loaded.findings)
    for rule in GRAPH_RULES:
        if config.severity.get(rule.code) == Severity.OFF:
            continue
        findings.extend(rule.check(ctx))
    findings = [_with_severity(f, config) for f in findings]
    findings = sorted((f for f in findings if f.severity != Severity.OFF), key=Finding.sort_key)
    counted = [g for g in org.goals.values() if g.status != "retired"]
    summary = Summary(
        files=loaded.files,
        goals=len(counted),
        traced=sum(1 for g in counted if g.id in traced or g.standalone_reason),
        errors=sum(1 for f in findings if f.severity == Severity.ERROR),
        warnings=sum(1 for f in findings if f.severity == Severity.WARNING),
    )
    return CheckResult(org, graph, traced, findings, summary)


def _with_severity(finding: Finding, config: Config) -> Finding:
    wanted = config.severity.get(finding.code)
    if wanted is None or wanted == finding.severity:
        return finding
    return Finding(finding.code, finding.name, wanted, finding.message, finding.location, finding.hint, finding.related)
