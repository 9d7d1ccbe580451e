"""truenorth.cache.period_edits: after edits to periods alone, TN113 re-checked on the links they touch
gives exactly the findings of a check without cache; any other edit goes the long way."""

from __future__ import annotations

import random
import re
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from truenorth.cache import period_edits
from truenorth.load import organisation
from truenorth.cli import cli

PERIODS = ["2026", "2027", "2028", "2027-H1", "2027-H2", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]


@pytest.fixture(autouse=True, params=["one frame", "frames of three files"])
def _frames(request, monkeypatch):
    """The sample fits in one chunk of the cache; in frames of three files, the re-check also reads
    frames that hold no edited file (skipped whole, or looked into for links to an edited goal)."""
    if request.param == "frames of three files":
        monkeypatch.setattr(organisation, "CHUNK_FILES", 3)


def _repo(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "goals", root / "goals")
    shutil.copytree(REPO_ROOT / "playbook", root / "playbook")
    shutil.copy2(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _check(root, *extra):
    out = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", *extra])
    return out.exit_code, out.output


def _taken(monkeypatch):
    taken = []
    real = period_edits.report_after_period_edits

    def spy(config, cache, limit=period_edits.LIMIT, **kwargs):
        report = real(config, cache, limit, **kwargs)
        taken.append(report is not None)
        return report

    monkeypatch.setattr(period_edits, "report_after_period_edits", spy)
    return taken


def _set_period(path, rng) -> bool:
    text = path.read_text(encoding="utf-8")
    spots = [m for m in re.finditer(r"(?m)^(\s+period: )(\S+)$", text)]
    if not spots:
        return False
    spot = rng.choice(spots)
    new = rng.choice([p for p in PERIODS if p != spot.group(2)])
    path.write_text(text[:spot.start(2)] + new + text[spot.end(2):], encoding="utf-8")
    return True


def test_a_period_edit_gives_the_findings_of_a_check_without_cache(tmp_path, monkeypatch):
    root = _repo(tmp_path)
    taken = _taken(monkeypatch)
    assert _check(root)[0] == 0
    taken.clear()
    person = root / "goals/people/quality-voc/clara-jensen.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("period: 2027-H1", "period: 2028", 1) if "period: 2027-H1" in text
                      else re.sub(r"period: \S+", "period: 2028", text, count=1), encoding="utf-8")
    fast = _check(root)
    assert taken == [True]
    assert fast == _check(root, "--no-cache") and '"TN113"' in fast[1]
    # and back: the warning goes
    person.write_text(text, encoding="utf-8")
    assert _check(root) == _check(root, "--no-cache")


def test_random_period_edits_and_others_give_the_findings_of_a_check_without_cache(tmp_path, monkeypatch):
    root = _repo(tmp_path)
    taken = _taken(monkeypatch)
    rng = random.Random(11)
    files = sorted(p for p in (root / "goals").rglob("*.yaml") if p.name not in ("vision.yaml", "metrics.yaml"))
    _check(root)
    for round_ in range(40):
        for path in rng.sample(files, rng.choice([1, 1, 2, 3])):
            _set_period(path, rng)
        if rng.random() < 0.25:  # something besides a period: a link, a line moved, a target
            path = rng.choice(files)
            text = path.read_text(encoding="utf-8")
            choice = rng.random()
            if choice < 0.4 and "target:" in text:
                text = re.sub(r"target: (\d+)", lambda m: f"target: {int(m.group(1)) + 1}", text, count=1)
            elif choice < 0.7:
                text = "# moved\n" + text
            else:
                text = re.sub(r"supports: \[[^\]\n]*\]", "supports: [no-such-goal]", text, count=1)
            path.write_text(text, encoding="utf-8")
        assert _check(root) == _check(root, "--no-cache"), f"round {round_}"
    assert taken.count(True) >= 10 and taken.count(False) >= 5  # both ways were taken


def _set_goal_period(path, goal_id: str, period: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"id: {goal_id}\n")
    spot = re.compile(r"period: \S+").search(text, start)
    path.write_text(text[:spot.start()] + f"period: {period}" + text[spot.end():], encoding="utf-8")


def test_a_parent_re_checked_earlier_is_read_with_its_new_period(tmp_path, monkeypatch):
    """Two re-checks in a row: the department goal's new period, recorded by the first, is the one
    the second compares its supporter with (the cache's chunk still holds the old one)."""
    root = _repo(tmp_path)
    taken = _taken(monkeypatch)
    _check(root)
    department = next(p for p in (root / "goals" / "departments").glob("*.yaml")
                      if "id: qv-close-the-loop\n" in p.read_text(encoding="utf-8"))
    person = root / "goals/people/quality-voc/clara-jensen.yaml"
    assert "supports: [qv-close-the-loop]" in person.read_text(encoding="utf-8")
    taken.clear()
    _set_goal_period(department, "qv-close-the-loop", "2027-H1")
    assert _check(root) == _check(root, "--no-cache")
    text = person.read_text(encoding="utf-8")
    block = text.index("supports: [qv-close-the-loop]")
    spot = re.compile(r"period: \S+").search(text, block)
    person.write_text(text[:spot.start()] + "period: 2027-Q4" + text[spot.end():], encoding="utf-8")
    second = _check(root)
    assert second == _check(root, "--no-cache") and '"TN113"' in second[1]  # Q4 outlives H1
    assert taken == [True, True]  # both edits took the re-check


def test_a_period_edit_after_a_progress_update_of_the_same_file_takes_the_re_check(tmp_path, monkeypatch):
    """The progress update leaves the file's chunk record older than the run (rule view the same)."""
    root = _repo(tmp_path)
    taken = _taken(monkeypatch)
    _check(root)
    person = root / "goals/people/quality-voc/clara-jensen.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(re.sub(r"current: (\d+)", r"current: \g<1>1", text, count=1), encoding="utf-8")
    assert _check(root) == _check(root, "--no-cache")  # a progress update: the report stands
    taken.clear()
    _set_period(person, random.Random(3))
    assert _check(root) == _check(root, "--no-cache") and taken == [True]


def test_a_chunk_record_that_rules_would_read_otherwise_is_not_used(tmp_path, monkeypatch):
    """Should the chunks lag behind the run in what rules read (a full check that could not write
    them), the re-check is not taken."""
    from truenorth.cache.store import CheckCache
    from truenorth.config import load_config

    root = _repo(tmp_path)
    _check(root)
    linked = root / "goals/people/quality-voc/clara-jensen.yaml"
    linked.write_text(linked.read_text(encoding="utf-8").replace("supports: [qv-close-the-loop]",
                                                                  "supports: [qv-share-low-scores]", 1), encoding="utf-8")
    from truenorth.cache.store import ChunkWriter

    real_finish = ChunkWriter.finish
    with monkeypatch.context() as patch:
        patch.setattr(ChunkWriter, "finish", lambda self, keep: real_finish(self, keep=False))
        _check(root)  # recorded, but the chunks still hold the old link
    other = next(p for p in sorted((root / "goals" / "departments").glob("*.yaml")) if "period:" in p.read_text())
    _set_period(other, random.Random(5))
    cache = CheckCache.open(root)
    assert cache.report is not None  # the run is on record
    assert period_edits.report_after_period_edits(load_config(root), cache) is None
    assert _check(root) == _check(root, "--no-cache")


# That no rule but TN113 reads a period is no longer a contract kept here: each rule declares what it
# reads (tests/rules/test_fuzz_rule_reads.py holds them to it), and the re-check steps aside when another
# rule declares periods (tests/rules/test_rule_reads_cache.py).


def test_a_period_moved_into_the_past_is_re_checked_by_the_goal_scope_rules_too(tmp_path, monkeypatch):
    """TN140 (a period that has ended, never closed out) looks at one goal at a time: the period path
    runs it again on the edited goals, and the answer is the check's without cache, both ways."""
    root = _repo(tmp_path)
    taken = _taken(monkeypatch)
    assert _check(root)[0] == 0
    taken.clear()
    person = root / "goals/people/quality-voc/clara-jensen.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(re.sub(r"period: \S+", "period: 2026-Q3", text, count=1), encoding="utf-8")
    fast = _check(root)
    assert taken == [True]
    assert fast == _check(root, "--no-cache")
    assert '"TN140"' in fast[1] and "clara-jensen.yaml" in fast[1]
    person.write_text(text, encoding="utf-8")
    taken.clear()
    back = _check(root)
    assert taken == [True] and back == _check(root, "--no-cache") and '"TN140"' not in back[1]


def test_period_edits_print_the_text_a_check_without_cache_prints(tmp_path, monkeypatch):
    """In the text format the output is made from the one printed for the report on record, the files whose
    findings changed rendered again (report/text.py splice_text): the same bytes as the full check's."""
    from truenorth.report import text

    root = _repo(tmp_path)
    taken = _taken(monkeypatch)
    spliced = []
    real = text.splice_text
    monkeypatch.setattr(text, "splice_text", lambda *args, **kwargs: spliced.append(real(*args, **kwargs)) or spliced[-1])
    rng = random.Random(5)
    files = sorted(p for p in (root / "goals").rglob("*.yaml") if p.name not in ("vision.yaml", "metrics.yaml"))

    def check(*extra):
        out = CliRunner().invoke(cli, ["check", "--root", str(root), *extra])
        return out.exit_code, out.output

    check()
    for round_ in range(25):
        for path in rng.sample(files, rng.choice([1, 2])):
            _set_period(path, rng)
        if round_ % 8 == 7:
            check("--format", "json")  # the text printed for the report on record is not there: rendered
        assert check() == check("--no-cache"), f"round {round_}"
    assert taken.count(True) >= 15
    assert sum(s is not None for s in spliced) >= 10
    assert "TN113" in check()[1]  # (the edits made findings to print)
