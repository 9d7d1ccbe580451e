"""TN113 period-outlives-parent: a goal runs past the end of the goal it supports.

FAIL: a 2027 goal supporting a 2027-H1 goal.
PASS: a 2027-Q2 goal supporting a 2027 goal.
"""

from truenorth.analysis.periods import period_end
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN113", "period-outlives-parent", Severity.WARNING, "A goal's period ends after that of the goal it supports.",
      "Shorten this goal's period, or extend the period of the goal it supports.")
def check(self, ctx):
    for goal in ctx.org.goals.values():
        if not goal.period:
            continue
        end = period_end(goal.period)
        for link in goal.supports:
            parent = ctx.org.goals.get(link.target)
            if parent is None or not parent.period:
                continue
            if end > period_end(parent.period):
                yield self.finding(f"{goal.id!r} runs to the end of {goal.period}, after {parent.id!r} ends "
                                   f"({parent.period})", link.location)
