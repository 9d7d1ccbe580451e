"""The inline SVG pictures: well-formed, escaped, capped, laid out without overlaps."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from site_orgs import TODAY, goal, result_for, small_org, synthetic_org

from truenorth.model import Level

from truenorth.site import build_pages
from truenorth.site.diagrams import (BOX_H, BOX_W, Diagram, Node, donut, figure, layered_svg, progress_bar,
                                     status_bar, _wrap)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def boxes(root: ET.Element) -> list[tuple[float, float]]:
    found = []
    for el in root.iter():
        m = re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", el.get("transform", ""))
        if m:
            found.append((float(m.group(1)), float(m.group(2))))
    return found


def test_progress_bar_width_is_the_progress():
    root = parse(progress_bar(0.42, "on-track", 0.5))
    rects = root.findall(f"{SVG}rect")
    assert rects[1].get("width") == "42.0%"
    assert rects[2].get("x") == "50.0%"
    assert root.get("data-progress") == "0.420"
    assert root.find(f"{SVG}title").text == "42% done, 50% expected by now"
    assert parse(progress_bar(1.7)).findall(f"{SVG}rect")[1].get("width") == "100.0%"
    empty = parse(progress_bar(None))
    assert len(empty.findall(f"{SVG}rect")) == 1 and empty.get("data-progress") is None


def test_status_bar_segments_add_up():
    root = parse(status_bar({"on-track": 3, "at-risk": 1, "off-track": 0}, width=400))
    segments = [r for r in root.findall(f"{SVG}rect") if r.get("data-status")]
    assert [(r.get("data-status"), r.get("data-count")) for r in segments] == [("on-track", "3"), ("at-risk", "1")]
    assert sum(float(r.get("width")) for r in segments) == 400
    assert root.get("class") == "tn-diagram tn-statusbar" and root.find(f"{SVG}title") is not None


def test_donut_shows_the_share():
    root = parse(donut(0.75, "traced", "Goals traced"))
    assert root.get("data-share") == "0.750"
    assert "75%" in "".join(root.itertext())


def test_wrap_caps_lines():
    assert _wrap("short") == ["short"]
    lines = _wrap("word " * 40)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(len(line) <= 27 for line in _wrap("x" * 100))


def test_layered_diagram_escapes_and_links():
    d = Diagram('Title with <b> & "quotes"')
    d.add(Node("vision", "The <vision>", 0, "../../#vision", None, "vision"))
    d.add(Node("a", "Goal </text><script>alert(1)</script>", 1, None, "on-track"))
    d.link("a", "vision")
    svg = layered_svg(d)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = parse(svg)  # well-formed XML
    assert root.get("class") == "tn-diagram tn-cascade"
    assert root.find(f"{SVG}title").text == 'Title with <b> & "quotes"'
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["../../#vision"]
    assert len(root.findall(f".//{SVG}line")) == 1


def placed_by_label(root: ET.Element) -> dict[str, tuple[float, float]]:
    found = {}
    for el in root.iter():
        m = re.match(r"translate\(([-\d.]+) ([-\d.]+)\)", el.get("transform", ""))
        if m:
            label = " ".join(t.text for t in el.iter(f"{SVG}tspan"))
            found[label] = (float(m.group(1)), float(m.group(2)))
    return found


def assert_no_overlap(root: ET.Element) -> list[tuple[float, float]]:
    placed = boxes(root)
    for i, (x1, y1) in enumerate(placed):
        for x2, y2 in placed[i + 1:]:
            assert abs(x1 - x2) >= BOX_W or abs(y1 - y2) >= BOX_H
    width, height = float(root.get("width")), float(root.get("height"))
    assert all(0 <= x and x + BOX_W <= width and 0 <= y and y + BOX_H <= height for x, y in placed)
    return placed


def test_a_wide_diagram_turns_sideways():
    d = Diagram("many")
    d.add(Node("top", "top", 0))
    for i in range(7):
        d.add(Node(f"n{i}", f"node {i}", 1))
        d.add(Node(f"m{i}", f"child {i}", 2))
    for i in range(7):
        d.link(f"n{i}", "top")
        d.link(f"m{i}", f"n{6 - i}")
    assert len(d.edges) == 14
    root = parse(layered_svg(d))
    placed = assert_no_overlap(root)
    assert len(placed) == 15
    assert len({x for x, _ in placed}) == 3  # three columns: vision, goals, the goals under them
    at = placed_by_label(root)
    for i in range(7):  # each child sits level with the goal it supports
        assert at[f"child {i}"][1] == at[f"node {6 - i}"][1]
    assert float(root.get("width")) < 3 * (BOX_W + 60)


def test_a_tall_chain_stays_upright():
    d = Diagram("chain")
    for i in range(6):
        d.add(Node(f"n{i}", f"level {i}", i))
        if i:
            d.link(f"n{i}", f"n{i - 1}")
    d.add(Node("x", "beside", 5))
    d.link("x", "n4")
    root = parse(layered_svg(d))
    placed = assert_no_overlap(root)
    assert len({y for _, y in placed}) == 6  # six rows
    at = placed_by_label(root)
    assert [at[f"level {i}"][1] for i in range(6)] == sorted(at[f"level {i}"][1] for i in range(6))


def test_figure_is_a_raw_html_block():
    text = figure("<svg></svg>", "A <caption>")
    assert text.startswith("\n<figure") and text.endswith("</figure>\n") and "&lt;caption&gt;" in text


def test_diagrams_on_the_pages_are_capped():
    org = synthetic_org(300, per_department=150)  # two teams of 150: their goals have hundreds of supporters
    pages = build_pages(result_for(org), TODAY)
    for path, text in pages.items():
        for svg in re.findall(r"<svg class=\"tn-diagram tn-cascade\".*?</svg>", text, re.S):
            root = parse(svg)
            assert len(boxes(root)) <= 30, path
            assert root.find(f"{SVG}title") is not None



def test_a_goal_with_many_supporters_shows_a_more_box():
    org = small_org()
    for i in range(20):
        org.goals[f"ops-extra-{i:02d}"] = goal(f"ops-extra-{i:02d}", f"Extra {i}", Level.DEPARTMENT,
                                               ["corp-satisfaction"], "ann", department="ops")
    pages = build_pages(result_for(org), TODAY)
    svg = re.search(r'<svg class="tn-diagram tn-cascade".*?</svg>', pages["cascade/corporate/corp-satisfaction.md"],
                    re.S).group(0)
    root = parse(svg)
    # the chain (goal, vision), 8 supporters and one "+N more" box
    assert len(boxes(root)) == 2 + 8 + 1
    assert "+15 more" in svg  # 23 supporters in all: 8 drawn
    top = re.search(r'<svg class="tn-diagram tn-cascade".*?</svg>', pages["cascade/index.md"], re.S).group(0)
    assert len(boxes(parse(top))) <= 1 + 3 + 14 + 3


def test_small_org_pages_have_the_required_diagrams():
    pages = build_pages(result_for(small_org()), TODAY)
    assert 'class="tn-diagram tn-cascade"' in pages["cascade/index.md"]
    for path in ("cascade/people/ann.md", "cascade/corporate/corp-satisfaction.md"):
        svgs = re.findall(r'<svg class="tn-diagram tn-cascade".*?</svg>', pages[path], re.S)
        assert len(svgs) == 1, path
        parse(svgs[0])
    # a person without goals gets no empty picture
    assert "tn-cascade" not in pages["cascade/people/dee.md"]
