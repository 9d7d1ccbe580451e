"""report.text.splice_text: the text output of a report made from the output of another, rendering again
only the files whose findings changed, is exactly what render_text prints for it."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given
from hypothesis import strategies as st

from truenorth.findings import Finding, Report, Severity, Summary
from truenorth.model import Location
from truenorth.report.text import render_text, splice_text

PATHS = ["goals/a.yaml", "goals/a.yaml:b.yaml", "goals/b.yaml", "goals/c d.yaml", "goals/people/x.yaml",
         "goals/z\x1b.yaml"]
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


def _changes(old: Report, new: Report, touched: set[str]) -> list:
    """What splice_text takes, worked out from both reports (as cache/edited_report.py does from encoded ones)."""
    paths = [f.location.path for f in old.findings]
    changes = []
    for path in sorted(touched):
        was = [f for f in old.findings if f.location.path == path]
        after = bisect_right(paths, path)
        changes.append((path, was[0].location if was else None,
                        old.findings[after].location if after < len(paths) else None,
                        [f for f in new.findings if f.location.path == path]))
    return changes


@given(before=st.lists(finding, max_size=25), after=st.lists(finding, max_size=25),
       also=st.sets(st.sampled_from(PATHS), max_size=2), color=st.booleans())
def test_splicing_gives_what_render_text_prints(before, after, also, color):
    """`after` keeps the findings of `before` in the files it does not touch (`also`: touched, findings or not)
    and has its own elsewhere."""
    touched = {f.location.path for f in after} | also
    old = _report(before)
    new = _report([f for f in before if f.location.path not in touched] + after)
    spliced = splice_text(render_text(old, color=color), _changes(old, new, touched), new, color)
    assert spliced == render_text(new, color=color)


def _finding(path: str, line: int = 3) -> Finding:
    return Finding("TN113", "r", Severity.WARNING, "m", Location(path, line, 5))


def test_an_output_without_the_lines_it_should_have_is_not_spliced():
    old = _report([_finding("goals/a.yaml"), _finding("goals/c.yaml")])
    new = _report([*old.findings, _finding("goals/b.yaml")])
    output = render_text(old)
    changes = _changes(old, new, {"goals/b.yaml"})
    assert splice_text(output, changes, new) == render_text(new)
    # the file it goes before is not where it is said to be (another output: that of another report)
    assert splice_text(render_text(_report([_finding("goals/a.yaml")])), changes, new) is None
    assert splice_text(render_text(_report([_finding("goals/c.yaml", 4)])), changes, new) is None
    # a file said to have had lines that it did not have
    moved = [("goals/a.yaml", Location("goals/a.yaml", 9, 9), None, [])]
    assert splice_text(output, moved, _report([_finding("goals/c.yaml")])) is None
    # files out of order
    both = _changes(old, _report([_finding("goals/c.yaml", 7), _finding("goals/a.yaml", 7)]), {"goals/a.yaml", "goals/c.yaml"})
    assert splice_text(output, both[::-1], new) is None
