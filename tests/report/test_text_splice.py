"""report.text.splice_text: the text output of a report made from the output of another, rendering again
only the files whose findings changed, is exactly what render_text prints for it."""

from __future__ import annotations

from itertools import groupby

from hypothesis import given
from hypothesis import strategies as st

from truenorth.findings import Finding, Report, Severity, Summary
from truenorth.model import Location
from truenorth.report.text import render_text, splice_text

PATHS = ["goals/a.yaml", "goals/b.yaml", "goals/c d.yaml", "goals/people/x.yaml", "goals/z\x1b.yaml"]
TEXTS = st.sampled_from(["a title", "needs\nescaping", "tab\there", "plain", "\u202eright to left", ""])

finding = st.builds(
    lambda path, line, column, code, severity, message, hint: Finding(
        code, "some-rule", severity, message, Location(path, line, column), hint),
    st.sampled_from(PATHS), st.integers(1, 40), st.integers(1, 9), st.sampled_from(["TN113", "TN140", "TN208"]),
    st.sampled_from([Severity.ERROR, Severity.WARNING]), TEXTS, TEXTS)


def _report(findings: list[Finding]) -> Report:
    findings = sorted(findings, key=Finding.sort_key)
    errors = sum(f.severity == Severity.ERROR for f in findings)
    return Report(findings, Summary(files=7, goals=12, traced=11, errors=errors, warnings=len(findings) - errors))


def _files(report: Report, touched: set[str]) -> list:
    return [(path, list(group) if path in touched else None)
            for path, group in groupby(report.findings, lambda f: f.location.path)]


def _paths(report: Report) -> list[str]:
    return list(dict.fromkeys(f.location.path for f in report.findings))


@given(before=st.lists(finding, max_size=25), after=st.lists(finding, max_size=25), color=st.booleans())
def test_splicing_gives_what_render_text_prints(before, after, color):
    """`after` keeps the findings of `before` in the files it does not touch and has its own elsewhere."""
    touched = {f.location.path for f in after}
    old = _report(before)
    new = _report([f for f in before if f.location.path not in touched] + after)
    spliced = splice_text(render_text(old, color=color), _paths(old), _files(new, touched), new, color)
    assert spliced == render_text(new, color=color)


def test_an_output_of_another_shape_is_not_spliced():
    old = _report([Finding("TN113", "r", Severity.WARNING, "m", Location("goals/a.yaml", 3, 5))])
    new = _report([Finding("TN113", "r", Severity.WARNING, "m", Location("goals/b.yaml", 3, 5)),
                   *old.findings])
    output = render_text(old)
    # the files it is said to hold are not those it holds, or their number is not
    assert splice_text(output, ["goals/b.yaml"], _files(new, {"goals/b.yaml"}), new) is None
    assert splice_text(output, [], _files(new, {"goals/b.yaml"}), new) is None
    assert splice_text(output + "more\n\n", ["goals/a.yaml"], _files(new, {"goals/b.yaml"}), new) is None
    # a file whose lines are to be kept but are not in it
    assert splice_text(render_text(_report([])), [], _files(new, {"goals/b.yaml"}), new) is None
    # and the right one splices
    assert splice_text(output, ["goals/a.yaml"], _files(new, {"goals/b.yaml"}), new) == render_text(new)
