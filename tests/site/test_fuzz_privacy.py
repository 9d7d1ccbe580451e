"""Public output is a function of public data alone (issue 16), as a property.

Whatever the private goals of a small organisation say (titles, descriptions, owners, key results
and their numbers, status, health, periods, dates, plays, misspelt or mistyped visibility, invalid
values of every kind), the generated pages, and the built site with its search index and the
`export-docs` folder, are byte for byte those of the same organisation with plain valid private
goals. Only what a private goal is (its id, its place, what it supports) stays fixed.
"""

from __future__ import annotations

import datetime as _dt
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.site.privacy_org import PRIVATE_GOALS, tree_bytes, write_org
from tests.site_build.helpers import build
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.site import build_pages, play_sections
from truenorth.export import export_docs, read_plays

TODAY = _dt.date(2027, 6, 1)

# printable text YAML can carry (a character it refuses would break the whole file, public goals and all)
text_chars = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
text = st.text(text_chars, max_size=40)
number = st.one_of(st.none(), st.integers(-1000, 1000),
                   st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), st.just("lots"))
key_result = st.fixed_dictionaries(
    {"metric": st.sampled_from(["csat", "aht", "no-such-metric", 7])},
    optional={"baseline": number, "target": number, "current": number, "description": text,
              "weight": st.one_of(st.floats(0, 5, allow_nan=False), st.just(-1), st.just("heavy"))})
# what makes an item private: a valid `visibility: private`, or anything that does not clearly say public
privacy = st.sampled_from([{"visibility": "private"}, {"visibility": "privat"}, {"visibility": "PRIVATE"},
                           {"visibility": 1}, {"visibility": None}, {"visibility": ["private"]},
                           {"visibility": {"level": "private"}}, {"visiblity": "private"}, {"visibilty": "internal"},
                           {"visibility": "internal", "visiblity": "private"}])
contents = st.fixed_dictionaries(
    {"title": st.one_of(text, st.integers(), st.just(""), st.text(min_size=201, max_size=210))},
    optional={
        "description": st.one_of(text, st.lists(text, max_size=2)),
        "owner": st.sampled_from(["ann", "bob", "cat", "nobody", 5, "Not An Id"]),
        "period": st.sampled_from(["2027", "2027-H1", "2027-H2", "2027-Q1", "2027-Q4", "2026", "2028", 2027, "Q5"]),
        "key_results": st.lists(key_result, max_size=3),
        "status": st.sampled_from(["active", "achieved", "retired", "finished", 3]),
        "health": st.sampled_from(["on-track", "at-risk", "off-track", "sideways"]),
        "health_reason": text,
        "standalone_reason": st.one_of(text, st.just("Reviewed by the board: stands alone")),
        "plays": st.lists(st.sampled_from(["voice", "no-such-play", "Bad Play"]), max_size=2),
        "updated": st.sampled_from(["2027-03-01", "2027-02-30", "yesterday", 20270301]),
        "colour": text,  # an unknown key
    })


# valid private goals with every value varied (what rolls up, what a status or period decides)
value = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
valid_key_result = st.fixed_dictionaries(
    {"metric": st.sampled_from(["csat", "aht", "no-such-metric"])},
    optional={"baseline": value, "target": value, "current": value, "description": text,
              "weight": st.floats(0.01, 1000, allow_nan=False)})
health = st.one_of(st.just({}), st.fixed_dictionaries(
    {"health": st.sampled_from(["on-track", "at-risk", "off-track"]), "health_reason": text}))
valid_contents = st.fixed_dictionaries(
    {"visibility": st.just("private"), "title": text.filter(lambda t: t != ""),
     "owner": st.sampled_from(["ann", "bob", "cat", "nobody"])},
    optional={
        "description": text,
        "period": st.sampled_from(["2027", "2027-H1", "2027-H2", "2027-Q1", "2027-Q4", "2026", "2028", 2027]),
        "key_results": st.lists(valid_key_result, max_size=3),
        "status": st.sampled_from(["active", "achieved", "retired"]),
        "standalone_reason": st.text(text_chars, min_size=10, max_size=40),
        "plays": st.lists(st.sampled_from(["voice", "no-such-play"]), max_size=2),
        "updated": st.sampled_from(["2027-03-01", "2027-02-30"]),
    })


@st.composite
def private_items(draw) -> dict[str, dict]:
    """Each private goal's contents: valid (every value varied) or not (odd visibility, invalid values)."""
    return {gid: draw(st.one_of(valid_contents.flatmap(lambda c: health.map(lambda h: {**c, **h})),
                                st.builds(lambda p, c: {**p, **c}, privacy, contents)))
            for gid in PRIVATE_GOALS}


def pages_of(root) -> dict[str, str]:
    result = run_check(load_config(root))
    plays = read_plays(root / "playbook" / "plays")
    pages = build_pages(result, TODAY, plays=plays)
    pages.update({f"plays/{k}.section": v for k, v in play_sections(result, plays).items()})
    return pages


def test_fuzz_generated_pages_do_not_depend_on_what_private_goals_say(tmp_path):
    baseline = pages_of(write_org(tmp_path / "baseline"))

    @given(items=private_items())
    def check(items):
        pages = pages_of(write_org(tmp_path / "varied", items))
        assert pages.keys() == baseline.keys()
        for path, markdown in pages.items():
            assert markdown == baseline[path], path

    check()


@pytest.mark.site
def test_fuzz_built_site_and_export_do_not_depend_on_what_private_goals_say(tmp_path):
    def outputs(root):
        site, exported = root.parent / "site", root.parent / "export"
        for folder in (site, exported):
            shutil.rmtree(folder, ignore_errors=True)
        build(root, site, on_error="warn", today=TODAY.isoformat())
        export_docs(root, exported, today=TODAY, allow_errors=True)
        return tree_bytes(site), tree_bytes(exported)

    base_site, base_export = outputs(write_org(tmp_path / "baseline" / "org"))
    assert "search/search_index.json" in base_site and "cascade/corporate/corp-cost.md" in base_export

    @settings(max_examples=8)  # two builds an example
    @given(items=private_items())
    def check(items):
        site, exported = outputs(write_org(tmp_path / "varied" / "org", items))
        assert site.keys() == base_site.keys()
        for path, data in site.items():
            assert data == base_site[path], path
        assert exported == base_export

    check()
