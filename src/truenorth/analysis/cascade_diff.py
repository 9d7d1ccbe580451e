"""What a change does to the cascade: the difference between two checks (`truenorth diff`).

`compare(before, after)` is a pure function of two CheckResults (the organisation, its graph, the
goals traced to the vision, the findings, the summary), so it holds whatever revisions, folders or
caches they came from. It says which goals were added, removed, retired (or changed status
otherwise), re-titled, re-owned and re-linked (old parents -> new), which key results' targets or
baselines moved, which goals gained or lost their line of sight to the vision, the traced share
before and after, and which findings the change introduced and which it fixed.

Private goals (`visibility: private`, before or after) are compared like any other but never named:
each list carries only a count of the private goals it left out, as the other commands do. A finding
is the same before and after when its code, file and message are (its line may move).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from truenorth.findings import CheckResult, Finding
from truenorth.model import Goal, KeyResult, Organisation


@dataclass(frozen=True, slots=True)
class GoalRef:
    """A goal as a change names it: id, title, owner and level (its label), as it is now (or was last)."""

    id: str
    title: str
    owner: str
    level: str


@dataclass(frozen=True, slots=True)
class Moved:
    """One value of a goal that changed: `what` (title, owner, status, parents), before and after."""

    goal: GoalRef
    what: str
    before: object
    after: object


@dataclass(frozen=True, slots=True)
class GoalpostMove:
    """A key result's target or baseline that moved (`field`), with the metric and its unit."""

    goal: GoalRef
    metric: str
    unit: str
    field: str  # "target" or "baseline"
    before: float | None
    after: float | None


@dataclass(frozen=True, slots=True)
class Share:
    traced: int
    goals: int

    @property
    def share(self) -> float:
        return self.traced / self.goals if self.goals else 1.0


@dataclass(slots=True)
class CascadeDiff:
    added: list[GoalRef] = field(default_factory=list)
    removed: list[GoalRef] = field(default_factory=list)
    retired: list[GoalRef] = field(default_factory=list)
    status: list[Moved] = field(default_factory=list)  # other status changes (achieved, back to active, ...)
    retitled: list[Moved] = field(default_factory=list)
    reowned: list[Moved] = field(default_factory=list)
    relinked: list[Moved] = field(default_factory=list)  # before/after: tuples of parent ids
    goalposts: list[GoalpostMove] = field(default_factory=list)
    gained_sight: list[GoalRef] = field(default_factory=list)
    lost_sight: list[GoalRef] = field(default_factory=list)
    traced_before: Share = Share(0, 0)
    traced_after: Share = Share(0, 0)
    introduced: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    private: Counter = field(default_factory=Counter)  # section name -> private goals left out of it

    @property
    def changes_goals(self) -> bool:
        """Whether anything about the goals changed (findings aside)."""
        return bool(self.added or self.removed or self.retired or self.status or self.retitled or self.reowned
                    or self.relinked or self.goalposts or self.gained_sight or self.lost_sight
                    or sum(self.private.values()))

    @property
    def is_empty(self) -> bool:
        return not (self.changes_goals or self.introduced or self.fixed or self.traced_before != self.traced_after)


SECTIONS = ("added", "removed", "retired", "status", "retitled", "reowned", "relinked", "goalposts",
            "gained_sight", "lost_sight")


def compare(before: CheckResult, after: CheckResult) -> CascadeDiff:
    """What changed from `before` to `after` (see the module's docstring)."""
    old, new = before.org, after.org
    diff = CascadeDiff()
    private = {g for g, goal in old.goals.items() if goal.is_private} | {
        g for g, goal in new.goals.items() if goal.is_private}

    def keep(section: str, goal_id: str) -> bool:
        if goal_id in private:
            diff.private[section] += 1
            return False
        return True

    for goal_id in sorted(new.goals.keys() - old.goals.keys()):
        if keep("added", goal_id):
            diff.added.append(_ref(new.goals[goal_id]))
    for goal_id in sorted(old.goals.keys() - new.goals.keys()):
        if keep("removed", goal_id):
            diff.removed.append(_ref(old.goals[goal_id]))
    for goal_id in sorted(old.goals.keys() & new.goals.keys()):
        was, now = old.goals[goal_id], new.goals[goal_id]
        traced_before, traced_after = goal_id in before.traced, goal_id in after.traced
        if (traced_before == traced_after and was.title == now.title and was.owner == now.owner
                and was.status == now.status
                and _parents(was) == _parents(now) and _posts(was) == _posts(now)):
            continue  # (most goals: nothing of what a diff shows changed)
        ref = _ref(now)
        if was.status != now.status:
            if now.status == "retired":
                if keep("retired", goal_id):
                    diff.retired.append(ref)
            elif keep("status", goal_id):
                diff.status.append(Moved(ref, "status", was.status, now.status))
        if was.title != now.title and keep("retitled", goal_id):
            diff.retitled.append(Moved(ref, "title", was.title, now.title))
        if was.owner != now.owner and keep("reowned", goal_id):
            diff.reowned.append(Moved(ref, "owner", was.owner, now.owner))
        parents_before, parents_after = _parents(was), _parents(now)
        if parents_before != parents_after and keep("relinked", goal_id):
            diff.relinked.append(Moved(ref, "parents", parents_before, parents_after))
        moves = list(_goalposts(ref, was, now, old, new))
        if moves and keep("goalposts", goal_id):
            diff.goalposts.extend(moves)
        if traced_after and not traced_before and keep("gained_sight", goal_id):
            diff.gained_sight.append(ref)
        if traced_before and not traced_after and keep("lost_sight", goal_id):
            diff.lost_sight.append(ref)
    diff.traced_before, diff.traced_after = _share(before), _share(after)
    diff.introduced, diff.fixed = _findings(before.findings, after.findings)
    return diff


def _ref(goal: Goal) -> GoalRef:
    return GoalRef(goal.id, goal.title, goal.owner, goal.level.label)


def _posts(goal: Goal) -> list[tuple]:
    return [(kr.metric, kr.target, kr.baseline) for kr in goal.key_results]


def _parents(goal: Goal) -> tuple[str, ...]:
    return tuple(sorted(set(goal.supported_ids)))


def _goalposts(ref: GoalRef, was: Goal, now: Goal, old: Organisation, new: Organisation):
    """The target and baseline moves of the key results both versions have, matched by metric (the
    n-th key result on a metric before with the n-th after)."""
    def by_metric(results: list[KeyResult]) -> dict[tuple[str, int], KeyResult]:
        seen: Counter = Counter()
        keyed = {}
        for kr in results:
            keyed[(kr.metric, seen[kr.metric])] = kr
            seen[kr.metric] += 1
        return keyed

    earlier, later = by_metric(was.key_results), by_metric(now.key_results)
    for key in [k for k in later if k in earlier]:
        a, b = earlier[key], later[key]
        metric = new.metrics.get(key[0]) or old.metrics.get(key[0])
        unit = metric.unit if metric is not None else ""
        for name in ("target", "baseline"):
            if getattr(a, name) != getattr(b, name):
                yield GoalpostMove(ref, key[0], unit, name, getattr(a, name), getattr(b, name))


def _share(result: CheckResult) -> Share:
    if result.summary is not None:
        return Share(result.summary.traced, result.summary.goals)
    counted = [g for g in result.org.goals.values() if g.status != "retired"]
    return Share(sum(1 for g in counted if g.id in result.traced), len(counted))


def _findings(before: list[Finding], after: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(introduced, fixed): findings of one side with no match on the other (same code, file, message)."""
    def key(f: Finding) -> tuple:
        return (f.code, f.location.path, f.message)

    left, right = Counter(map(key, before)), Counter(map(key, after))
    introduced, fixed = [], []
    spare = right - left
    for finding in after:
        if spare[key(finding)] > 0:
            spare[key(finding)] -= 1
            introduced.append(finding)
    gone = left - right
    for finding in before:
        if gone[key(finding)] > 0:
            gone[key(finding)] -= 1
            fixed.append(finding)
    return introduced, fixed
