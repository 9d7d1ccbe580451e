"""Random sequences of saves to a small organisation: after each, the live check (truenorth.live, re-running
only what check_again.py decides) answers exactly as a fresh run_check does."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import VALID_ORG
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.live import LiveCheck

CHOICES = {
    "bob_title": ["Same-day callbacks", "Launch the callback service", "Call back every unresolved case"],
    "bob_current": ["8.5", "7", "12"],
    "bob_period": ["2027-Q1", "2027", "2028", "2026-Q4"],
    "bob_link": ["team-callbacks", "ops-coaching", "no-such-goal", "corp-people", "bob-callbacks", "cat-empathy",
                 "{goal: team-callbacks, weight: 2}", "[team-callbacks, ops-first-contact]"],
    "bob_id": ["bob-callbacks", "bob-calls"],
    "bob_note": ["", "  # truenorth: ignore[TN113] agreed with ops"],
    "team_status": ["active", "retired", "draft"],
    "team_period": ["2027-Q1", "2026-Q2"],
    "team_link": ["ops-first-contact", "ops-coaching", "team-callbacks", "corp-people"],
    "cat_link": ["team-callbacks", "bob-callbacks", "ops-coaching"],
    "cat_extra": [False, True],
    "cat_broken": [False, True],
    "cat_department": ["ops-team", "ops"],
    "csat_customer": ["true", "false"],
    "aht_kind": ["efficiency", "outcome", "activity"],
}
METRICS = (VALID_ORG / "goals/metrics.yaml").read_text(encoding="utf-8")


def _files(v: dict) -> dict[str, str]:
    link = v["bob_link"] if v["bob_link"].startswith("[") else f"[{v['bob_link']}]"
    bob = (f"person:\n  id: bob\n  name: Bob Example\n  department: ops-team\ngoals:\n"
           f"  - id: {v['bob_id']}{v['bob_note']}\n    title: {v['bob_title']}\n    supports: {link}\n    owner: bob\n"
           f"    period: {v['bob_period']}\n    key_results:\n      - metric: aht\n        baseline: 9\n        target: 8\n"
           f"        current: {v['bob_current']}\n      - metric: csat\n        baseline: 70\n        target: 80\n")
    team = ("department:\n  id: ops-team\n  name: Operations front line\n  head: bob\n  parent: ops\ngoals:\n"
            f"  - id: team-callbacks\n    title: Call back every unresolved case\n    supports: [{v['team_link']}]\n"
            f"    owner: bob\n    period: {v['team_period']}\n    status: {v['team_status']}\n")
    cat = (f"person:\n  id: cat\n  name: Cat Example\n  department: {v['cat_department']}\ngoals:\n"
           f"  - id: cat-empathy\n    title: Listen first\n    supports: [{v['cat_link']}]\n    owner: cat\n")
    if v["cat_extra"]:
        cat += "  - id: cat-coach\n    title: Coach new starters\n    supports: [team-callbacks]\n    owner: cat\n"
    if v["cat_broken"]:
        cat += "  - id: [unclosed\n"
    metrics = METRICS.replace("customer: true", f"customer: {v['csat_customer']}", 1)
    metrics = metrics.replace("kind: efficiency", f"kind: {v['aht_kind']}", 1)
    return {"goals/people/bob.yaml": bob, "goals/departments/ops-team.yaml": team, "goals/people/cat.yaml": cat,
            "goals/metrics.yaml": metrics}


EDITS = st.lists(st.sampled_from(sorted(CHOICES)).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(CHOICES[name]))), min_size=1, max_size=8)


def _write(root: Path, files: dict[str, str], before: dict[str, str] | None) -> None:
    for rel, text in files.items():
        if before is None or before[rel] != text:
            (root / rel).write_text(text, encoding="utf-8")


def _started(tmp: Path):
    """(root, the choices made, the files written, its LiveCheck after a first check) of a fresh organisation."""
    root = tmp / "org"
    shutil.copytree(VALID_ORG, root)
    values = {name: options[0] for name, options in CHOICES.items()}
    files = _files(values)
    _write(root, files, None)
    live = LiveCheck(root)
    live.check()
    return root, values, files, live


@given(edits=EDITS)
def test_live_after_each_save_is_a_fresh_check(edits):
    with tempfile.TemporaryDirectory() as tmp:
        root, values, files, live = _started(Path(tmp))
        narrow = 0
        for name, value in edits:
            values[name] = value
            files, before = _files(values), files
            _write(root, files, before)
            result = live.check()
            narrow += not live.decision.everything
            fresh = run_check(load_config(root))
            assert result.findings == fresh.findings
            assert result.summary == fresh.summary
            assert result.traced == fresh.traced
            assert result.org == fresh.org and list(result.org.goals) == list(fresh.org.goals)
            assert list(result.graph.edges(data=True)) == list(fresh.graph.edges(data=True))
            for node in fresh.graph:
                assert list(result.graph.predecessors(node)) == list(fresh.graph.predecessors(node))


def test_the_edits_take_the_narrow_path_too():
    """The fuzz test above would prove little if every save ran every rule."""
    with tempfile.TemporaryDirectory() as tmp:
        root, values, files, live = _started(Path(tmp))
        for name in ("bob_title", "bob_current", "bob_period", "bob_link", "team_status", "team_period", "team_link",
                     "cat_link", "cat_department", "csat_customer", "aht_kind"):
            values[name] = CHOICES[name][1]
            files, before = _files(values), files
            _write(root, files, before)
            live.check()
            assert not live.decision.everything, name
