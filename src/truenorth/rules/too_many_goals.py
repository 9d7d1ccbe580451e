"""TN117 too-many-goals: a person owns more goals than the cap (`max_goals_per_person`, default 5).

Too many goals dilute focus; the cap is set in [tool.truenorth].
FAIL: six active goals owned by one person.  PASS: five or fewer.
"""

from collections import Counter

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN117", "too-many-goals", Severity.WARNING, "A person owns more goals than the configured cap.",
      "Merge or drop goals until the few that matter most remain.")
def check(self, ctx):
    counts = Counter(g.owner for g in ctx.org.goals.values() if g.status == "active")
    for owner, count in sorted(counts.items()):
        if count > ctx.max_goals_per_person and owner in ctx.org.people:
            person = ctx.org.people[owner]
            yield self.finding(f"{person.name} ({owner!r}) owns {count} active goals; the cap is "
                               f"{ctx.max_goals_per_person}", person.location)
