"""TN112 person-without-goals: a person file with no individual goal.

FAIL: `goals:` missing or empty in goals/people/ana-ortiz.yaml.
PASS: at least one goal (a private one counts).
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN112", "person-without-goals", Severity.WARNING, "A person has no individual goal.",
      "Add at least one goal that supports a goal of their department.")
def check(self, ctx):
    owners = {g.person for g in ctx.org.goals.values() if g.person} | ctx.people_with_dropped_goals
    for person in ctx.org.people.values():
        if person.id not in owners:
            yield self.finding(f"{person.name} ({person.id!r}) has no individual goal", person.location)
