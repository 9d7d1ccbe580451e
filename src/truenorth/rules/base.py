"""What a rule is: a stable code, a name, a default severity, a hint, its documentation (with PASS
and FAIL examples: see rules/docs.py) and a check over the context."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from truenorth.findings import Finding, Severity
from truenorth.model import Location, Organisation

if TYPE_CHECKING:  # the loader imports the load-time rule codes from here; keep the import one-way at run time
    import networkx as nx

    from truenorth.load.build import Duplicate


@dataclass(slots=True)
class Context:
    """Everything a rule may look at. Rules read it and never change it."""

    org: Organisation
    graph: nx.DiGraph
    traced: set[str]
    duplicates: "list[Duplicate]" = field(default_factory=list)
    invalid_goal_ids: set[str] = field(default_factory=set)
    people_with_dropped_goals: set[str] = field(default_factory=set)
    plays: set[str] | None = None  # play ids in the playbook, or None when there is no playbook
    max_goals_per_person: int = 5

    def known_ids(self) -> list[str]:
        ids = list(self.org.goals)
        if self.org.vision is not None:
            ids.append(self.org.vision.id)
        return ids


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    hint: str = ""
    check: Callable[[Context], Iterable[Finding]] | None = None
    doc: str = ""  # what it checks, why, its options and examples: the rule module's docstring (rules/docs.py)

    def finding(self, message: str, location: Location, hint: str | None = None,
                related: tuple[Location, ...] = ()) -> Finding:
        return Finding(self.code, self.name, self.severity, message, location,
                       self.hint if hint is None else hint, related)


def rule(code: str, name: str, severity: Severity, summary: str, hint: str = ""):
    """Decorator: turns `def check(ctx) -> Iterator[Finding]` into a registered Rule, documented by
    its module's docstring."""

    def wrap(func: Callable[[Rule, Context], Iterator[Finding]]) -> Rule:
        instance: Rule

        def run(ctx: Context) -> Iterator[Finding]:
            return func(instance, ctx)

        run.__module__, run.__doc__ = func.__module__, func.__doc__

        instance = Rule(code, name, severity, summary, hint, run, sys.modules[func.__module__].__doc__ or "")
        return instance

    return wrap


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)


def did_you_mean_note(word: str, candidates: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the closest candidate, or "" when none is close."""
    close = did_you_mean(word, candidates, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
