"""TN107-TN110: names that point at no one and nothing.

TN107 unknown-owner: a goal's (or the vision's) owner is not a person in goals/people/.
TN108 unknown-department: a person's department, or a department's parent, does not exist.
TN109 unknown-head: a department head is not a person.
TN110 unknown-metric: a key result's metric is not in goals/metrics.yaml.

FAIL: `owner: catt` when the person file is goals/people/cat.yaml; `metric: cstat`.
PASS: every owner, head, department and metric names something that exists.
"""

from truenorth.findings import Severity
from truenorth.rules.base import did_you_mean, rule


def _maybe(word, candidates):
    close = did_you_mean(word, candidates, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


@rule("TN107", "unknown-owner", Severity.ERROR, "A goal's owner is not a known person.",
      "Use the id of a person file in goals/people/ (its file name without .yaml).")
def unknown_owner(self, ctx):
    people = ctx.org.people
    vision = ctx.org.vision
    if vision is not None and vision.owner and vision.owner not in people:
        yield self.finding(f"the vision's owner {vision.owner!r} is not a known person{_maybe(vision.owner, people)}",
                           vision.location)
    for goal in ctx.org.goals.values():
        if goal.owner not in people:
            yield self.finding(f"{goal.id!r} is owned by {goal.owner!r}, who is not a known person"
                               f"{_maybe(goal.owner, people)}", goal.owner_location or goal.location)


@rule("TN108", "unknown-department", Severity.ERROR, "A person's department or a department's parent does not exist.",
      "Use the id of a department file in goals/departments/.")
def unknown_department(self, ctx):
    departments = ctx.org.departments
    for person in ctx.org.people.values():
        if person.department not in departments:
            yield self.finding(f"{person.id!r} belongs to department {person.department!r}, which does not exist"
                               f"{_maybe(person.department, departments)}", person.department_location or person.location)
    for dept in departments.values():
        if dept.parent and dept.parent not in departments:
            yield self.finding(f"department {dept.id!r} has parent {dept.parent!r}, which does not exist"
                               f"{_maybe(dept.parent, departments)}", dept.parent_location or dept.location)
        elif dept.parent:
            seen, current = [dept.id], departments.get(dept.parent)
            while current is not None and current.parent and current.id not in seen:
                seen.append(current.id)
                current = departments.get(current.parent)
            if current is not None and current.id in seen and current.id == dept.id:
                yield self.finding(f"department {dept.id!r} is its own ancestor: {' → '.join(seen + [dept.id])}",
                                   dept.parent_location or dept.location, "Departments form a tree: fix a `parent:`.")


@rule("TN109", "unknown-head", Severity.ERROR, "A department head is not a known person.",
      "Use the id of a person file in goals/people/.")
def unknown_head(self, ctx):
    for dept in ctx.org.departments.values():
        if dept.head not in ctx.org.people:
            yield self.finding(f"department {dept.id!r} has head {dept.head!r}, who is not a known person"
                               f"{_maybe(dept.head, ctx.org.people)}", dept.head_location or dept.location)


@rule("TN110", "unknown-metric", Severity.ERROR, "A key result uses a metric that is not in the catalogue.",
      "Use an id from goals/metrics.yaml, or add the metric there.")
def unknown_metric(self, ctx):
    metrics = ctx.org.metrics
    for goal in ctx.org.goals.values():
        for kr in goal.key_results:
            if kr.metric not in metrics:
                yield self.finding(f"{goal.id!r} has a key result on metric {kr.metric!r}, which is not in the "
                                   f"catalogue{_maybe(kr.metric, metrics)}", kr.location)
