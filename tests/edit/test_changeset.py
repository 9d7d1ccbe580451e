"""The edit engine's change sets: checked before writing, refused with the finding, written atomically."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from tests.edit.helpers import changed_lines, sample_copy, snapshot
from truenorth.cli import cli
from truenorth.edit import (ChangeSet, EditRefused, FileChanged, FilesExist, NotEditable, flow_list, new_map,
                            write_new_files)
from truenorth.report.text import render_text

GOAL = "ahmed-farouk-clear-refund-backlog"  # an individual goal in goals/people/billing/ahmed-farouk.yaml
FILE = "goals/people/billing/ahmed-farouk.yaml"


@pytest.fixture
def root(tmp_path):
    return sample_copy(tmp_path)


def check(root):
    return CliRunner().invoke(cli, ["check", "--root", str(root), "--no-cache"])


def test_a_valid_change_writes_only_the_changed_line_and_check_stays_clean(root):
    before = (root / FILE).read_bytes()
    changes = ChangeSet(root)
    document, goal = changes.goal(GOAL)
    assert document.path == FILE
    goal["supports"].append("bill-serve-the-front-line")
    verdict = changes.apply()
    assert verdict.new_errors == []
    removed, added = changed_lines(before, (root / FILE).read_bytes())
    assert removed == ["    supports: [bill-refunds-on-time]"]
    assert added == ["    supports: [bill-refunds-on-time, bill-serve-the-front-line]"]
    assert check(root).exit_code == 0


@pytest.mark.parametrize(("goal_id", "change", "code"), [
    ("corp-solve-first-time", lambda g: g["supports"].append(GOAL), "TN105"),  # wrong direction
    ("corp-solve-first-time", lambda g: g["supports"].append("no-such-goal"), "TN102"),  # dangling
    ("corp-solve-first-time", lambda g: g.__setitem__("id", "corp-listen-and-act"), None),  # duplicate id
    ("corp-solve-first-time", lambda g: g.__setitem__("status", "finished"), "TN008"),  # schema error
])
def test_a_breaking_change_is_refused_with_its_finding_and_nothing_is_written(root, goal_id, change, code):
    files = snapshot(root)
    changes = ChangeSet(root)
    _document, goal = changes.goal(goal_id)
    change(goal)
    with pytest.raises(EditRefused) as refused:
        changes.apply()
    assert refused.value.exit_code == 1
    assert refused.value.findings and all(f.severity.value == "error" for f in refused.value.findings)
    if code is not None:
        assert code in {f.code for f in refused.value.findings}
    printed = render_text(refused.value.report)
    assert "goals/corporate.yaml:" in printed and " error: " in printed
    assert snapshot(root) == files


def test_a_cycle_between_department_goals_is_refused(root):
    files = snapshot(root)
    changes = ChangeSet(root)
    org = changes.before().org
    # two department goals, one supporting the other, made to support each other
    child = next(g for g in org.goals.values()
                 if g.level == 2 and any(org.goals.get(s.target) and org.goals[s.target].level == 2 for s in g.supports))
    parent = next(s.target for s in child.supports if org.goals.get(s.target) and org.goals[s.target].level == 2)
    _document, goal = changes.goal(parent)
    goal["supports"].append(child.id)
    with pytest.raises(EditRefused) as refused:
        changes.apply()
    assert any("cycle" in f.name for f in refused.value.findings)
    assert snapshot(root) == files


def test_an_error_that_was_there_before_does_not_block_an_unrelated_change(root):
    corporate = root / "goals/corporate.yaml"
    corporate.write_bytes(corporate.read_bytes().replace(b"supports: [vision]", b"supports: [visionn]", 1))
    assert check(root).exit_code == 1
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["title"] = "Clear the refund backlog, oldest first"
    changes.apply()
    assert b"title: Clear the refund backlog, oldest first" in (root / FILE).read_bytes()


def test_the_dry_run_diff_names_every_file_and_writes_nothing(root):
    files = snapshot(root)
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["supports"].append("bill-serve-the-front-line")
    changes.create("goals/people/billing/zoe-new.yaml", new_map(
        ("person", new_map(id="zoe-new", name="Zoe New", department="billing"))))
    changes.apply(dry_run=True)
    diff = changes.diff()
    assert f"--- a/{FILE}\n+++ b/{FILE}\n" in diff
    assert "+    supports: [bill-refunds-on-time, bill-serve-the-front-line]\n" in diff
    assert "--- /dev/null\n+++ b/goals/people/billing/zoe-new.yaml\n" in diff
    assert "+# yaml-language-server: $schema=../../../schemas/person.schema.json\n" in diff
    assert snapshot(root) == files


def test_diff_escapes_control_characters_in_content(root):
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["description"] = "two\x1b[31m lines\u2028here"
    assert "\x1b" not in changes.diff() and "\u2028" not in changes.diff()


def test_a_file_changed_since_it_was_read_is_not_overwritten(root):
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["title"] = "Something else"
    (root / FILE).write_bytes((root / FILE).read_bytes() + b"# someone else's edit\n")
    edited = snapshot(root)
    with pytest.raises(FileChanged) as changed:
        changes.apply()
    assert changed.value.exit_code == 2 and FILE in changed.value.message
    assert snapshot(root) == edited


def test_a_write_keeps_the_file_mode_and_leaves_no_temporary_file(root):
    os.chmod(root / FILE, 0o640)
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["title"] = "Clear the refund backlog"
    changes.apply()
    assert stat.S_IMODE(os.stat(root / FILE).st_mode) == 0o640
    assert sorted(p.name for p in (root / FILE).parent.iterdir() if p.name.startswith("."))  == []


def test_a_new_file_is_checked_like_an_edit(root):
    files = snapshot(root)
    changes = ChangeSet(root)
    changes.create("goals/people/billing/zoe-new.yaml", new_map(
        ("person", new_map(id="zoe-new", name="Zoe New", department="no-such-department"))))
    with pytest.raises(EditRefused):
        changes.apply()
    assert snapshot(root) == files


def test_a_new_file_is_written_with_its_modeline_and_the_check_reads_it(root):
    changes = ChangeSet(root)
    goal = new_map(("id", "zoe-new-refunds"), ("title", "Refunds: paid on time"),
                   ("supports", flow_list(["bill-refunds-on-time"])), ("owner", "zoe-new"), ("period", "2027-H2"))
    changes.create("goals/people/billing/zoe-new.yaml", new_map(
        ("person", new_map(id="zoe-new", name="Zoe New", department="billing")), ("goals", [goal])))
    changes.apply()
    text = (root / "goals/people/billing/zoe-new.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/person.schema.json\nperson:\n  id: zoe-new\n")
    assert "  - id: zoe-new-refunds\n    title: 'Refunds: paid on time'\n    supports: [bill-refunds-on-time]\n" in text
    assert check(root).exit_code == 0


def test_new_files_never_overwrite_existing_ones_unless_forced(tmp_path):
    (tmp_path / "a.yaml").write_text("keep\n")
    (tmp_path / "b.yaml").write_text("keep too\n")
    with pytest.raises(FilesExist) as exist:
        write_new_files(tmp_path, {"a.yaml": "new\n", "b.yaml": b"new\n", "sub/c.yaml": "new\n"})
    assert exist.value.exit_code == 2 and exist.value.paths == ["a.yaml", "b.yaml"]
    assert "a.yaml, b.yaml" in exist.value.message
    assert (tmp_path / "a.yaml").read_text() == "keep\n" and not (tmp_path / "sub").exists()
    write_new_files(tmp_path, {"a.yaml": "new\n", "sub/c.yaml": "c\n"}, force=True)
    assert (tmp_path / "a.yaml").read_text() == "new\n" and (tmp_path / "sub/c.yaml").read_text() == "c\n"


def test_an_unknown_goal_is_a_usage_error_with_a_suggestion(root):
    with pytest.raises(NotEditable) as unknown:
        ChangeSet(root).goal("corp-solve-first-tim")
    assert unknown.value.exit_code == 2 and "corp-solve-first-time" in unknown.value.message


def test_a_file_the_engine_cannot_parse_is_named_with_its_place(root):
    (root / FILE).write_text("person:\n  id: [unclosed\n")
    with pytest.raises(NotEditable) as broken:
        ChangeSet(root).open(FILE)
    assert broken.value.message.startswith(f"{FILE}:")


def test_the_same_verdict_without_the_check_cache(root):
    for use_cache in (True, False):
        changes = ChangeSet(root, use_cache=use_cache)
        _document, goal = changes.goal("corp-solve-first-time")
        goal["supports"].append(GOAL)
        with pytest.raises(EditRefused) as refused:
            changes.verify()
        assert [f.code for f in refused.value.findings] == ["TN105"]


def test_crlf_line_endings_and_a_missing_final_newline_are_kept(root):
    path = root / FILE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n"))
    original = path.read_bytes()
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["title"] = "New title"
    changes.apply()
    written = path.read_bytes()
    assert written == original.replace(b"title: Clear the refund backlog left by the platform migration", b"title: New title")


def test_a_change_no_rule_can_see_is_written_without_a_check_after_a_check_recorded_the_files(root):
    assert check_cached(root) == 0
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["key_results"][0]["current"] = 5
    verdict = changes.apply()
    assert verdict.after is None and verdict.new_errors == []  # the rule view is as on record: no check needed
    assert b"        current: 5\n" in (root / FILE).read_bytes()
    # a change a rule sees is checked as usual, from the same recorded report
    assert check_cached(root) == 0
    changes = ChangeSet(root)
    _document, goal = changes.goal("corp-solve-first-time")
    goal["supports"].append(GOAL)
    with pytest.raises(EditRefused):
        changes.verify()
    # and so is one that looks unseen but whose file changed since the check recorded it
    (root / "goals/corporate.yaml").write_bytes((root / "goals/corporate.yaml").read_bytes().replace(
        b"supports: [vision]", b"supports: [visio]", 1))
    changes = ChangeSet(root)
    _document, goal = changes.goal(GOAL)
    goal["key_results"][0]["current"] = 6
    assert changes.verify().after is not None


def test_a_goal_found_through_the_cache_index_that_moved_since_is_found_where_it_is(root):
    assert check_cached(root) == 0
    source = root / FILE
    text = source.read_text()
    start = text.index("  - id: ahmed-farouk-clear-refund-backlog")
    item = text[start:]
    source.write_text(text[:start].replace("goals:\n", "goals: []\n"))
    target = root / "goals/people/billing/joanna-kowalska.yaml"
    target.write_text(target.read_text() + item.replace("owner: ahmed-farouk", "owner: joanna-kowalska"))
    changes = ChangeSet(root)
    document, goal = changes.goal(GOAL)
    assert document.path == "goals/people/billing/joanna-kowalska.yaml"
    goal["title"] = "Moved"
    changes.apply()
    assert "title: Moved" in target.read_text()


def check_cached(root):
    return CliRunner().invoke(cli, ["check", "--root", str(root)]).exit_code
