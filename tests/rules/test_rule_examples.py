"""Every PASS and FAIL example in the rules' documentation, run as it is written.

Each example's files are written over tests/fixtures/valid-org (the example organisation the
documentation describes: truenorth.rules.docs.EXAMPLE_ORGANISATION). A FAIL example must make its
rule report, a PASS example must not; neither may make any other rule report anything, except
the codes a FAIL example names after "Also reported:".
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import VALID_ORG, make_org
from truenorth.check import run_check
from truenorth.config import load_config
from truenorth.rules import ALL_RULES
from truenorth.rules.docs import EXAMPLE_ORGANISATION, DocError, parse

# Codes whose problem cannot be written as a text file over the example organisation; their
# documentation says so, and they are tested in code (tests/load).
NOT_A_FILE = {"TN002": "bytes that are not UTF-8", "TN010": "a missing file", "TN011": "a file over 5 MB",
              "TN012": "a link, pipe or folder"}

EXAMPLES = [(rule, n, example) for rule in ALL_RULES for n, example in enumerate(parse(rule.doc).examples, 1)]


def codes_for(tmp_path, files):
    result = run_check(load_config(make_org(tmp_path, files=files)))
    return result, {f.code for f in result.findings}


@pytest.mark.parametrize("rule, n, example", EXAMPLES,
                         ids=[f"{r.code}-{e.verdict}-{n}" for r, n, e in EXAMPLES])
def test_the_example_does_what_it_says(tmp_path, rule, n, example):
    result, codes = codes_for(tmp_path, example.files)
    if example.verdict == "FAIL":
        assert rule.code in codes, [f"{f.code} {f.message}" for f in result.findings]
        assert codes - {rule.code} == set(example.also), [f"{f.code} {f.message}" for f in result.findings]
    else:
        assert example.also == ()
        assert codes == set(), [f"{f.code} {f.message}" for f in result.findings]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_every_rule_is_documented_with_a_fail_and_a_pass_example(rule):
    doc = parse(rule.doc)
    assert doc.title.startswith(f"{rule.code} {rule.name}: "), doc.title
    assert len(doc.body) > 80, "say what counts and why it matters"
    verdicts = {e.verdict for e in doc.examples}
    if rule.code in NOT_A_FILE:
        assert verdicts == set()
        assert "not written as a file" in doc.body or "cannot be shown" in doc.body
    else:
        assert verdicts == {"PASS", "FAIL"}


def test_the_example_organisation_described_is_the_one_the_examples_run_over(tmp_path):
    result, codes = codes_for(tmp_path, {})
    assert codes == set()
    org = result.org
    known = {*org.goals, *org.departments, *org.people, *org.metrics, org.vision.id,
             *(p.stem for p in (VALID_ORG / "playbook" / "plays").glob("*.md"))}
    named = set(re.findall(r"`([a-z0-9-]+)`", EXAMPLE_ORGANISATION))
    assert named and named <= known, named - known
    assert set(org.goals) <= named and set(org.people) <= named and set(org.departments) <= named


def test_a_malformed_example_is_refused():
    with pytest.raises(DocError, match="does not start with"):
        parse("TN999 x: y.\n\nFAIL: no path.\n\n```yaml\nperson: {}\n```\n")
    with pytest.raises(DocError, match="unclosed"):
        parse("TN999 x: y.\n\nFAIL: open.\n\n```yaml\n# goals/people/dan.yaml\nperson: {}\n")
    doc = parse("TN999 x: y.\n\nBody.\n\nFAIL: two files. Also reported: TN101, TN102.\n\n```yaml\n"
                "# goals/a.yaml\na: 1\n# goals/b.yaml\n```\n")
    assert doc.examples[0].files == {"goals/a.yaml": "a: 1\n", "goals/b.yaml": ""}
    assert doc.examples[0].also == ("TN101", "TN102") and doc.examples[0].text == "two files."
    inside = parse("TN999 x: y.\n\nPASS: a file that says FAIL.\n\n```yaml\n# goals/a.yaml\nFAIL: 1\n```\n")
    assert [(e.verdict, e.files) for e in inside.examples] == [("PASS", {"goals/a.yaml": "FAIL: 1\n"})]
