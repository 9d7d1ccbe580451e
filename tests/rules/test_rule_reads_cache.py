"""A new rule needs nothing but its `reads=` declaration to work with the check's cache: after an edit
of a field only it reads, the cached `truenorth check` reports its new finding, as `--no-cache` does."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from truenorth import rules
from truenorth.cli import cli
from truenorth.findings import Severity
from truenorth.rules.base import rule


@rule("TN990", "shouted-title", Severity.WARNING, "A goal's title is in capitals.", reads=("goal.title",))
def shouted_title(self, ctx):
    for goal in ctx.org.goals.values():
        if goal.title.isupper():
            yield self.finding(f"{goal.id!r} shouts its title", goal.location)


@rule("TN991", "period-in-the-past", Severity.WARNING, "A goal's period is over.", reads=("goal.period",))
def period_in_the_past(self, ctx):
    for goal in ctx.org.goals.values():
        if goal.period and goal.period.startswith("2020"):
            yield self.finding(f"{goal.id!r} ran in {goal.period}", goal.location)


# (the new rule, a line of goals/people/bob.yaml, that line edited in place: nothing moves)
EDITS = {
    "title": (shouted_title, "    title: Same-day callbacks", "    title: SAME-DAY CALLBACKS"),
    "period": (period_in_the_past, "    period: 2027-Q1", "    period: 2020-Q1"),
}


def _check(root, *args: str) -> tuple[int, list[tuple[str, str]]]:
    done = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", *args])
    assert done.exit_code in (0, 1), done.output
    return done.exit_code, [(f["code"], f["message"]) for f in json.loads(done.output)["findings"]]


@pytest.mark.parametrize("field", sorted(EDITS))
def test_a_rule_registered_with_its_reads_is_seen_by_the_cached_check(org_factory, monkeypatch, field):
    new_rule, line, edited = EDITS[field]
    monkeypatch.setattr(rules, "GRAPH_RULES", [*rules.GRAPH_RULES, new_rule])
    root = org_factory()
    before = _check(root)  # recorded in the cache
    assert new_rule.code not in {code for code, _ in before[1]}
    assert _check(root) == before  # from the cache
    bob = root / "goals" / "people" / "bob.yaml"
    text = bob.read_text(encoding="utf-8")
    assert line + "\n" in text
    bob.write_text(text.replace(line + "\n", edited + "\n", 1), encoding="utf-8")
    cached = _check(root)
    assert cached == _check(root, "--no-cache")
    assert new_rule.code in {code for code, _ in cached[1]}
    assert _check(root) == cached  # and recorded so
