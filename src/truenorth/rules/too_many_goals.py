"""TN117 too-many-goals: a person owns more active goals than the cap.

Too many goals dilute focus: past a handful, none of them gets the attention it needs. The cap
counts every active goal a person owns (`owner:`), at any level; achieved and retired goals do not
count. It is 5 unless `max_goals_per_person` under `[tool.truenorth]` in pyproject.toml says
otherwise. `truenorth gaps` lists the same people, by the same test (analysis/coverage.py).

FAIL: cat owns six active goals.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - {id: cat-1, title: One, supports: [team-callbacks], owner: cat}
  - {id: cat-2, title: Two, supports: [team-callbacks], owner: cat}
  - {id: cat-3, title: Three, supports: [team-callbacks], owner: cat}
  - {id: cat-4, title: Four, supports: [team-callbacks], owner: cat}
  - {id: cat-5, title: Five, supports: [team-callbacks], owner: cat}
  - {id: cat-6, title: Six, supports: [team-callbacks], owner: cat}
```

FAIL: with a cap of 4, ann, who owns five goals (two corporate, two of `ops`, and `ann-lead`), is
over it.

```toml
# pyproject.toml
[tool.truenorth]
max_goals_per_person = 4
```

PASS: six goals, but only four of them active.

```yaml
# goals/people/cat.yaml
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - {id: cat-1, title: One, supports: [team-callbacks], owner: cat}
  - {id: cat-2, title: Two, supports: [team-callbacks], owner: cat}
  - {id: cat-3, title: Three, supports: [team-callbacks], owner: cat}
  - {id: cat-4, title: Four, supports: [team-callbacks], owner: cat}
  - {id: cat-5, title: Five, supports: [team-callbacks], owner: cat, status: achieved}
  - {id: cat-6, title: Six, supports: [team-callbacks], owner: cat, status: retired}
```
"""

from truenorth.analysis.coverage import overloaded_people
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN117", "too-many-goals", Severity.WARNING, "A person owns more goals than the configured cap.",
      "Merge or drop goals until the few that matter most remain.",
      reads=("goal.owner", "goal.status", "person.name"))
def check(self, ctx):
    for owner, count in overloaded_people(ctx.org, ctx.max_goals_per_person).items():
        person = ctx.org.people[owner]
        yield self.finding(f"{person.name} ({owner!r}) owns {count} active goals; the cap is "
                           f"{ctx.max_goals_per_person}", person.location)
