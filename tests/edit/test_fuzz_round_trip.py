"""Round trip of generated goals files in the sample's style: loading and dumping gives the same bytes, and
changing one value changes one line."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.edit.helpers import changed_lines
from truenorth.edit import YamlDocument

ids = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
words = st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9',.&()]{0,11}", fullmatch=True), min_size=1, max_size=30)
comments = st.lists(st.from_regex(r"[ -~]{0,60}", fullmatch=True).map(str.rstrip), max_size=3)


@st.composite
def titles(draw):
    text = " ".join(draw(words))
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text + '"'
    return text if not text.startswith("'") else "'" + text.replace("'", "''") + "'"


@st.composite
def goal_items(draw, owner):
    lines = [f"  - id: {draw(ids)}", f"    title: {draw(titles())}"]
    supports = draw(st.lists(ids, min_size=1, max_size=3))
    if draw(st.booleans()):
        weight = draw(st.integers(1, 9))
        lines.append(f"    supports: [{{goal: {supports[0]}, weight: {weight}}}{''.join(', ' + s for s in supports[1:])}]")
    else:
        lines.append("    supports:")
        lines.extend(f"      - {s}" for s in supports)
    lines.append(f"    owner: {owner}")
    lines.append(f"    period: {draw(st.sampled_from(['2027', '2027-H1', '2027-Q3', '2026']))}")
    if draw(st.booleans()):
        lines.append("    description: >-")
        text = draw(words)
        for start in range(0, len(text), 8):
            lines.append("      " + " ".join(text[start:start + 8]))
    for comment in draw(comments):
        lines.append(f"    # {comment}".rstrip())
    if draw(st.booleans()):
        lines.append("    key_results:")
        for metric in draw(st.lists(ids, min_size=1, max_size=3)):
            lines.append(f"      - metric: {metric}")
            lines.append(f"        baseline: {draw(st.integers(0, 100))}")
            lines.append(f"        target: {draw(st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)))}")
    if draw(st.booleans()):
        lines.append(f"    updated: 2027-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))}")
    return "\n".join(lines) + "\n"


@st.composite
def person_files(draw):
    person = draw(ids)
    head = ["# yaml-language-server: $schema=../../../schemas/person.schema.json"]
    head += [f"# {c}".rstrip() for c in draw(comments)]
    head += ["person:", f"  id: {person}", f"  name: {' '.join(draw(words)[:3])}", f"  department: {draw(ids)}"]
    if draw(st.booleans()):
        head.append(f"  role: {draw(titles())}")
    items = draw(st.lists(goal_items(person), min_size=1, max_size=4))
    separator = "\n" if draw(st.booleans()) else ""
    return "\n".join(head) + "\ngoals:\n" + separator.join(items)


@given(text=person_files(), new_title=words)
def test_generated_files_round_trip_and_an_edit_changes_one_line(tmp_path_factory, text, new_title):
    file = Path(tmp_path_factory.mktemp("fuzz")) / "p.yaml"
    file.write_text(text, encoding="utf-8")
    document = YamlDocument.read("p.yaml", file)
    assert document.dump() == text
    goal = document.data["goals"][0]
    title = " ".join(new_title)
    if title == goal["title"]:
        return
    goal["title"] = title
    removed, added = changed_lines(text.encode(), document.render())
    assert len(removed) == 1 and removed[0].startswith("    title: ")
    assert len(added) == 1 and added[0].startswith("    title: ")
    assert yaml.safe_load(document.render())["goals"][0]["title"] == title  # read back as the text written
