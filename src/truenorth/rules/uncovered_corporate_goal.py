"""TN111 uncovered-corporate-goal: a corporate goal no department goal supports (a gap in the cascade).

FAIL: `cx-loyalty` in goals/corporate.yaml, and no department lists it under `supports:`.
PASS: at least one active department goal supports it.
"""

from truenorth.findings import Severity
from truenorth.model import Level
from truenorth.rules.base import rule


@rule("TN111", "uncovered-corporate-goal", Severity.WARNING, "No department goal supports this corporate goal.",
      "Ask the departments that move this goal to add a department goal that supports it.")
def check(self, ctx):
    for goal in ctx.org.goals_at(Level.CORPORATE):
        if goal.status != "active":
            continue
        backers = [ctx.org.goals[g] for g in ctx.graph.predecessors(goal.id) if g in ctx.org.goals]
        if not any(b.level == Level.DEPARTMENT and b.status != "retired" for b in backers):
            yield self.finding(f"corporate goal {goal.id!r} is supported by no department goal: nobody carries it",
                               goal.location)
