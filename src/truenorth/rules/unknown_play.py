"""TN116 unknown-play: `plays` names a page that is not in the playbook.

A goal lists under `plays:` the playbook plays it applies, by the file name (without `.md`) of the
play's page in playbook/plays/; each play's page then lists the goals that apply it. A name with no
page links to nothing. The message suggests the closest play. Without a playbook folder (see
`playbook_dir` under `[tool.truenorth]`), `plays` is not checked.

FAIL: `voise` has no page (the play is playbook/plays/voice.md).

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    plays: [voise]
```

PASS: every play is the name of a page in playbook/plays/.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    plays: [voice]
```
"""

from truenorth.findings import Severity
from truenorth.rules.base import did_you_mean, rule


@rule("TN116", "unknown-play", Severity.ERROR, "`plays` names no page of the playbook.",
      "Use the file name (without .md) of a page in playbook/plays/.",
      reads=("goal.plays",))
def check(self, ctx):
    if ctx.plays is None:
        return
    for goal in ctx.org.goals.values():
        for play in goal.plays:
            if play not in ctx.plays:
                close = did_you_mean(play, ctx.plays, n=1)
                message = f"{goal.id!r} applies play {play!r}, which has no page in the playbook"
                if close:
                    message += f"; did you mean {close[0]!r}?"
                yield self.finding(message, goal.plays_location or goal.location)
