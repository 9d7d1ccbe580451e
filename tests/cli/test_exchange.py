"""`truenorth export` (JSON with its published schema, CSV) and `truenorth import csv` (through the edit
engine), and the round trip: export -> import into an organisation without goals -> export gives the same rows."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from tests.edit.helpers import changed_lines, sample_copy, snapshot
from truenorth.cli import cli
from truenorth.edit import ChangeSet

SCHEMA = json.loads((REPO_ROOT / "schemas" / "export.schema.json").read_text())
COMPUTED = {"progress", "computed_status"}


@pytest.fixture
def root(tmp_path):
    return sample_copy(tmp_path)


def run(root, *args):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_json_export_follows_its_schema_and_leaves_private_goals_out(root):
    done = run(root, "export", "--format", "json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    ids = {g["id"] for g in data["goals"]}
    assert "corp-solve-first-time" in ids and "ahmed-farouk-clear-refund-backlog" in ids
    assert all(g["visibility"] == "internal" for g in data["goals"])
    everything = json.loads(run(root, "export", "--include-private").stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(everything)
    private = [g for g in everything["goals"] if g["visibility"] == "private"]
    assert private and len(everything["goals"]) == len(data["goals"]) + len(private)
    goal = next(g for g in data["goals"] if g["id"] == "cc-resolve-in-one-go")
    assert goal["supports"] == [{"goal": "corp-solve-first-time", "weight": 3}]
    assert goal["level"] == "department" and goal["department"] == "contact-centre" and goal["key_results"]
    assert goal["computed_status"] in ("on-track", "at-risk", "off-track", "target-met", "no-data", "achieved")


def test_the_csv_export_and_its_key_results_table(root, tmp_path):
    goals = rows(run(root, "export", "--format", "csv").stdout)
    row = next(r for r in goals if r["id"] == "cc-resolve-in-one-go")
    assert row["supports"] == "corp-solve-first-time:3" and row["level"] == "department" and row["owner"]
    product = next(r for r in goals if r["id"] == "prod-remove-reasons-to-call")
    assert product["supports"] == "corp-listen-and-act:3 corp-solve-first-time"
    out = tmp_path / "kr.csv"
    done = run(root, "export", "--format", "csv", "--key-results", "-o", str(out))
    assert done.exit_code == 0, done.output
    krs = rows(out.read_text())
    assert {"goal", "metric", "baseline", "target", "current", "weight", "progress"} <= set(krs[0])
    assert any(r["goal"] == "corp-solve-first-time" and r["metric"] == "fcr" and r["target"] == "80" for r in krs)
    assert run(root, "export", "--format", "json", "--key-results").exit_code == 2


def test_a_title_that_a_spreadsheet_would_run_is_quoted_and_imported_back_as_written(root, tmp_path):
    assert run(root, "new", "goal", "--owner", "ahmed-farouk", "--supports", "bill-refunds-on-time", "--id", "ahmed-x",
               "--title", "=HYPERLINK(\"http://x\")", "--period", "2027-H1").exit_code == 0
    text = run(root, "export", "--format", "csv").stdout
    assert next(r for r in rows(text) if r["id"] == "ahmed-x")["title"] == "'=HYPERLINK(\"http://x\")"
    (tmp_path / "g.csv").write_text(text)
    before = snapshot(root)
    done = run(root, "import", "csv", str(tmp_path / "g.csv"), "--apply")
    assert done.exit_code == 0, done.output
    assert snapshot(root) == before  # nothing to change: the title read back as written


def _without_goals(root):
    """The sample's people, departments, vision and metrics, and no goal (what `truenorth init` would leave)."""
    changes = ChangeSet(root)
    for goal in changes.before().org.goals.values():
        document = changes.open(goal.location.path)
        if "goals" in document.data:
            if goal.level == 1:
                del document.data["goals"][:]
            else:
                del document.data["goals"]
    changes.write()


def test_the_csv_round_trip(root, tmp_path):
    exported = run(root, "export", "--format", "csv", "--include-private").stdout
    (tmp_path / "goals.csv").write_text(exported)
    _without_goals(root)
    emptied = snapshot(root)
    assert not rows(run(root, "export", "--format", "csv", "--include-private").stdout)
    dry = run(root, "import", "csv", str(tmp_path / "goals.csv"))
    assert dry.exit_code == 0, dry.output
    assert snapshot(root) == emptied and "+  - id: corp-solve-first-time" in dry.stdout
    done = run(root, "import", "csv", str(tmp_path / "goals.csv"), "--apply")
    assert done.exit_code == 0, done.output
    assert run(root, "check", "--no-cache").exit_code == 0
    again = rows(run(root, "export", "--format", "csv", "--include-private").stdout)
    original = rows(exported)
    assert len(again) == len(original) > 100
    # the same rows; progress and status are computed from key results, which this table does not carry
    assert [{k: v for k, v in r.items() if k not in COMPUTED} for r in again] == \
           [{k: v for k, v in r.items() if k not in COMPUTED} for r in original]


def test_import_updates_only_the_lines_of_what_changed(root, tmp_path):
    text = run(root, "export", "--format", "csv").stdout
    text = text.replace("ahmed-farouk-clear-refund-backlog,individual,Clear the refund backlog left by the platform migration,"
                        "bill-refunds-on-time,",
                        "ahmed-farouk-clear-refund-backlog,individual,Clear the refund backlog,"
                        "bill-refunds-on-time bill-serve-the-front-line:2,")
    (tmp_path / "g.csv").write_text(text)
    before = snapshot(root)
    done = run(root, "import", "csv", str(tmp_path / "g.csv"), "--apply")
    assert done.exit_code == 0, done.output
    after = snapshot(root)
    path = "goals/people/billing/ahmed-farouk.yaml"
    assert [p for p in after if after[p] != before[p]] == [path]
    assert changed_lines(before[path], after[path]) == (
        ["    title: Clear the refund backlog left by the platform migration", "    supports: [bill-refunds-on-time]"],
        ["    title: Clear the refund backlog",
         "    supports: [bill-refunds-on-time, {goal: bill-serve-the-front-line, weight: 2}]"])


def test_rows_that_cannot_be_placed_are_named_by_row_and_nothing_is_written(root, tmp_path):
    header = "id,level,title,supports,owner,department,period,status,visibility\n"
    (tmp_path / "g.csv").write_text(header
                                    + "ok-goal,individual,Fine,bill-refunds-on-time,ahmed-farouk,billing,2027-H1,,\n"
                                    + "Bad Id,individual,T,vision,ahmed-farouk,,,,\n"
                                    + "x-goal,team,T,vision,ahmed-farouk,,,,\n"
                                    + "y-goal,individual,T,bill-refunds-on-time,nobody,,,,\n"
                                    + "z-goal,department,T,corp-one-team,victor-almeida,no-dept,,,\n")
    before = snapshot(root)
    done = run(root, "import", "csv", str(tmp_path / "g.csv"), "--apply")
    assert done.exit_code == 2
    for line, what in ((3, "is not an id"), (4, "is not corporate, department or individual"),
                       (5, "no person 'nobody'"), (6, "'no-dept' is not a department")):
        assert f"g.csv:{line}: " in done.output and what in done.output
    assert "g.csv:2:" not in done.output
    assert snapshot(root) == before


def test_an_import_that_breaks_the_cascade_is_refused(root, tmp_path):
    header = "id,level,title,supports,owner,department,period,status,visibility\n"
    (tmp_path / "g.csv").write_text(header + "corp-solve-first-time,corporate,T,ahmed-farouk-clear-refund-backlog,priya-raman,,2027,,\n")
    before = snapshot(root)
    done = run(root, "import", "csv", str(tmp_path / "g.csv"), "--apply")
    assert done.exit_code == 1 and "TN105 error" in done.output
    assert snapshot(root) == before
