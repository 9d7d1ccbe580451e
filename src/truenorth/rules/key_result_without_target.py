"""TN115 key-result-without-target: a key result says what to measure but not where to get to.

FAIL: `- metric: csat` with `baseline: 78` and no `target`.
PASS: `target: 85`.
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN115", "key-result-without-target", Severity.ERROR, "A key result has no target.",
      "Add `target:` with the value that would count as success.")
def check(self, ctx):
    for goal in ctx.org.goals.values():
        for kr in goal.key_results:
            if kr.target is None:
                yield self.finding(f"{goal.id!r} has a key result on {kr.metric!r} with no target", kr.location)
