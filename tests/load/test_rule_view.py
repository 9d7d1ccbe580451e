"""Edits no rule can see reuse the last report; every other edit is checked in full. Either way the
answer is the one a check without any cache gives."""

from __future__ import annotations

import random
import re
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from truenorth import cache
from truenorth.cache.store import CheckCache
from truenorth.cli import cli


# That no rule reads what the rule view leaves out is tested rule by rule, from each rule's declared
# reads: tests/rules/test_fuzz_rule_reads.py.


def sample_copy(tmp_path):
    root = tmp_path / "sample"
    for part in ("goals", "playbook", "schemas"):
        shutil.copytree(REPO_ROOT / part, root / part)
    shutil.copy(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def run(root, *extra):
    out = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", *extra])
    assert out.exit_code in (0, 1), out.output
    return out.exit_code, out.output


def reuses(root) -> bool:
    return cache.open(root).report_after_unseen_edits() is not None


PERSON = "goals/people/quality-voc/clara-jensen.yaml"


@pytest.mark.parametrize("old, new", [
    (r"current: \S+", "current: 12345"),
    (r"(description: >-\n\s+)\S+", r"\1Rewritten"),  # a goal's description
    (r"role: .+", "role: Another role"),
])
def test_a_progress_update_reuses_the_report(tmp_path, old, new):
    root = sample_copy(tmp_path)
    first = run(root)
    person = root / PERSON
    text = person.read_text()
    assert re.search(old, text), old
    person.write_text(re.sub(old, new, text, count=1))
    assert reuses(root)
    assert run(root) == first == run(root, "--no-cache")
    assert cache.open(root).cached_report().report is not None  # and the run was recorded


@pytest.mark.parametrize("old, new", [
    (r"target: \S+", "target: 1"),  # TN115 reads targets
    (r"period: \S+", "period: 2031"),  # TN113 compares periods
    (r"status: \S+|owner: ", "status: retired\n    owner: "),  # the count of goals and TN114
    (r"supports: \[[^\]]+\]", "supports: [no-such-goal]"),  # the graph
    (r"\ngoals:", "\n\ngoals:"),  # every location below moves a line
    (r"metric: \S+", "metric: nps"),  # TN110, TN118
    (r"name: .+", "name: Someone Else"),  # a person's name is in TN112 and TN117 messages
    (r"goals:", "goals: [unclosed"),  # a YAML error is a finding of the file itself
    (r"title: .+", "title: A brand new title for this goal"),  # TN205 and TN208 read titles
    (r"description: .+", "description: Launch it"),  # TN205 reads a key result's description
    (r"baseline: \S+", "baseline: 3"),  # TN201 and TN202 read baselines
    (r"(- id: \S+)", r"\1  # truenorth: ignore[TN205] a comment, read as a suppression"),  # goal.suppressions
])
def test_an_edit_a_rule_can_see_is_checked_in_full(tmp_path, old, new):
    root = sample_copy(tmp_path)
    run(root)
    person = root / PERSON
    text = person.read_text()
    assert re.search(old, text), old
    person.write_text(re.sub(old, new, text, count=1))
    assert not reuses(root)
    assert run(root) == run(root, "--no-cache")


def test_added_or_removed_files_are_checked_in_full(tmp_path):
    root = sample_copy(tmp_path)
    run(root)
    extra = root / "goals/people/quality-voc/zoe.yaml"
    extra.write_text((root / PERSON).read_text().replace("clara-jensen", "zoe"))
    assert not reuses(root)
    assert run(root) == run(root, "--no-cache")
    extra.unlink()
    assert not reuses(root)


def test_a_file_that_changes_again_during_the_check_is_not_trusted(tmp_path, monkeypatch):
    root = sample_copy(tmp_path)
    run(root)
    person = root / PERSON
    person.write_text(re.sub(r"current: \S+", "current: 1", person.read_text(), count=1))
    opened = cache.open(root)
    opened.fingerprint()
    person.write_text(re.sub(r"current: \S+", "current: 2", person.read_text(), count=1))  # after the fingerprint
    assert opened.report_after_unseen_edits() is None


# Values a random edit may put in place of a key's value: some no rule reads, some that every rule reads.
EDITS = {
    "current": ["0", "55", "99.5", "-3"], "baseline": ["1", "70"], "title": ["Shorter", "A title: with a colon"],
    "description": ["Rewritten text.", "'quoted'"], "health": ["at-risk", "on-track"], "health_reason": ["Why."],
    "role": ["Lead"], "target": ["80", "abc"], "period": ["2027", "2027-Q1", "2030-H2", "20x"],
    "status": ["active", "achieved", "retired"], "owner": ["ann", "clara-jensen", "nobody-at-all"],
    "metric": ["csat", "nps", "aht", "made-up"], "supports": ["[voc-insight]", "[no-such]", "[]"],
}
LINE = re.compile(r"^(\s*(?:- )?)(" + "|".join(EDITS) + r"): .*$", re.M)


def random_edit(text: str, rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.8:
        lines = list(LINE.finditer(text))
        if lines:
            m = rng.choice(lines)
            value = rng.choice(EDITS[m.group(2)])
            return text[:m.start()] + f"{m.group(1)}{m.group(2)}: {value}" + text[m.end():]
    if kind < 0.9:
        return text + "# a comment at the end\n"
    at = rng.choice([m.start() for m in re.finditer("\n", text)] or [0])
    return text[:at] + "\n" + text[at:]  # a blank line: what follows moves down


def test_random_edits_give_the_answer_of_a_check_without_cache(tmp_path, monkeypatch):
    root = sample_copy(tmp_path)
    files = sorted(p for p in (root / "goals").rglob("*.yaml") if "people" in p.parts or "departments" in p.parts)
    reused = []
    original = CheckCache.carry_over_unseen_edits  # (what report_after_unseen_edits and the printed answer's reuse ask)

    def spy(self, *args, **kwargs):
        carried = original(self, *args, **kwargs)
        reused.append(carried)
        return carried

    monkeypatch.setattr(CheckCache, "carry_over_unseen_edits", spy)
    rng = random.Random(2026)
    run(root)
    for _ in range(40):
        for path in rng.sample(files, rng.choice([1, 1, 1, 2])):
            path.write_text(random_edit(path.read_text(), rng))
        assert run(root) == run(root, "--no-cache")
    assert 5 <= sum(reused) <= len(reused) - 5  # both paths were taken
