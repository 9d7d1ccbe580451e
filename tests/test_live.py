"""truenorth.live: the organisation kept in memory between saves answers as a fresh check does."""

from __future__ import annotations

import os

from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.live import LiveCheck


def _fresh(root):
    return run_check(load_config(root))


def _same(live, fresh) -> None:
    assert live.findings == fresh.findings
    assert live.summary == fresh.summary
    assert live.org.goals == fresh.org.goals
    assert live.org.people == fresh.org.people
    assert live.org.departments == fresh.org.departments
    assert live.traced == fresh.traced
    assert sorted(live.graph.edges) == sorted(fresh.graph.edges)


def _older(path, seconds=10) -> None:
    """As if saved a while ago: the stat data alone then vouch for it (see live.RACY_NS)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def _age_all(root) -> None:
    for path in (root / "goals").rglob("*.yaml"):
        _older(path)


def test_changed_added_and_removed_files_give_a_fresh_checks_findings(org_factory):
    root = org_factory()
    _age_all(root)
    live = LiveCheck(root)
    _same(live.check(), _fresh(root))
    assert live.parsed == len(list((root / "goals").rglob("*.yaml")))

    bob = root / "goals/people/bob.yaml"  # changed: a title, and a link to nowhere (an error finding)
    bob.write_text(bob.read_text(encoding="utf-8").replace("Same-day callbacks", "Callbacks the same day")
                   .replace("supports: [team-callbacks]", "supports: [no-such-goal]"), encoding="utf-8")
    result = live.check()
    assert live.parsed == 1
    assert any(f.code for f in result.findings if "no-such-goal" in f.message)
    assert result.org.goals["bob-callbacks"].title == "Callbacks the same day"
    _same(result, _fresh(root))

    (root / "goals/people/dan.yaml").write_text(  # added
        "person:\n  id: dan\n  name: Dan Example\n  department: ops\n"
        "goals:\n  - id: dan-calls\n    title: Answer the phone\n    supports: [ops-coaching]\n    owner: dan\n",
        encoding="utf-8")
    result = live.check()
    assert live.parsed == 1 and "dan-calls" in result.org.goals
    _same(result, _fresh(root))

    (root / "goals/people/cat.yaml").unlink()  # removed: its goal goes, and the check says what that leaves
    result = live.check()
    assert live.parsed == 0 and "cat-empathy" not in result.org.goals
    _same(result, _fresh(root))


def test_a_file_saved_twice_with_the_same_stat_data_is_read_again(org_factory):
    root = org_factory()
    live = LiveCheck(root)  # files written just now: their content decides, not their stat data
    live.check()
    ann = root / "goals/people/ann.yaml"
    before = ann.stat()
    text = ann.read_text(encoding="utf-8")
    edited = text.replace("Take calls one morning a month", "Make calls one morning a month")
    assert len(edited) == len(text)
    ann.write_text(edited, encoding="utf-8")
    os.utime(ann, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same size and modification time
    result = live.check()
    assert result.org.goals["ann-lead"].title == "Make calls one morning a month"
    _same(result, _fresh(root))


def test_a_broken_file_and_its_fix(org_factory):
    root = org_factory()
    _age_all(root)
    live = LiveCheck(root)
    live.check()
    cat = root / "goals/people/cat.yaml"
    good = cat.read_text(encoding="utf-8")
    cat.write_text(good + "  - id: [unclosed\n", encoding="utf-8")
    result = live.check()
    assert result.has_errors
    _same(result, _fresh(root))
    cat.write_text(good, encoding="utf-8")
    _same(live.check(), _fresh(root))
