"""TN116 unknown-play: `plays` names a page that is not in the playbook.

FAIL: `plays: [voice-of-customer]` when the page is playbook/plays/voice-of-the-customer.md.
PASS: every id under `plays` is the file name of a page in playbook/plays/.
"""

from truenorth.findings import Severity
from truenorth.rules.base import did_you_mean, rule


@rule("TN116", "unknown-play", Severity.ERROR, "`plays` names no page of the playbook.",
      "Use the file name (without .md) of a page in playbook/plays/.")
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
