"""TN104 duplicate-id: two goals (or people, departments, metrics) with the same id.

FAIL: `id: cx-nps` in goals/corporate.yaml and in goals/departments/quality.yaml.
PASS: ids are unique across the goals folder.
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN104", "duplicate-id", Severity.ERROR, "An id is used twice; links to it would be ambiguous.",
      "Give one of them a new id (and update the `supports:` that meant it).")
def check(self, ctx):
    for dup in ctx.duplicates:
        yield self.finding(
            f"the {dup.kind} id {dup.id!r} is already used at {dup.first}; only the first is kept",
            dup.second, related=(dup.first,))
