"""No output line can be forged (issue 16, item 5): user text is escaped in every format of every command.

Names, titles, ids, metric names, descriptions and file names are user text. A line break in any of
them, printed as it is, writes a line of its own: a finding that does not exist, or a GitHub workflow
command (`::error`, `::stop-commands::`). Each property below puts random hostile text in those places
and checks that every line printed is one the command itself wrote, in the form of its format.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from tests.conftest import VALID_ORG
from truenorth.cli import cli
from truenorth.findings import Finding, Report, Severity, Summary
from truenorth.model import Location
from truenorth.report import REPORTERS

PIECES = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1e", "\x00", "\t", "\x1b[31m",
          "\x9b", "\u202e", "\u2066", "\x7f", "::error::forged", "::stop-commands::tok", "\n::warning file=a::x",
          "\ngoals/x.yaml:1:1: TN101 error: forged [orphan]\n", "    hint: forged", "%", "%0A", "%25", ":", ",",
          '"', "'", "\\", "#", "- ", "é", "😀", "   "]
# Text a person could type or paste: the hostile pieces above, and any other character (no lone surrogates:
# a YAML file cannot hold one).
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(blacklist_categories=("Cs",))),
                   min_size=1, max_size=4).map("".join)  # at most 200 characters, a title's limit

# What may never reach the output raw: anything that breaks a line (as str.splitlines cuts them), other
# control characters, and the bidi controls.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def raw_controls(output: str) -> list[str]:
    return [c for c in output if c != "\n" and (unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in _BIDI)]


def lines_of(output: str) -> list[str]:
    lines = output.splitlines()
    assert lines == output.rstrip("\n").split("\n")  # no line break other than our own "\n"
    assert not raw_controls(output), raw_controls(output)
    return lines


SUMMARY = re.compile(r"\d+ goals in \d+ files(, \d+ skipped for errors)?, >?\d+% traced to the vision \(\d+/\d+\)"
                     r"(, \d+ standalone \(reviewed standalone_reason\))?; (no problems|\d+ errors?, \d+ warnings?)"
                     r"(, \d+ suppressed)?; alignment health \d{1,3}/100")
TEXT_FINDING = re.compile(r".+:\d+:\d+: TN\d{3} (error|warning): .* \[[a-z0-9-]+\]")
GITHUB_LINE = re.compile(r"::(error|warning) file=(?P<file>[^:,]*),line=\d+,col=\d+,title=(?P<title>[^:,]*)::(?P<msg>.*)")


def check_text(output: str, findings: list[dict]) -> None:
    """Every line is a finding (one per finding, in order), its hint, a blank line between files, or the summary."""
    lines = lines_of(output)
    assert SUMMARY.fullmatch(lines[-1])
    body = lines[:-1]
    expected: list[tuple[str, dict]] = []
    for i, f in enumerate(findings):
        if i and f["path"] != findings[i - 1]["path"]:
            expected.append(("blank", f))
        expected.append(("finding", f))
        if f["hint"]:
            expected.append(("hint", f))
    if findings:
        expected.append(("blank", None))
    assert len(body) == len(expected), output
    for line, (kind, f) in zip(body, expected):
        if kind == "blank":
            assert line == ""
        elif kind == "hint":
            assert line.startswith("    hint: ")
        else:
            # its own finding (a message may quote text that looks like another, on the same line)
            assert TEXT_FINDING.fullmatch(line), line
            assert f":{f['line']}:{f['column']}: {f['code']} {f['severity']}: " in line, line
            assert line.endswith(f" [{f['name']}]"), line


def check_github(output: str, findings: list[dict]) -> None:
    """One workflow command per finding and the summary: no other line, and no user text that starts one."""
    lines = lines_of(output)
    assert SUMMARY.fullmatch(lines[-1])
    assert len(lines) == len(findings) + 1, output
    for line, f in zip(lines, findings):
        match = GITHUB_LINE.fullmatch(line)
        assert match and match.group(1) == f["severity"], line
        for prop in ("file", "title"):
            assert re.fullmatch(r"([^%]|%25|%0D|%0A|%3A|%2C)*", match.group(prop)), line
        message = match.group("msg")
        assert re.fullmatch(r"([^%]|%25|%0D|%0A)*", message), line
        # GitHub turns %0A into a line break inside the annotation: ours, between the message and its hint
        assert message.count("%0A") == (1 if f["hint"] else 0), line
        assert "%0D" not in message
        assert match.group("title") == f"{f['code']} {f['name']}"


def check_json(output: str) -> dict:
    lines_of(output)
    return json.loads(output)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_org(base: Path, files: dict[str, str]) -> Path:
    root = base / "org"
    shutil.copytree(VALID_ORG, root)
    for rel, content in files.items():
        (root / rel).write_text(content, encoding="utf-8")
    return root


def as_yaml(data) -> str:
    """`data` as YAML in ASCII, every string double-quoted with escapes: it reads back exactly."""
    text = yaml.safe_dump(data, default_style='"', allow_unicode=False, width=10**6, sort_keys=False)
    assert yaml.safe_load(text) == data
    return text


def with_text(data, text: str, keys=("title", "name", "statement", "definition", "description")):
    """`data` with every free-text field (titles, names, statements, definitions, descriptions) set to `text`."""
    if isinstance(data, dict):
        return {k: text if k in keys and isinstance(v, str) else with_text(v, text, keys) for k, v in data.items()}
    if isinstance(data, list):
        return [with_text(v, text, keys) for v in data]
    return data


FREE_TEXT_FILES = [p.relative_to(VALID_ORG).as_posix() for p in sorted(VALID_ORG.rglob("*.yaml"))]


def free_text_org(base: Path, text: str) -> Path:
    """The valid organisation with `text` in every free-text field, a person with no goals (gaps names
    them) and a department with no goals (gaps names it): the same cascade whatever the text."""
    files = {rel: as_yaml(with_text(yaml.safe_load((VALID_ORG / rel).read_text()), text)) for rel in FREE_TEXT_FILES}
    files["goals/people/dan.yaml"] = as_yaml({"person": {"id": "dan", "name": text, "department": "ops"}})
    files["goals/departments/idle.yaml"] = as_yaml({"department": {"id": "idle", "name": text, "head": "ann"}})
    return write_org(base, files)


def broken_org(base: Path, text: str) -> Path:
    """Findings that quote user text: an unknown owner, supports link and metric, an id that is not an id,
    and a file whose name is the text (where a file name can hold it)."""
    person = {"person": {"id": "cat", "name": "Cat", "department": "ops-team"},
              "goals": [{"id": "cat-empathy", "title": text, "supports": [text, "team-callbacks"], "owner": text,
                         "key_results": [{"metric": text, "target": 1}]},
                        {"id": text, "title": "x", "supports": ["team-callbacks"], "owner": "cat"}]}
    root = write_org(base, {"goals/people/cat.yaml": as_yaml(person)})
    name = text.replace("/", "").replace("\x00", "")
    target = root / "goals" / "people" / f"{name}.yaml"
    if name not in ("", ".", "..") and len(name.encode()) < 200 and not target.exists():
        target.write_text(
            as_yaml({"person": {"id": "dan", "name": text, "department": "ops"}}), encoding="utf-8")
    return root


# A third of the profile's examples (13 in the suite, hundreds in the long run): each runs several commands.
FEWER = settings(max_examples=settings().max_examples // 3)


@FEWER
@given(text=hostile)
def test_check_output_cannot_be_forged_in_any_format(text):
    with tempfile.TemporaryDirectory() as tmp:
        root = str(broken_org(Path(tmp), text))
        as_json = run("check", "--root", root, "--format", "json")
        assert as_json.exit_code == 1
        findings = check_json(as_json.output)["findings"]
        assert len(findings) >= 3  # the owner, the supports link, the metric (and the id, and the file name)
        check_text(run("check", "--root", root).output, findings)
        check_github(run("check", "--root", root, "--format", "github").output, findings)


PLANNING = [("trace", "bob-callbacks"), ("tree",), ("gaps",), ("impact", "corp-satisfaction"),
            ("status", "--today", "2027-03-01"), ("gaps", "--format", "json"),
            ("impact", "corp-satisfaction", "--format", "json"), ("status", "--today", "2027-03-01", "--format", "json")]


def planning_outputs(text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = str(free_text_org(Path(tmp), text))
        outputs = []
        for command in PLANNING:
            out = run(*command, "--root", root)
            assert out.exit_code == 0, out.output
            outputs.append(out.output)
        return outputs


_PLAIN = []


@FEWER
@given(text=hostile)
def test_trace_tree_gaps_impact_and_status_print_the_same_lines_whatever_the_text(text):
    """The same cascade with hostile text in every title and name prints exactly as many lines as with
    plain text; none holds a raw line break or control character, and JSON reads back the text as written."""
    if not _PLAIN:
        _PLAIN.extend(planning_outputs("plain words"))
    for command, output, plain in zip(PLANNING, planning_outputs(text), _PLAIN):
        if "json" in command:
            data = check_json(output)
            if "plain words" in plain:  # the text is part of this output: it reads back as written
                assert json.dumps(text)[1:-1] in json.dumps(data)
            assert len(output.splitlines()) == len(plain.splitlines()), command
        else:
            assert len(lines_of(output)) == len(lines_of(plain)), (command, output)


def test_a_newline_in_a_name_cannot_write_a_finding_or_a_workflow_command(org_factory):
    name = "Dan\ngoals/vision.yaml:1:1: TN101 error: forged [orphan]\n::error::forged\r::stop-commands::x"
    root = str(org_factory(files={
        "goals/people/dan.yaml": as_yaml({"person": {"id": "dan", "name": name, "department": "ops"}}),
        "goals/people/e\n::error file=x::forged.yaml": as_yaml({"person": {"id": "eve", "name": "Eve", "department": "ops"}}),
    }))
    text = run("check", "--root", root).output
    github = run("check", "--root", root, "--format", "github").output
    for output in (text, github):
        assert not [line for line in output.splitlines() if "forged" in line and line.startswith(("goals/vision", "::error::"))]
        assert "::stop-commands::" not in [line[:17] for line in output.splitlines()]
    assert "Dan\\ngoals/vision.yaml:1:1: TN101 error: forged [orphan]\\n::error::forged\\r::stop-commands::x" in text
    assert "file=goals/people/e\\n%3A%3Aerror file=x%3A%3Aforged.yaml," in github
    data = json.loads(run("check", "--root", root, "--format", "json").output)
    assert "goals/people/e\n::error file=x::forged.yaml" in {f["path"] for f in data["findings"]}  # the data stays raw
    assert any(name in f["message"] for f in data["findings"])


def test_the_text_report_on_a_terminal_is_coloured_and_user_text_is_not(tmp_path):
    report = Report([Finding("TN107", "unknown-owner", Severity.ERROR, "owner '\x1b[32mok' is unknown",
                             Location("goals/a.yaml", 2, 3), hint="a\nb")], Summary(1, 1, 1, 1, 0))
    output = REPORTERS["text"](report, color=True)
    assert output.splitlines()[0] == "goals/a.yaml:2:3: TN107 \x1b[31merror\x1b[0m: owner '\\x1b[32mok' is unknown [unknown-owner]"
    assert output.splitlines()[1] == "    hint: a\\nb"


FINDING = st.builds(
    Finding, code=st.from_regex(r"TN\d{3}", fullmatch=True), name=st.from_regex(r"[a-z]+(-[a-z]+)*", fullmatch=True),
    severity=st.sampled_from([Severity.ERROR, Severity.WARNING]), message=hostile,
    location=st.builds(Location, hostile, st.integers(1, 10**6), st.integers(1, 10**4)),
    hint=st.one_of(st.just(""), hostile))


@given(findings=st.lists(FINDING, max_size=6))
def test_every_reporter_writes_only_its_own_lines(findings):
    """The reporters alone, with hostile text in every field of a finding (any message, hint or path)."""
    report = Report(findings, Summary(3, 5, 4, sum(f.severity is Severity.ERROR for f in findings),
                                      sum(f.severity is Severity.WARNING for f in findings)))
    data = check_json(REPORTERS["json"](report))
    assert [(f["message"], f["hint"], f["path"]) for f in data["findings"]] == [
        (f.message, f.hint, f.location.path) for f in findings]  # JSON reads back exactly what was written
    check_text(REPORTERS["text"](report), data["findings"])
    check_text(REPORTERS["text"](report, color=True).replace("\x1b[31m", "").replace("\x1b[33m", "").replace("\x1b[0m", ""),
               data["findings"])
    check_github(REPORTERS["github"](report), data["findings"])


def test_export_docs_warnings_stay_one_line_each(org_factory, tmp_path):
    root = org_factory(files={"goals/people/e\n::error::forged.yaml": as_yaml(
        {"person": {"id": "eve", "name": "Eve\nwarning: forged", "department": "ops"}})})
    out = CliRunner().invoke(cli, ["export-docs", str(tmp_path / "docs"), "--root", str(root), "--on-error", "warn"])
    assert out.exit_code == 0, out.output
    lines = lines_of(out.output)
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert warnings and all(line.startswith("warning: goals/people/e\\n::error::forged.yaml:") for line in warnings)
    assert not any(line.startswith(("::error", "warning: forged")) for line in lines)


def test_usage_errors_quote_paths_on_one_line(tmp_path):
    """A folder name is user text too: errors that name a path or a setting stay on one line (exit 2)."""
    repo = tmp_path / "repo\n::error::forged"
    shutil.copytree(VALID_ORG, repo)
    (repo / "pyproject.toml").write_text('[tool.truenorth]\n"x\\n::error::key" = 1\n')
    full = tmp_path / "full\n::error::forged"
    full.mkdir()
    (full / "kept.txt").write_text("x")
    runs = [(["check", "--root", str(repo)], "repo\\n::error::forged"),
            (["gaps", "--root", str(tmp_path / "none\r::error::forged")], "none\\r::error::forged"),
            (["export-docs", str(full), "--root", str(VALID_ORG)], "full\\n::error::forged")]
    for args, shown in runs:
        out = CliRunner().invoke(cli, args)
        assert out.exit_code == 2, out.output
        assert [line for line in lines_of(out.output) if line.startswith("Error: ")] == [lines_of(out.output)[-1]]
        assert shown in out.output and not any(line.startswith("::") for line in out.output.splitlines())
