"""TN114 supports-retired: an active goal supports a retired goal, so its effort goes nowhere.

FAIL: `status: retired` on a department goal that an active individual goal still supports.
PASS: the individual goal is re-linked to a live goal (or retired too).
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN114", "supports-retired", Severity.ERROR, "An active goal supports a retired goal.",
      "Link it to a live goal that replaced the retired one, or retire it as well.")
def check(self, ctx):
    for goal in ctx.org.goals.values():
        if goal.status != "active":
            continue
        for link in goal.supports:
            parent = ctx.org.goals.get(link.target)
            if parent is not None and parent.status == "retired":
                yield self.finding(f"active goal {goal.id!r} supports retired goal {parent.id!r}", link.location,
                                   related=(parent.location,))
