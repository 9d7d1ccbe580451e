"""`truenorth codeowners`: the CODEOWNERS block that follows from the organisation, between its markers,
hand-written lines kept, `--check` for CI (issue 20, item 6)."""

from __future__ import annotations

import json
import os
import shutil

from click.testing import CliRunner

from tests.conftest import VALID_ORG
from tests.git.helpers import GitRepo
from truenorth.cli import cli
from truenorth.codeowners import BEGIN, END

HANDLES = {"ann": "@ann-example", "bob": "@tidewell/ops-team-leads"}  # cat has none


def with_handles(root, handles=HANDLES):
    for person, handle in handles.items():
        path = root / "goals" / "people" / f"{person}.yaml"
        path.write_text(path.read_text().replace(f"  id: {person}\n", f"  id: {person}\n  handle: \"{handle}\"\n", 1))
    return root


def run(*args):
    return CliRunner().invoke(cli, ["codeowners", *args])


def block_of(text):
    lines = text.splitlines()
    return lines[lines.index(BEGIN):lines.index(END) + 1]


def test_the_block_gives_each_file_its_owners_and_keeps_hand_written_lines(org_factory):
    root = with_handles(org_factory())
    assert CliRunner().invoke(cli, ["check", "--root", str(root)]).exit_code == 0  # `handle` is in the schema
    (root / "CODEOWNERS").write_text("# hand-written\n* @admins\n/docs/ @writers\n")
    done = run("--root", str(root))
    assert done.exit_code == 0, done.output
    text = (root / "CODEOWNERS").read_text()
    assert text.startswith("# hand-written\n* @admins\n/docs/ @writers\n\n" + BEGIN)  # the block after them: it wins
    assert block_of(text)[1:-1] == [
        "/goals/corporate.yaml @ann-example",                       # corporate: the vision's owner (ann)
        "/goals/departments/ops-team.yaml @tidewell/ops-team-leads",  # a department: its head (bob)
        "/goals/departments/ops.yaml @ann-example",
        "/goals/metrics.yaml @ann-example",
        "/goals/people/ann.yaml @ann-example",                       # a person: themselves and their head
        "/goals/people/bob.yaml @tidewell/ops-team-leads",
        "/goals/people/cat.yaml @tidewell/ops-team-leads",           # cat has no handle: their head alone
        "/goals/vision.yaml @ann-example",
        "# No handle (add `handle: \"@name\"` to their person file):",
        "#   cat",
    ]
    assert "no handle" in done.output and "cat" in done.output
    # run again, and with --check: nothing to do
    before = (root / "CODEOWNERS").read_bytes()
    again = run("--root", str(root))
    assert again.exit_code == 0 and "up to date" in again.output
    assert run("--root", str(root), "--check").exit_code == 0
    assert (root / "CODEOWNERS").read_bytes() == before


def test_check_exits_1_on_a_stale_block_and_writes_nothing(org_factory):
    root = with_handles(org_factory())
    (root / "CODEOWNERS").write_text("/x @a\n")
    assert run("--root", str(root)).exit_code == 0
    # the ops-team department gets a new head: the committed block no longer says who reviews it
    department = root / "goals" / "departments" / "ops-team.yaml"
    department.write_text(department.read_text().replace("head: bob", "head: ann"))
    before = (root / "CODEOWNERS").read_bytes()
    stale = run("--root", str(root), "--check")
    assert stale.exit_code == 1
    assert "out of date" in stale.output
    assert "-/goals/departments/ops-team.yaml @tidewell/ops-team-leads" in stale.output
    assert "+/goals/departments/ops-team.yaml @ann-example" in stale.output
    assert (root / "CODEOWNERS").read_bytes() == before
    assert run("--root", str(root)).exit_code == 0
    assert run("--root", str(root), "--check").exit_code == 0
    assert (root / "CODEOWNERS").read_text().startswith("/x @a\n\n")
    # a missing file is stale too
    (root / "CODEOWNERS").unlink()
    assert run("--root", str(root), "--check").exit_code == 1
    assert not (root / "CODEOWNERS").exists()


def test_json_lists_the_block_and_the_people_without_a_handle(org_factory):
    root = org_factory()  # nobody has a handle
    done = run("--root", str(root), "--format", "json", "--check")
    assert done.exit_code == 1
    data = json.loads(done.output)
    assert data["up_to_date"] is False and data["written"] is False
    assert sorted(data["missing_handles"]) == ["ann", "bob", "cat"]
    assert "goals/people/cat.yaml" in data["missing_handles"]["bob"]  # bob should own cat's file as their head
    assert [line for line in data["block"] if line.startswith("/")] == []  # nobody to name: no line un-owns a file


def test_in_a_git_repository_the_file_github_reads_is_updated_with_paths_from_its_top(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    shutil.copytree(VALID_ORG, repo.root / "strategy")
    with_handles(repo.root / "strategy")
    (repo.root / ".github").mkdir()
    (repo.root / ".github" / "CODEOWNERS").write_text("* @admins\n")
    repo.commit("goals")
    done = run("--root", str(repo.root / "strategy"))
    assert done.exit_code == 0, done.output
    assert not (repo.root / "CODEOWNERS").exists() and not (repo.root / "strategy" / "CODEOWNERS").exists()
    lines = block_of((repo.root / ".github" / "CODEOWNERS").read_text())
    assert "/strategy/goals/people/cat.yaml @tidewell/ops-team-leads" in lines


def test_an_invalid_handle_is_an_error_at_its_line_and_is_not_used(org_factory):
    root = with_handles(org_factory(), {"ann": "ann@example.org\n* @everyone"})
    check = CliRunner().invoke(cli, ["check", "--root", str(root), "--format", "json"])
    assert check.exit_code == 1
    finding = next(f for f in json.loads(check.output)["findings"] if f["path"] == "goals/people/ann.yaml")
    assert "handle" in finding["message"] and finding["line"] == 3
    done = run("--root", str(root), "--format", "json")
    data = json.loads(done.output)
    assert "ann" in data["missing_handles"]
    assert not [line for line in (root / "CODEOWNERS").read_text().splitlines() if "everyone" in line]


def test_a_handle_written_in_flow_style_counts_too(org_factory):
    root = org_factory(files={"goals/people/cat.yaml": (VALID_ORG / "goals/people/cat.yaml").read_text().replace(
        "person:\n  id: cat\n  name: Cat Example\n  department: ops-team\n",
        'person: {id: cat, name: Cat Example, department: ops-team, "handle": "@cat"}\n')})
    assert "@cat" in (root / "goals/people/cat.yaml").read_text()
    data = json.loads(run("--root", str(root), "--format", "json").output)
    assert "cat" not in data["missing_handles"]
    assert any(line.startswith("/goals/people/cat.yaml @cat") for line in data["block"])


def test_broken_markers_exit_2_and_leave_the_file_alone(org_factory):
    root = with_handles(org_factory())
    text = f"* @admins\n{BEGIN}\n/x @a\n"  # the END line was deleted by hand
    (root / "CODEOWNERS").write_text(text)
    done = run("--root", str(root))
    assert done.exit_code == 2
    assert "CODEOWNERS" in done.output and "END" in done.output
    assert (root / "CODEOWNERS").read_text() == text


def test_a_failed_write_leaves_the_old_file_whole(org_factory, monkeypatch):
    root = with_handles(org_factory())
    (root / "CODEOWNERS").write_text("* @admins\n")
    os.chmod(root / "CODEOWNERS", 0o640)

    def broken_replace(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("truenorth.codeowners.os.replace", broken_replace)
    done = run("--root", str(root))
    assert done.exit_code == 2 and "No space left on device" in done.output
    assert (root / "CODEOWNERS").read_text() == "* @admins\n"
    assert sorted(p.name for p in root.iterdir()) == ["CODEOWNERS", "goals", "playbook"]  # no temporary file left
    monkeypatch.undo()
    assert run("--root", str(root)).exit_code == 0
    assert (root / "CODEOWNERS").stat().st_mode & 0o777 == 0o640  # its permissions kept


def test_help_has_an_example():
    help_text = run("--help").output
    assert "truenorth codeowners --check" in help_text and "--root" in help_text
