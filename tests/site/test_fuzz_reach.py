"""site/reach.py under random edits of the sample organisation: every page whose Markdown changed is reached."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.site.reach_helpers import Pages, missed, sample



def _person_files(root: Path) -> list[Path]:
    return sorted((root / "goals/people").rglob("*.yaml"))


def _sub(path: Path, pattern: str, make, n: int) -> None:
    """Replace the n-th (modulo their number) match of pattern in path by make(match)."""
    text = path.read_text(encoding="utf-8")
    found = list(re.finditer(pattern, text, flags=re.M))
    if not found:
        return
    m = found[n % len(found)]
    path.write_text(text[:m.start()] + make(m) + text[m.end():], encoding="utf-8")


def _ids(root: Path, kind: str) -> list[str]:
    pattern = {"goal": r"^  - id: (\S+)$", "department": r"^  id: (\S+)$"}[kind]
    folder = root / "goals" / ("departments" if kind == "department" else "")
    found = []
    for path in sorted(folder.rglob("*.yaml")):
        found += re.findall(pattern, path.read_text(encoding="utf-8"), flags=re.M)
    return found


def apply(root: Path, kind: str, a: int, b: int) -> None:
    """One edit of a kind, at places chosen by a and b."""
    people = _person_files(root)
    person = people[a % len(people)]
    if kind == "title":
        files = people + [root / "goals/corporate.yaml"] + sorted((root / "goals/departments").glob("*.yaml"))
        _sub(files[a % len(files)], r"^    title: .*$", lambda m: f"    title: Retitled {b}", b)
    elif kind == "current":
        _sub(person, r"^        current: .*$", lambda m: f"        current: {b % 120}", b)
    elif kind == "confidence":
        _sub(person, r"^            confidence: .*$", lambda m: "            confidence: " + ["low", "high", "medium"][b % 3], b)
    elif kind == "name":
        _sub(person, r"^  name: .*$", lambda m: f"  name: Zz Person {b}", 0)
    elif kind == "role":
        _sub(person, r"^  role: .*$", lambda m: f"  role: Role {b}", 0)
    elif kind == "department":
        depts = [d for d in _ids(root, "department")]
        _sub(person, r"^  department: .*$", lambda m: f"  department: {depts[b % len(depts)]}", 0)
    elif kind == "supports":
        goals = _ids(root, "goal")
        _sub(person, r"^    supports: .*$", lambda m: f"    supports: [{goals[b % len(goals)]}]", b)
    elif kind == "owner":
        others = [p.stem for p in people]
        _sub(person, r"^    owner: .*$", lambda m: f"    owner: {others[b % len(others)]}", b)
    elif kind == "private":
        _sub(person, r"^    title: .*$", lambda m: m.group(0) + "\n    visibility: private", b)
    elif kind == "retire":
        _sub(person, r"^    title: .*$", lambda m: m.group(0) + "\n    status: retired", b)
    elif kind == "health":
        _sub(person, r"^    title: .*$", lambda m: m.group(0) + "\n    health: at-risk\n    health_reason: a risk", b)
    elif kind == "remove":
        if len(people) > 5:
            person.unlink()
    elif kind == "add":
        text = person.read_text(encoding="utf-8")
        stem = person.stem
        new = f"{stem}-copy{b}"
        if not (person.parent / f"{new}.yaml").exists():
            (person.parent / f"{new}.yaml").write_text(text.replace(stem, new), encoding="utf-8")
    elif kind == "break":
        person.write_text(person.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")


KINDS = ["title", "current", "confidence", "name", "role", "department", "supports", "owner", "private", "retire",
         "health", "remove", "add", "break"]


@settings(max_examples=25)
@given(edits=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000), st.integers(0, 10_000)),
                      min_size=1, max_size=3))
def test_random_edits_reach_every_changed_page(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("fuzz-reach") / "repo"
    org = Pages(sample(root))
    try:
        for kind, a, b in edits:
            apply(root, kind, a, b)
            changed, reach = org.after_edit()
            assert missed(changed, reach) == [], (kind, a, b)
    finally:
        shutil.rmtree(root, ignore_errors=True)
