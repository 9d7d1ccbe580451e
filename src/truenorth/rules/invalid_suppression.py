"""TN210 invalid-suppression: a `# truenorth: ignore[...]` comment without a reason, or naming no rule it can silence.

A team that knows better can silence a warning on one goal: a comment on the goal's first line (its
`- id:` line), `# truenorth: ignore[TN205] the rollout is the promise we made the regulator`, leaves
out that rule's findings inside the goal's item. Several codes may be given, separated by commas. The
reason is what the next reader needs, so a suppression without one is itself a warning, and so is
one that names no rule, or a rule whose findings are errors (an error is never silenced inline: fix
it, or change the rule's severity in `[tool.truenorth.severity]`). A suppression written anywhere but
on a goal's first line is not read. `check`'s summary line counts the findings suppressed.

FAIL: a suppression without a reason.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks  # truenorth: ignore[TN205]
    title: Launch the callback service
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
```

PASS: the same, with its reason.

```yaml
# goals/departments/ops-team.yaml
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks  # truenorth: ignore[TN205] the launch date is what we promised the regulator
    title: Launch the callback service
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import rule

CODE = "TN210"


def suppressible_codes() -> frozenset[str]:
    """The codes an inline comment may silence: the graph rules whose findings are warnings, but this one."""
    from truenorth.rules import ALL_RULES
    from truenorth.rules.loading import LOAD_RULES

    return frozenset(r.code for r in ALL_RULES
                     if r.code not in LOAD_RULES and r.severity == Severity.WARNING and r.code != CODE)


@rule(CODE, "invalid-suppression", Severity.WARNING,
      "An inline suppression has no reason, or names no rule whose warnings it may silence.",
      "Write why after the brackets: `# truenorth: ignore[TN205] why this goal is right as it is`.",
      reads=("goal.suppressions",), play="reference/goal-quality.md#suppressing-a-finding")
def check(self, ctx):
    from truenorth.rules import RULES_BY_KEY

    allowed = suppressible_codes()
    for goal in ctx.org.goals.values():
        for s in goal.suppressions:
            if s.code not in allowed:
                known = RULES_BY_KEY.get(s.code)
                why = (f"{s.code!r} names no rule" if known is None else
                       f"{s.code!r} is a rule's name: write its code, {known.code}" if known.code != s.code else
                       f"{s.code} reports errors, which are never silenced inline" if known.code != CODE else
                       f"{s.code} cannot be silenced")
                yield self.finding(f"the suppression on {goal.id!r} is not used: {why}", s.location,
                                   "Name a warning's code, such as ignore[TN205] (`truenorth rules` lists them).")
            elif not s.reason:
                yield self.finding(f"the suppression of {s.code} on {goal.id!r} gives no reason", s.location)
