"""`truenorth schema ids`: the organisation's ids for editors, and TN150 when the file is out of date.

The editor's view is played by jsonschema resolving the file schemas' references on disk, relative to
each schema file, as VS Code's YAML extension does from a goals file's `yaml-language-server` modeline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.conftest import REPO_ROOT, make_org
from tests.edit.helpers import sample_copy
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config

CAT = """\
person:
  id: cat
  name: Cat Example
  department: {department}
goals:
  - id: cat-empathy
    title: Listen first
    supports: [{supports}]
    owner: {owner}
    key_results:
      - metric: {metric}
        target: 90
"""

OPS_TEAM = """\
department:
  id: ops-team
  name: Operations front line
  head: {head}
  parent: {parent}
goals:
  - id: team-callbacks
    title: Call back every unresolved case
    supports: [ops-first-contact]
    owner: bob
    period: 2027-Q1
"""

NEW_GOAL = """\
  - id: cat-follow-up
    title: Follow up every callback
    supports: [team-callbacks]
    owner: cat
"""


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["schema", "ids", *args, "--root", str(root)])


class _Yaml12(yaml.SafeLoader):
    """YAML as the editor reads it (1.2: a date is text, as truenorth's loader reads it too)."""


_Yaml12.yaml_implicit_resolvers = {key: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
                                   for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def editor_errors(schema_file: Path, text: str) -> list[tuple[str, ...]]:
    """The places (as key paths) an editor would flag in a goals file validated against `schema_file`,
    its references resolved on disk relative to it."""
    def retrieve(uri: str) -> Resource:
        return Resource.from_contents(json.loads(Path(unquote(urlparse(uri).path)).read_text(encoding="utf-8")))

    schema = {**json.loads(schema_file.read_text(encoding="utf-8")), "$id": schema_file.resolve().as_uri()}
    validator = Draft202012Validator(schema, registry=Registry(retrieve=retrieve))
    places = set()
    for error in validator.iter_errors(yaml.load(text, Loader=_Yaml12)):
        for inner in (error.context or [error]):  # (an anyOf's errors: the place inside it)
            places.add(tuple(str(p) for p in inner.absolute_path))
    return sorted(places)


def codes(root: Path) -> list[str]:
    return sorted(f"{f.location.path}:{f.location.line} {f.code}" for f in run_check(load_config(root)).findings)


@pytest.fixture
def org(tmp_path):
    return make_org(tmp_path)


def test_the_generated_schema_lets_an_editor_accept_known_ids_and_flag_unknown_ones(org):
    done = run(org)
    assert done.exit_code == 0, done.output
    assert "schemas/ids.schema.json written: 9 goals, 3 people, 2 departments, 2 metrics" in done.output
    schemas = org / "schemas"
    enums = {name: d["enum"] for name, d in json.loads((schemas / "ids.schema.json").read_text())["$defs"].items()}
    assert enums["person_id"] == ["ann", "bob", "cat"] and enums["metric_id"] == ["aht", "csat"]
    assert "vision" in enums["goal_id"] and "team-callbacks" in enums["goal_id"]

    person = schemas / "person.schema.json"  # written beside it: the organisation had no schemas/ folder
    known = CAT.format(department="ops-team", supports="team-callbacks", owner="cat", metric="csat")
    assert editor_errors(person, known) == []
    unknown = CAT.format(department="ops-tem", supports="team-calbacks", owner="kat", metric="cstat")
    assert editor_errors(person, unknown) == [("goals", "0", "key_results", "0", "metric"), ("goals", "0", "owner"),
                                             ("goals", "0", "supports", "0"), ("person", "department")]
    weighted = known.replace("supports: [team-callbacks]", "supports: [{goal: team-calbacks, weight: 2}]")
    assert ("goals", "0", "supports", "0", "goal") in editor_errors(person, weighted)  # (and the plain-id branch)
    assert editor_errors(person, weighted.replace("team-calbacks", "team-callbacks")) == []

    department = schemas / "department.schema.json"
    assert editor_errors(department, OPS_TEAM.format(head="bob", parent="ops")) == []
    assert editor_errors(department, OPS_TEAM.format(head="bobby", parent="opps")) == [
        ("department", "head"), ("department", "parent")]


def test_the_shipped_schemas_accept_any_well_formed_id():
    """A repository that never ran the command: its editor checks the form of an id, not which it is."""
    unknown = CAT.format(department="ops-tem", supports="team-calbacks", owner="kat", metric="cstat")
    assert editor_errors(REPO_ROOT / "schemas" / "person.schema.json", unknown) == []
    badly_formed = CAT.format(department="Ops Team", supports="team-callbacks", owner="cat", metric="csat")
    assert editor_errors(REPO_ROOT / "schemas" / "person.schema.json", badly_formed) == [("person", "department")]


def test_the_checker_reports_unknown_ids_by_its_rules_as_before(org):
    unknown = CAT.format(department="ops-tem", supports="team-calbacks", owner="kat", metric="cstat")
    (org / "goals/people/cat.yaml").write_text(unknown)
    before = codes(org)
    assert {c.split()[1] for c in before} >= {"TN102", "TN107", "TN108", "TN110"}
    assert not any(c.endswith("TN008") for c in before)  # not a schema error: the rules say it, with a did-you-mean
    assert run(org).exit_code == 0
    assert codes(org) == before  # the generated file lists the ids, and the checker never validates with it


def test_the_sample_gives_the_same_findings_and_editors_accept_every_file(tmp_path):
    root = sample_copy(tmp_path)
    shutil.copytree(REPO_ROOT / "schemas", root / "schemas")
    before = codes(root)
    refused = run(root)  # truenorth's own copy, which accepts any id, is not replaced unasked
    assert refused.exit_code == 2 and "--force" in refused.output
    assert (root / "schemas/ids.schema.json").read_bytes() == (REPO_ROOT / "schemas/ids.schema.json").read_bytes()
    assert run(root, "--force").exit_code == 0
    assert codes(root) == before == []
    for path in sorted((root / "goals").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        modeline = text.splitlines()[0]
        assert modeline.startswith("# yaml-language-server: $schema="), path
        schema_file = (path.parent / modeline.split("$schema=", 1)[1].strip()).resolve()
        assert schema_file.parent == (root / "schemas").resolve(), path
        assert editor_errors(schema_file, text) == [], path


def test_private_goals_are_left_out(org):
    (org / "goals/people/cat.yaml").write_text(
        (org / "goals/people/cat.yaml").read_text() + NEW_GOAL + "    visibility: private\n")
    assert run(org).exit_code == 0
    listed = json.loads((org / "schemas/ids.schema.json").read_text())["$defs"]["goal_id"]["enum"]
    assert "cat-empathy" in listed and "cat-follow-up" not in listed
    assert run(org, "--check").exit_code == 0


def test_check_option_exit_codes_and_json(org):
    missing = run(org, "--check")
    assert missing.exit_code == 1 and "does not exist" in missing.output
    assert not (org / "schemas").exists()  # --check writes nothing
    assert run(org).exit_code == 0
    written = (org / "schemas/ids.schema.json").stat()
    again = run(org)
    assert again.exit_code == 0 and "up to date" in again.output
    assert (org / "schemas/ids.schema.json").stat().st_ino == written.st_ino  # not written again
    assert run(org, "--check").exit_code == 0

    cat = org / "goals/people/cat.yaml"
    cat.write_text(cat.read_text() + NEW_GOAL)
    stale = run(org, "--check", "--format", "json")
    assert stale.exit_code == 1
    answer = json.loads(stale.output)
    assert answer["status"] == "stale" and "'cat-follow-up'" in answer["problem"] and answer["written"] == []
    fresh = run(org, "--format", "json")
    assert fresh.exit_code == 0 and json.loads(fresh.output)["written"] == ["schemas/ids.schema.json"]
    assert run(org, "--check").exit_code == 0


def test_a_goals_file_that_cannot_be_read_stops_it_and_nothing_is_written(org):
    (org / "goals/people/cat.yaml").write_text("person: [unclosed\n")
    done = run(org)
    assert done.exit_code == 1
    assert "goals/people/cat.yaml" in done.output and "TN001" in done.output and "Traceback" not in done.output
    assert not (org / "schemas").exists()


def check_cli(root: Path, *args: str) -> tuple[int, str]:
    """`python -m truenorth check` as typed (the quick path and its recorded answers included)."""
    done = subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root), *args],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    return done.returncode, done.stdout


def test_the_stale_warning_appears_and_goes_with_the_cache_as_without(org):
    def both() -> tuple[int, str]:
        cached, fresh = check_cli(org), check_cli(org, "--no-cache")
        assert cached == fresh
        return cached

    assert "TN150" not in both()[1]  # a repository that never ran the command: no warning
    assert run(org).exit_code == 0
    code, out = both()
    assert code == 0 and "TN150" not in out and "no problems" in out
    assert both() == (code, out)  # (answered from the cache this time)

    cat = org / "goals/people/cat.yaml"
    cat.write_text(cat.read_text() + NEW_GOAL)  # a new goal id: the file's list is old
    code, out = both()
    assert code == 0 and "schemas/ids.schema.json:1:1: TN150 warning" in out and "'cat-follow-up'" in out
    assert "truenorth schema ids" in out  # the hint

    assert run(org).exit_code == 0  # written again: the warning goes
    code, out = both()
    assert "TN150" not in out and "no problems" in out

    cat.write_text(cat.read_text().replace("    owner: cat\n", "    owner: cat\n    visibility: private\n", 1))
    code, out = both()  # cat-empathy made private: it must leave the committed file
    assert "TN150" in out and "'cat-empathy'" in out


def edit(root: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


def listed_goal_ids(root: Path) -> list[str]:
    return json.loads((root / "schemas/ids.schema.json").read_text(encoding="utf-8"))["$defs"]["goal_id"]["enum"]


def test_edit_commands_keep_the_generated_file_in_step_with_the_ids(org):
    assert run(org).exit_code == 0
    done = edit(org, "new", "goal", "--owner", "cat", "--supports", "team-callbacks", "--title", "Call back within a day",
                "--id", "cat-call-back")
    assert done.exit_code == 0, done.output
    assert "TN150" not in done.output  # (stderr mixed in: no warning that the file is out of date)
    assert "cat-call-back" in listed_goal_ids(org)
    assert run(org, "--check").exit_code == 0

    done = edit(org, "rename", "cat-call-back", "cat-callback", "--format", "json")
    assert done.exit_code == 0, done.output
    assert "schemas/ids.schema.json" in json.loads(done.stdout)["files"]
    ids = listed_goal_ids(org)
    assert "cat-callback" in ids and "cat-call-back" not in ids
    code, out = check_cli(org)
    assert code == 0 and "TN150" not in out


def test_a_dry_run_shows_the_file_change_and_writes_nothing(org):
    assert run(org).exit_code == 0
    before = (org / "schemas/ids.schema.json").read_bytes()
    done = edit(org, "rename", "cat-empathy", "cat-listens", "--dry-run")
    assert done.exit_code == 0, done.output
    assert "+++ b/schemas/ids.schema.json" in done.stdout
    assert '+        "cat-listens",' in done.stdout and '-        "cat-empathy",' in done.stdout
    assert (org / "schemas/ids.schema.json").read_bytes() == before


def test_a_file_not_written_by_the_command_is_left_alone(org):
    (org / "schemas").mkdir(exist_ok=True)
    shipped = REPO_ROOT / "schemas/ids.schema.json"  # truenorth's own copy accepts any id: nothing goes stale
    shutil.copy(shipped, org / "schemas/ids.schema.json")
    done = edit(org, "rename", "cat-empathy", "cat-listens", "--format", "json")
    assert done.exit_code == 0, done.output
    assert "schemas/ids.schema.json" not in json.loads(done.stdout)["files"]
    assert (org / "schemas/ids.schema.json").read_bytes() == shipped.read_bytes()
