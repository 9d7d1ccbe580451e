"""Inline suppressions written any way at all (issue 24): random codes, reasons and places on goals' lines.
The check never fails to run, its output cannot be forged by the comment's text, a suppression only ever
removes findings of the warning it names inside its goal, and the cache gives what `--no-cache` gives."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.cli.test_fuzz_output import lines_of
from tests.conftest import VALID_ORG
from truenorth.cli import cli

TEAM = """\
department:
  id: ops-team
  name: Operations front line
  head: bob
  parent: ops
goals:
  - id: team-callbacks{comment}
    title: Launch the callback service
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
"""
CODES = st.sampled_from(["TN205", "TN201", "TN101", "TN999", "tn205", "output-as-outcome", "", "TN2", "TN210"])
REASON = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"),  # what YAML takes in a comment
                               blacklist_characters="\x85]"), max_size=30)
SUPPRESSIBLE = {"TN205", "TN201"}


def check(root, *args):
    result = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json", *args])
    return result.exit_code, result.output


@given(codes=st.lists(CODES, max_size=3), reason=REASON, spaces=st.sampled_from(["", " ", "  ", "\t"]))
def test_any_suppression_comment(codes, reason, spaces):
    comment = f"{spaces}# truenorth: ignore[{', '.join(codes)}]{' ' if reason else ''}{reason}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        shutil.copytree(VALID_ORG, root)
        os.environ["TRUENORTH_CACHE_DIR"] = str(Path(tmp) / "cache")
        path = root / "goals/departments/ops-team.yaml"
        path.write_text(TEAM.format(comment=""), encoding="utf-8")
        before = check(root)  # recorded: the comment below is a comment-only edit
        path.write_text(TEAM.format(comment=(" " if not spaces else "") + comment), encoding="utf-8")
        code, out = check(root)
        assert (code, out) == check(root, "--no-cache")
        assert code in (0, 1)
        report = json.loads(out)
        found = [f["code"] for f in report["findings"]]
        silenced = "TN205" in codes
        assert ("TN205" in found) != silenced  # only its own code silences the title's warning
        assert report["summary"]["suppressed"] == (1 if silenced else 0)
        given_reason = reason.strip().lstrip(":-–— \t").strip()
        written = codes or [""]  # `ignore[]` names the empty code
        assert ("TN210" in found) == (bool(set(written) - SUPPRESSIBLE) or not given_reason)
        text = CliRunner().invoke(cli, ["check", "--root", str(root)]).output
        lines_of(text)  # one line per finding, hint or summary: the comment's text cannot forge one
        assert before[0] == 0
