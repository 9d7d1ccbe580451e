"""What a rule is: a stable code, a name, a default severity, a hint, its documentation (with PASS
and FAIL examples: see rules/docs.py) and a check over the context."""

from __future__ import annotations

import datetime as _dt
import difflib
import sys
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from truenorth.analysis.wording import DEFAULT_OUTPUT_WORDS
from truenorth.findings import Finding, Severity
from truenorth.model import Department, Goal, KeyResult, Location, Metric, Organisation, Person, Vision

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
    today: "_dt.date | None" = None  # the date status is judged on (config.resolve_today); None: rules that need it skip
    key_results_per_goal: tuple[int, int] = (1, 5)  # TN203: the fewest and most key results on a goal with any
    output_words: tuple[str, ...] = DEFAULT_OUTPUT_WORDS  # TN205: words that make a title a delivery
    ids_schema: str | None = None  # the text of the repository's schemas/ids.schema.json (load/ids_schema.py), or None
    shared: dict = field(default_factory=dict)  # what several rules look at, found once per check (checked_in)

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
    reads: frozenset[str] | None = None  # the model's fields it reads ("goal.period"...; see READABLE); None: all
    scope: str = "cascade"  # "goal": each finding is about one goal and follows from that goal's fields alone;
    # "links": about one goal's links, from its fields and those of the goals up to two links above it
    play: str = ""  # the playbook page (and section) that explains it, relative to the playbook folder

    def finding(self, message: str, location: Location, hint: str | None = None,
                related: tuple[Location, ...] = ()) -> Finding:
        return Finding(self.code, self.name, self.severity, message, location,
                       self.hint if hint is None else hint, related)


READABLE = {"goal": Goal, "key_result": KeyResult, "person": Person, "department": Department, "metric": Metric,
            "vision": Vision}
"""What a rule's `reads` names: "<kind>.<field>", a field of these model classes ("goal.supports" is the
links, targets and weights). Every id and every place (`location`, `*_location`) is read by every rule
without saying so: findings are located. The check's cache reuses a report after an edit to fields no
rule reads (truenorth/cache/records.py), so a rule must read nothing it does not declare
(tests/rules/test_rule_reads.py changes every undeclared field and expects the same findings)."""


def readable_fields() -> set[str]:
    return {f"{kind}.{f.name}" for kind, cls in READABLE.items() for f in fields(cls)}


def rule(code: str, name: str, severity: Severity, summary: str, hint: str = "", *,
         reads: Iterable[str] | None = None, scope: str = "cascade", play: str = ""):
    """Decorator: turns `def check(ctx) -> Iterator[Finding]` into a registered Rule, documented by
    its module's docstring. `reads`: the model's fields the check looks at (see READABLE); a rule that
    declares none is taken to read everything, and the cache reuses no report for it. `scope="goal"`:
    the rule looks at each goal on its own (its declared fields, `ctx.today`, the settings), never at
    another goal, and locates each finding in that goal's file; the cache's period re-check
    (cache/period_edits.py) then re-runs it on the edited goals alone (tests/rules/test_goal_scope.py
    checks the promise on every such rule). `scope="links"`: each finding is located at a goal or one of
    its links, and follows from that goal's declared fields and those of the goals up to two links above it
    (the goals its links name, and theirs), the departments and the settings, never from a goal below or
    beside it; the live check (truenorth/check_again.py) then re-runs it, after an edit to goals' fields,
    on the edited goals and the goals up to two links below them (tests/rules/test_links_scope.py checks
    the promise on every such rule). `play`: the playbook page that explains it
    ("plays/cascade-the-vision.md#section"), linked from its page."""
    if scope not in ("cascade", "goal", "links"):
        raise ValueError(f"{code}: scope is 'cascade', 'goal' or 'links', not {scope!r}")
    declared = None if reads is None else frozenset(reads)
    if declared is not None and not declared <= readable_fields():
        raise ValueError(f"{code} reads fields the model does not have: {sorted(declared - readable_fields())}")

    def wrap(func: Callable[[Rule, Context], Iterator[Finding]]) -> Rule:
        instance: Rule

        def run(ctx: Context) -> Iterator[Finding]:
            return func(instance, ctx)

        run.__module__, run.__doc__ = func.__module__, func.__doc__

        instance = Rule(code, name, severity, summary, hint, run, sys.modules[func.__module__].__doc__ or "", declared,
                        scope, play)
        return instance

    return wrap


def checked_in(ctx) -> list[tuple[Goal, KeyResult]]:
    """(goal, key result) for every key result with check-ins, in the folder's order: what the check-in rules
    (TN130-TN133) look at, found once per check (in ctx.shared; a context without it, as the period
    re-check's, finds it each time). Most key results have none: four passes over all of them cost 60 ms
    at 10,000 people."""
    shared = getattr(ctx, "shared", None)
    found = shared.get("checked_in") if shared is not None else None
    if found is None:
        found = [(goal, kr) for goal in ctx.org.goals.values() for kr in goal.key_results if kr.check_ins]
        if shared is not None:
            shared["checked_in"] = found
    return found


def skipped_level_links(ctx) -> list:
    """coverage.skipped_level_links(ctx.org) as a list, found once per check (in ctx.shared): rule TN106 reports
    them, and the check's alignment health score counts the goals that have one."""
    from truenorth.analysis.coverage import skipped_level_links as find

    shared = getattr(ctx, "shared", None)
    found = shared.get("skipped_level_links") if shared is not None else None
    if found is None:
        found = list(find(ctx.org))
        if shared is not None:
            shared["skipped_level_links"] = found
    return found


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)


def did_you_mean_note(word: str, candidates: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the closest candidate, or "" when none is close."""
    close = did_you_mean(word, candidates, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
