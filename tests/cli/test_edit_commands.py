"""`new goal|person|department`, `link`, `unlink`, `retire`, `rename` on a copy of the sample: the files
differ from the originals only in the intended lines, `check` stays clean after a valid edit, and a
breaking edit leaves every file byte for byte as it was (exit 1, the findings printed as `check` does)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.edit.helpers import changed_lines, sample_copy, snapshot
from truenorth.cli import cli

AHMED = "goals/people/billing/ahmed-farouk.yaml"
AHMED_GOAL = "ahmed-farouk-clear-refund-backlog"


@pytest.fixture
def root(tmp_path):
    return sample_copy(tmp_path)


def run(root, *args):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


def assert_clean(root):
    done = run(root, "check", "--no-cache")
    assert done.exit_code == 0, done.output
    assert " 0 errors" in done.output or "no problems" in done.output


def diff_of(before, root):
    """{path: (removed lines, added lines)} for every goals file that changed, was added or went."""
    after = snapshot(root)
    out = {}
    for path in sorted(set(before) | set(after)):
        if before.get(path) != after.get(path):
            out[path] = changed_lines(before.get(path, b""), after.get(path, b""))
    return out


def assert_refused(root, args, code):
    before = snapshot(root)
    done = run(root, *args)
    assert done.exit_code == 1, done.output
    assert f" {code} error: " in done.output
    assert "nothing was written" in done.output  # (stderr: CliRunner mixes it in)
    assert snapshot(root) == before


# -- new goal -----------------------------------------------------------------------------------------

def test_new_goal_goes_into_the_owners_file_and_prints_its_id(root):
    before = snapshot(root)
    done = run(root, "new", "goal", "--owner", "ahmed-farouk", "--supports", "bill-refunds-on-time",
               "--title", "Pay every refund: within five days", "--period", "2027-H1")
    assert done.exit_code == 0, done.output
    assert done.stdout == "ahmed-farouk-pay-every-refund-within-five\n"
    assert diff_of(before, root) == {AHMED: ([], [
        "  - id: ahmed-farouk-pay-every-refund-within-five",
        "    title: 'Pay every refund: within five days'",
        "    supports: [bill-refunds-on-time]",
        "    owner: ahmed-farouk",
        "    period: 2027-H1"])}
    assert_clean(root)


def test_new_goal_for_a_department_and_for_the_corporate_file(root):
    before = snapshot(root)
    done = run(root, "new", "goal", "--owner", "victor-almeida", "--department", "billing", "--id", "bill-new-goal",
               "--supports", "corp-one-team,corp-solve-first-time", "--title", "Billing answers in one day", "--period", "2027")
    assert done.exit_code == 0, done.output
    done = run(root, "new", "goal", "--owner", "priya-raman", "--corporate", "--supports", "vision",
               "--title", "Be the most trusted energy supplier")
    assert done.exit_code == 0, done.output
    assert done.stdout == "priya-raman-most-trusted-energy-supplier\n"
    changes = diff_of(before, root)
    assert set(changes) == {"goals/departments/billing.yaml", "goals/corporate.yaml"}
    removed, added = changes["goals/departments/billing.yaml"]
    assert removed == [] and added[:2] == ["", "  - id: bill-new-goal"]  # the file's goals are spaced by blank lines
    assert "    supports: [corp-one-team, corp-solve-first-time]" in added and "    period: 2027" in added
    removed, added = changes["goals/corporate.yaml"]
    assert removed == [] and "  - id: priya-raman-most-trusted-energy-supplier" in added
    assert_clean(root)


def test_new_goal_ids_made_from_the_same_title_do_not_collide(root):
    args = ["new", "goal", "--owner", "ahmed-farouk", "--supports", "bill-refunds-on-time", "--title", "Refunds on time",
            "--period", "2027-H1"]
    assert run(root, *args).stdout == "ahmed-farouk-refunds-time\n"
    assert run(root, *args).stdout == "ahmed-farouk-refunds-time-2\n"
    assert_clean(root)


@pytest.mark.parametrize(("args", "code"), [
    (["--supports", "corp-solve-first-time"], "TN106"),  # (skipped level: a warning, not refused; see below)
])
def test_a_new_goal_that_only_brings_a_warning_is_written_and_the_warning_shown(root, args, code):
    done = run(root, "new", "goal", "--owner", "ahmed-farouk", "--title", "Straight to the top", *args)
    assert done.exit_code == 0, done.output
    assert f"{code} warning" in done.stderr


@pytest.mark.parametrize(("args", "code"), [
    (["--supports", "no-such-goal"], "TN102"),  # dangling
    (["--supports", "bill-refunds-on-time", "--id", "corp-solve-first-time"], "TN104"),  # duplicate id
    (["--supports", "bill-refunds-on-time", "--period", "2027-H3"], "TN008"),  # schema
    (["--supports", AHMED_GOAL], "TN105"),  # wrong direction: an individual goal supporting one
])
def test_a_breaking_new_goal_is_refused_and_nothing_is_written(root, args, code):
    assert_refused(root, ["new", "goal", "--owner", "ahmed-farouk", "--title", "Something", *args], code)


def test_new_goal_usage_errors_exit_2(root):
    before = snapshot(root)
    done = run(root, "new", "goal", "--owner", "ahmed-farouq", "--supports", "x", "--title", "T")
    assert done.exit_code == 2 and "no person with the id 'ahmed-farouq' (did you mean 'ahmed-farouk'?)" in done.output
    done = run(root, "new", "goal", "--owner", "ahmed-farouk", "--supports", "x", "--title", "T", "--id", "Bad Id")
    assert done.exit_code == 2 and "not a valid id" in done.output
    done = run(root, "new", "goal", "--owner", "ahmed-farouk", "--supports", "x", "--title", "T", "--corporate",
               "--department", "billing")
    assert done.exit_code == 2
    assert snapshot(root) == before


# -- new person, new department -----------------------------------------------------------------------

def test_new_person_is_a_new_file_beside_their_department(root):
    before = snapshot(root)
    done = run(root, "new", "person", "ana-lopez", "--name", "Ana López", "--department", "billing", "--role", "Refunds")
    assert done.exit_code == 0, done.output
    path = "goals/people/billing/ana-lopez.yaml"
    assert diff_of(before, root) == {path: ([], [
        "# yaml-language-server: $schema=../../../schemas/person.schema.json",
        "person:", "  id: ana-lopez", "  name: Ana López", "  department: billing", "  role: Refunds"])}
    assert_clean(root)
    done = run(root, "new", "person", "ana-lopez", "--name", "Ana", "--department", "billing")
    assert done.exit_code == 2 and "already a person" in done.output


def test_new_person_in_an_unknown_department_is_refused(root):
    assert_refused(root, ["new", "person", "ana-lopez", "--name", "Ana", "--department", "biling"], "TN108")


def test_new_department_with_a_new_head(root):
    before = snapshot(root)
    done = run(root, "new", "department", "complaints", "--name", "Complaints", "--head", "ana-lopez",
               "--head-name", "Ana Lopez", "--parent", "contact-centre")
    assert done.exit_code == 0, done.output
    assert diff_of(before, root) == {
        "goals/departments/complaints.yaml": ([], [
            "# yaml-language-server: $schema=../../schemas/department.schema.json",
            "department:", "  id: complaints", "  name: Complaints", "  head: ana-lopez", "  parent: contact-centre"]),
        "goals/people/complaints/ana-lopez.yaml": ([], [
            "# yaml-language-server: $schema=../../../schemas/person.schema.json",
            "person:", "  id: ana-lopez", "  name: Ana Lopez", "  department: complaints"]),
    }
    assert_clean(root)


@pytest.mark.parametrize(("extra", "code"), [
    (["--head", "nobody-here"], "TN109"),  # unknown head
    (["--head", "sofia-marquez", "--parent", "no-such-parent"], "TN108"),  # unknown parent
])
def test_a_breaking_new_department_is_refused(root, extra, code):
    assert_refused(root, ["new", "department", "complaints", "--name", "Complaints", *extra], code)


# -- link, unlink -------------------------------------------------------------------------------------

def test_link_changes_one_line_and_check_stays_clean(root):
    before = snapshot(root)
    done = run(root, "link", AHMED_GOAL, "bill-serve-the-front-line")
    assert done.exit_code == 0, done.output
    assert diff_of(before, root) == {AHMED: (["    supports: [bill-refunds-on-time]"],
                                             ["    supports: [bill-refunds-on-time, bill-serve-the-front-line]"])}
    assert_clean(root)
    again = run(root, "link", AHMED_GOAL, "bill-serve-the-front-line")
    assert again.exit_code == 0 and "nothing to change" in again.output


def test_link_with_a_weight_in_a_block_list(root):
    before = snapshot(root)
    done = run(root, "link", "prod-remove-reasons-to-call", "corp-solve-first-time", "--weight", "2")
    assert done.exit_code == 0, done.output
    assert diff_of(before, root) == {"goals/departments/product.yaml": (
        ["      - corp-solve-first-time"], ["      - {goal: corp-solve-first-time, weight: 2}"])}
    done = run(root, "link", "prod-remove-reasons-to-call", "corp-solve-first-time", "--weight", "1.5")
    assert diff_of(before, root) == {"goals/departments/product.yaml": (
        ["      - corp-solve-first-time"], ["      - {goal: corp-solve-first-time, weight: 1.5}"])}
    assert_clean(root)


@pytest.mark.parametrize(("goal", "parent", "code"), [
    ("corp-solve-first-time", AHMED_GOAL, "TN105"),  # wrong direction
    ("cc-resolve-in-one-go", "home-first-time-fix", "TN103"),  # a cycle (a team's goal supports its parent's)
    (AHMED_GOAL, "bill-refunds-on-tim", "TN102"),  # dangling
])
def test_a_breaking_link_is_refused_and_nothing_is_written(root, goal, parent, code):
    assert_refused(root, ["link", goal, parent], code)


def test_the_dry_run_prints_the_diff_and_writes_nothing(root):
    before = snapshot(root)
    done = run(root, "link", AHMED_GOAL, "bill-serve-the-front-line", "--dry-run")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"--- a/{AHMED}\n+++ b/{AHMED}\n@@ ")
    assert "-    supports: [bill-refunds-on-time]\n+    supports: [bill-refunds-on-time, bill-serve-the-front-line]\n" in done.stdout
    assert snapshot(root) == before
    refused = run(root, "link", "corp-solve-first-time", AHMED_GOAL, "--dry-run")
    assert refused.exit_code == 1 and "TN105" in refused.output


def test_unlink(root):
    before = snapshot(root)
    done = run(root, "unlink", "prod-remove-reasons-to-call", "corp-solve-first-time")
    assert done.exit_code == 0, done.output
    assert diff_of(before, root) == {"goals/departments/product.yaml": (["      - corp-solve-first-time"], [])}
    assert_clean(root)
    missing = run(root, "unlink", "prod-remove-reasons-to-call", "corp-solve-first-time")
    assert missing.exit_code == 2 and "does not support" in missing.output


def test_unlinking_the_last_support_is_refused(root):
    assert_refused(root, ["unlink", AHMED_GOAL, "bill-refunds-on-time"], "TN101")


def test_an_unknown_goal_exits_2_with_one_line(root):
    before = snapshot(root)
    for args in (["link", "no-such-goal", "vision"], ["unlink", "no-such-goal", "vision"], ["retire", "no-such-goal"],
                 ["rename", "no-such-goal", "other"]):
        done = run(root, *args)
        assert done.exit_code == 2, done.output
        assert done.output.count("\n") == 1 and "no goal with the id 'no-such-goal'" in done.output
    assert snapshot(root) == before


# -- retire, rename -----------------------------------------------------------------------------------

def test_retire_adds_the_status_after_the_period_with_the_reason(root):
    before = snapshot(root)
    done = run(root, "retire", AHMED_GOAL, "--reason", "backlog cleared\nby March")
    assert done.exit_code == 0, done.output
    assert diff_of(before, root) == {AHMED: ([], ["    status: retired  # backlog cleared by March"])}
    text = (root / AHMED).read_text()
    assert "    period: 2027-H1\n    status: retired  # backlog cleared by March\n    description: >-\n" in text
    done = run(root, "check", "--no-cache")
    assert done.exit_code == 0 and "TN112 warning" in done.output  # (Ahmed has no live goal left: a warning)


def test_retiring_a_goal_that_active_goals_support_is_refused(root):
    assert_refused(root, ["retire", "bill-refunds-on-time"], "TN114")


def test_rename_changes_the_id_and_every_link_to_it(root):
    before = snapshot(root)
    done = run(root, "rename", "bill-refunds-on-time", "bill-refunds-paid-on-time")
    assert done.exit_code == 0, done.output
    changes = diff_of(before, root)
    assert changes[AHMED] == (["    supports: [bill-refunds-on-time]"], ["    supports: [bill-refunds-paid-on-time]"])
    assert changes["goals/departments/billing.yaml"] == (["  - id: bill-refunds-on-time"], ["  - id: bill-refunds-paid-on-time"])
    for path, (removed, added) in changes.items():
        assert len(removed) == len(added) >= 1
        assert all(line.replace("bill-refunds-on-time", "bill-refunds-paid-on-time") == new for line, new in zip(removed, added))
    assert not any(b"bill-refunds-on-time" in data for data in snapshot(root).values())
    assert_clean(root)


def test_rename_of_a_goal_with_weighted_links(root):
    before = snapshot(root)
    done = run(root, "rename", "corp-solve-first-time", "corp-first-time-fix", "--format", "json")
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    changes = diff_of(before, root)
    assert answer["id"] == "corp-first-time-fix" and answer["written"] is True and sorted(answer["files"]) == sorted(changes)
    assert changes["goals/departments/product.yaml"][1][0] == "      - corp-first-time-fix"
    assert changes["goals/departments/contact-centre.yaml"][1][0] == "    supports: [{goal: corp-first-time-fix, weight: 3}]"
    assert_clean(root)


@pytest.mark.parametrize(("new", "code"), [("corp-listen-and-act", 1), ("Not An Id", 2)])
def test_a_breaking_rename_leaves_every_file(root, new, code):
    before = snapshot(root)
    done = run(root, "rename", "corp-solve-first-time", new)
    assert done.exit_code == code, done.output
    if code == 1:
        assert "TN104 error" in done.output
    assert snapshot(root) == before


def test_json_output_of_a_dry_run_and_of_a_refusal(root):
    done = run(root, "new", "goal", "--owner", "ahmed-farouk", "--supports", "bill-refunds-on-time", "--title", "X y",
               "--period", "2027-H1", "--dry-run", "--format", "json")
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    assert answer["id"] == "ahmed-farouk-x-y" and answer["written"] is False and answer["files"] == [AHMED]
    assert "+  - id: ahmed-farouk-x-y\n" in answer["diff"]
    refused = CliRunner().invoke(cli, ["link", "corp-solve-first-time", AHMED_GOAL, "--format", "json", "--root", str(root)])
    assert refused.exit_code == 1
    assert [f["code"] for f in json.loads(refused.stdout)["findings"]] == ["TN105"]


@pytest.mark.parametrize("command", [["new", "goal"], ["new", "person"], ["new", "department"], ["link"], ["unlink"],
                                     ["retire"], ["rename"]])
def test_every_command_has_help_with_an_example(command):
    done = CliRunner().invoke(cli, [*command, "--help"])
    assert done.exit_code == 0
    assert f"truenorth {' '.join(command)} " in done.output and "--dry-run" in done.output and "--root" in done.output


def test_a_file_changed_while_the_command_ran_is_not_overwritten(root, monkeypatch):
    """Someone saves the file between the command's read and its write: exit 2, one line naming the file,
    and their edit is what stays on disk."""
    from truenorth.edit import ChangeSet

    checked = ChangeSet.verify

    def verify_while_someone_saves(self):
        verdict = checked(self)
        (root / AHMED).write_bytes((root / AHMED).read_bytes() + b"# saved meanwhile\n")
        return verdict

    monkeypatch.setattr(ChangeSet, "verify", verify_while_someone_saves)
    done = run(root, "link", AHMED_GOAL, "bill-serve-the-front-line")
    assert done.exit_code == 2
    assert done.output.count("\n") == 1 and AHMED in done.output and "changed since it was read" in done.output
    assert (root / AHMED).read_bytes().endswith(b"# saved meanwhile\n")
    assert b"bill-serve-the-front-line" not in (root / AHMED).read_bytes()
