"""TN208 near-duplicate-goal: two departments' goals with nearly the same title.

Two teams chasing the same thing may be exactly right (then they should know about each other and
share the measure), or a sign that the work was split twice. The rule compares the titles of
department goals in different departments, ignoring case, punctuation, word order, small words
("the", "of", "every"...) and simple word endings ("solve", "solving", "solves"), and flags a
goal whose title reads the same as an earlier one's. Two goals linked in the cascade are left alone:
one that directly supports the other (restating a parent's goal for a team is how a cascade works),
or two that support the same department goal (sibling teams each taking their part of it, coordinated
through it). Two departments carrying one corporate goal under the same title are flagged: that is
where work gets split twice. Retired goals are not compared.

FAIL: billing and operations both set out to solve it at first contact.

```yaml
# goals/departments/billing.yaml
department:
  id: billing
  name: Billing
  head: cat
  parent: ops-team
goals:
  - id: billing-first-contact
    title: Solving it at first contact
    supports: [corp-satisfaction]
    owner: cat
    period: 2027
    key_results:
      - {metric: csat, baseline: 70, target: 75}
```

PASS: billing's own part of it.

```yaml
# goals/departments/billing.yaml
department:
  id: billing
  name: Billing
  head: cat
  parent: ops-team
goals:
  - id: billing-first-contact
    title: Bills that need no phone call
    supports: [corp-satisfaction]
    owner: cat
    period: 2027
    key_results:
      - {metric: csat, baseline: 70, target: 75}
```

PASS: two teams taking their part of one department goal under the same title.

```yaml
# goals/departments/billing.yaml
department:
  id: billing
  name: Billing
  head: cat
  parent: ops-team
goals:
  - id: billing-callbacks
    title: Calling back every unresolved case
    supports: [ops-first-contact]
    owner: cat
    period: 2027-Q1
    key_results:
      - {metric: csat, baseline: 70, target: 75}
```
"""

import re

from truenorth.analysis.coverage import is_retired
from truenorth.findings import Severity
from truenorth.model import Level
from truenorth.rules.base import rule

SMALL_WORDS = frozenset("a an and at by every for from in into is it its of on our the to we with all".split())
_WORD = re.compile(r"[^\W_]+")
_ENDINGS = ("ing", "ed", "es", "s", "e")


def title_key(title: str) -> frozenset[str]:
    """What a title says, for comparing: its words lower-cased, small words dropped, a simple ending cut."""
    words = set()
    for word in _WORD.findall(title.lower()):
        if word in SMALL_WORDS:
            continue
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[:-len(ending)]
                break
        words.add(word)
    return frozenset(words)


def _common_department_goal(org, one, other) -> bool:
    """Whether both support one department goal (sibling teams, coordinated through it)."""
    shared = set(one.supported_ids).intersection(other.supported_ids)
    return any(target in org.goals and org.goals[target].level == Level.DEPARTMENT for target in shared)


@rule("TN208", "near-duplicate-goal", Severity.WARNING,
      "Two departments have goals with nearly the same title: two teams chasing the same thing?",
      "Talk to the other department: merge the goals, make one support the other, or word each as its own part.",
      reads=("goal.level", "goal.status", "goal.title", "goal.department", "goal.supports", "goal.visibility"),
      play="plays/cascade-the-vision.md#one-goal-one-owner-one-team")
def check(self, ctx):
    first: dict[frozenset, list] = {}
    for goal in ctx.org.goals.values():
        if goal.level != Level.DEPARTMENT or is_retired(goal) or not goal.department:
            continue
        key = title_key(goal.title)
        if len(key) < 2:  # one word says too little to call two goals the same
            continue
        earlier = first.setdefault(key, [])
        other = None  # the first public one alike, if any: which goal is named must not depend on a private title
        for candidate in earlier:
            if (candidate.department != goal.department and candidate.id not in goal.supported_ids
                    and goal.id not in candidate.supported_ids
                    and not _common_department_goal(ctx.org, goal, candidate)):
                if other is None or other.is_private:
                    other = candidate
                if not other.is_private:
                    break
        if other is not None:
            yield self.finding(f"{goal.id!r} ({goal.department}) reads like {other.id!r} ({other.department}): "
                               f"{goal.title!r} and {other.title!r}", goal.location, related=(other.location,))
        earlier.append(goal)
