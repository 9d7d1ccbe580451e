"""`truenorth gaps`, `truenorth impact` and `truenorth status` on a small goals folder and on the sample org."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from truenorth.cli import cli

REPO_ROOT = Path(__file__).resolve().parents[2]

FILES = {
    "goals/vision.yaml": """\
vision:
  id: vision
  title: Every customer leaves with their problem solved
  statement: We solve each customer's problem on the first contact.
  owner: ann
  values:
    - name: Own the outcome
""",
    "goals/metrics.yaml": """\
metrics:
  - id: csat
    name: Customer satisfaction
    definition: Share of customers rating 4 or 5 of 5.
    unit: "%"
    direction: higher
  - id: aht
    name: Average handle time
    definition: Mean minutes per contact.
    unit: min
    direction: lower
    kind: efficiency
""",
    "goals/corporate.yaml": """\
goals:
  - id: corp-csat
    title: Customers rate us highly
    supports: [vision]
    owner: ann
    period: 2027
    key_results:
      - metric: csat
        baseline: 60
        target: 80
        current: 70
  - id: corp-people
    title: People who love the work
    supports: [vision]
    owner: ann
    period: 2027
  - id: corp-empty
    title: Nobody carries this one
    supports: [vision]
    owner: ann
    period: 2027
  - id: corp-private
    title: Secret merger plan
    supports: [vision]
    owner: ann
    period: 2027
    visibility: private
""",
    "goals/departments/ops.yaml": """\
department:
  id: ops
  name: Operations
  head: ann
goals:
  - id: ops-first
    title: Solve it on the first contact
    supports: [corp-csat]
    owner: ann
    period: 2027
    key_results:
      - metric: aht
        baseline: 10
        target: 6
        current: 9
      - metric: csat
        baseline: 60
        target: 80
        current: 65
  - id: ops-coach
    title: Weekly coaching for every agent
    supports: [corp-csat, corp-people]
    owner: ann
    period: 2027
    health: at-risk
    health_reason: Coaches on leave
    key_results:
      - metric: csat
        baseline: 70
        target: 90
        current: 90
  - id: ops-secret
    title: Hidden reorg
    supports: [corp-csat]
    owner: ann
    period: 2027
    visibility: private
    key_results:
      - metric: aht
        baseline: 10
        target: 6
        current: 10
  - id: ops-speed
    title: Answer faster
    supports: [corp-people]
    owner: ann
    period: 2027
    key_results:
      - metric: aht
        baseline: 10
        target: 6
        current: 8
""",
    "goals/departments/ops-team.yaml": """\
department:
  id: ops-team
  name: Ops team
  head: cat
  parent: ops
goals:
  - id: team-first
    title: The team solves it first time
    supports: [ops-first]
    owner: cat
    period: 2027
""",
    "goals/departments/it.yaml": """\
department:
  id: it
  name: IT
  head: bob
""",
    "goals/people/ann.yaml": """\
person:
  id: ann
  name: Ann Example
  department: ops
goals:
  - id: ann-calls
    title: Take calls one morning a month
    supports: [ops-first]
    owner: ann
    updated: 2027-01-01
""",
    "goals/people/bob.yaml": """\
person:
  id: bob
  name: Bob Example
  department: it
""",
    "goals/people/cat.yaml": """\
person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-huddle
    title: Run a daily huddle
    supports: [team-first]
    owner: cat
    updated: 2027-06-20
""",
}


@pytest.fixture
def org(tmp_path: Path) -> Path:
    root = tmp_path / "org"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_commands_are_registered():
    out = invoke("--help").output
    for name in ("gaps", "impact", "status"):
        assert name in out


def test_the_tmp_org_loads(org):
    result = invoke("check", "--root", str(org), "--format", "json")
    data = json.loads(result.output)
    assert data["summary"]["goals"] == 11
    assert not [f for f in data["findings"] if f["code"].startswith("TN0")]  # no loading problem


# ------------------------------------------------------------------------------------------------ gaps


def test_gaps_text(org):
    result = invoke("gaps", "--root", str(org))
    assert result.exit_code == 0, result.output
    out = result.output
    uncovered = out.split("Corporate goals no department supports (2)\n")[1].split("\n\n")[0]
    assert uncovered == "  corp-empty: Nobody carries this one  (ann)\n  1 private goal"
    assert "Departments that carry no corporate goal (1)\n  it: IT\n" in out
    lines = out.splitlines()
    header = next(line for line in lines if line.strip().startswith("C1"))
    assert header.split() == ["C1", "C2", "C3", "C4", "total"]
    row = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ") and "/" in line}
    assert row["ops"] == ["3", ".", "2", ".", "2/4"]
    assert row["ops-team"] == ["1", ".", ".", ".", "1/4"]
    assert row["it"] == [".", ".", ".", ".", "0/4"]
    carriers = next(line for line in lines if line.startswith("  departments")).split()
    assert carriers == ["departments", "2", "0", "1", "0"]
    assert "  C4 = a private goal" in lines  # the private corporate goal is a column, not named
    assert "  C1 = corp-csat: Customers rate us highly" in lines
    assert "People with no goals (1)\n  bob: Bob Example (it)\n" in out
    assert "People who own more than 5 active goals (1)\n  ann: Ann Example owns 9\n" in out
    assert "Goals measured only by efficiency metrics, with no outcome beside them (2)\n" in out
    assert "  ops-speed: Answer faster  (ann)  [aht]" in lines
    assert "  1 private goal" in lines
    assert "Hidden reorg" not in out and "ops-secret" not in out
    assert "Secret merger plan" not in out and "corp-private" not in out


def test_gaps_json(org):
    result = invoke("gaps", "--root", str(org), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["corporate_goals"] == ["corp-csat", "corp-empty", "corp-people"]
    assert data["uncovered_corporate_goals"] == ["corp-empty"]
    assert data["idle_departments"] == ["it"]
    assert data["people_without_goals"] == ["bob"]
    assert data["overloaded_people"] == {"ann": 9}
    assert data["efficiency_only_goals"] == {"ops-speed": ["aht"]}
    assert data["efficiency_only_private_goals"] == 1
    assert data["coverage"]["ops"]["corp-csat"] == {"goals": ["ops-coach", "ops-first"], "count": 3}
    assert data["coverage"]["ops-team"]["corp-csat"] == {"goals": ["team-first"], "count": 1}
    assert "Hidden reorg" not in result.output and "ops-secret" not in result.output
    assert "corp-private" not in result.output


def test_gaps_without_a_goals_folder(tmp_path):
    result = CliRunner().invoke(cli, ["gaps", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "no goals folder" in result.output


# ---------------------------------------------------------------------------------------------- impact


def test_impact_text(org):
    result = invoke("impact", "corp-csat", "--root", str(org))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "If corp-csat: Customers rate us highly were retired:"
    assert lines[1] == "  5 goals would lose the line of sight to the vision:"
    assert lines[2:7] == [
        "    ann-calls: Take calls one morning a month  (ann)",
        "    cat-huddle: Run a daily huddle  (cat)",
        "    ops-first: Solve it on the first contact  (ann)",
        "    team-first: The team solves it first time  (cat)",
        "    1 private goal",
    ]
    assert lines[7] == "  2 people would need a new goal to support:"
    assert lines[8:10] == ["    ann (Ann Example): 3 goals", "    cat (Cat Example): 2 goals"]
    assert lines[10:] == ["  1 goal keep the line of sight through another path:",
                          "    ops-coach: Weekly coaching for every agent  (ann)"]
    assert "Hidden reorg" not in result.output


def test_impact_json(org):
    result = invoke("impact", "ops-first", "--root", str(org), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data == {"goal": "ops-first", "reaches_vision": True, "standalone": False, "lost": ["ann-calls", "cat-huddle", "team-first"],
                    "lost_private": 0, "kept": [], "kept_private": 0,
                    "owners": {"ann": {"goals": ["ann-calls"], "count": 1},
                               "cat": {"goals": ["cat-huddle", "team-first"], "count": 2}}}


def test_impact_of_a_private_goal_does_not_name_it(org):
    result = invoke("impact", "ops-secret", "--root", str(org))
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "If a private goal were retired:"
    assert "Hidden reorg" not in result.output


def test_impact_unknown_id(org):
    result = CliRunner().invoke(cli, ["impact", "corp-csta", "--root", str(org)])
    assert result.exit_code == 2
    assert "no goal has the id 'corp-csta'; did you mean 'corp-csat'" in result.output


def test_impact_unknown_id_does_not_suggest_private_goals(org):
    result = CliRunner().invoke(cli, ["impact", "ops-secrets", "--root", str(org)])
    assert result.exit_code == 2
    assert "ops-secret'" not in result.output


def test_impact_of_the_vision_is_refused(org):
    result = CliRunner().invoke(cli, ["impact", "vision", "--root", str(org)])
    assert result.exit_code == 2
    assert "is the vision" in result.output


# ---------------------------------------------------------------------------------------------- status


def test_status_text(org):
    result = invoke("status", "--root", str(org), "--today", "2027-07-02")
    assert result.exit_code == 0, result.output
    out = result.output
    lines = out.splitlines()
    assert lines[0] == "Status on 2027-07-02"
    # corp-csat: csat 60 -> 80 at 70: 50% done, half the year gone
    assert any(line.split()[:6] == ["corp-csat", "50%", "done,", "50%", "expected", "on-track"] for line in lines)
    # corp-people has no key results: ops-coach (100%) and ops-speed (50%) support it: 75%
    assert any(line.split()[:6] == ["corp-people", "75%", "done,", "50%", "expected", "on-track"] for line in lines)
    assert any(line.split()[:2] == ["corp-empty", "-"] and "no-data" in line for line in lines)
    assert "  1 private goal" in lines
    ops = next(line for line in lines if line.split()[:1] == ["ops"])
    # ops: 4 department goals and ann-calls. Progress: mean of the department goals ops-first 25%, ops-coach 100%,
    # ops-secret 0%, ops-speed 50% = 44%. ops-speed on track; ops-first at risk (25% vs 50%: exactly 25 points
    # behind) and ops-coach at risk (explicit health); ops-secret off track; ann-calls is stale (updated
    # 2027-01-01, more than the 14 days individual goals go between check-ins)
    assert ops.split() == ["ops", "5", "44%", "1", "2", "1", "0", "0", "0", "1"]
    assert "Stale goals: not updated for more than 120 days (1)" in out
    assert "  ann-calls: Take calls one morning a month  (ann)  updated 2027-01-01, 182 days ago" in lines
    assert "Secret merger plan" not in out and "Hidden reorg" not in out


def test_status_stale_days_option(org):
    result = invoke("status", "--root", str(org), "--today", "2027-07-02", "--stale-days", "200")
    assert "Stale goals: not updated for more than 200 days (0)\n  none" in result.output
    result = invoke("status", "--root", str(org), "--today", "2027-07-02", "--stale-days", "5")
    assert "(2)" in result.output.split("Stale goals")[1]


def test_status_json(org):
    result = invoke("status", "--root", str(org), "--today", "2027-07-02", "--format", "json")
    data = json.loads(result.output)
    corp = {c["id"]: c for c in data["corporate_goals"]}
    assert corp["corp-csat"]["progress"] == pytest.approx(0.5)
    assert corp["corp-csat"]["status"] == "on-track"
    assert corp[None]["private"] is True and corp[None]["reason"] is None
    assert data["departments"]["ops"]["counts"] == {"on-track": 1, "at-risk": 2, "off-track": 1, "achieved": 0,
                                                    "target-met": 0, "no-data": 0, "stale": 1}
    assert [s["id"] for s in data["stale"]] == ["ann-calls"]


def test_status_bad_date(org):
    result = CliRunner().invoke(cli, ["status", "--root", str(org), "--today", "July"])
    assert result.exit_code == 2
    assert "not a date" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_status_uses_the_last_commit_when_there_is_no_updated_field(org):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_DATE="2027-01-10T12:00:00+00:00", GIT_COMMITTER_DATE="2027-01-10T12:00:00+00:00")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "goals"]):
        subprocess.run(["git", *args], cwd=org, env=env, check=True, capture_output=True)
    result = invoke("status", "--root", str(org), "--today", "2027-07-02")
    lines = result.output.splitlines()
    assert "  ops-first: Solve it on the first contact  (ann)  last commit 2027-01-10, 173 days ago" in lines
    assert "  ann-calls: Take calls one morning a month  (ann)  updated 2027-01-01, 182 days ago" in lines
    assert "with no known last update" not in result.output


# --------------------------------------------------------------------------------- the sample organisation


def _sample_checks() -> bool:
    return CliRunner().invoke(cli, ["check", "--root", str(REPO_ROOT)]).exit_code == 0


sample = pytest.mark.skipif(not (REPO_ROOT / "goals").is_dir(), reason="no sample organisation")


@sample
def test_sample_gaps():
    if not _sample_checks():
        pytest.skip("the sample organisation does not pass `truenorth check` yet")
    result = invoke("gaps", "--root", str(REPO_ROOT))
    assert result.exit_code == 0
    assert "Coverage: how many of each department's goals reach each corporate goal" in result.output
    data = json.loads(invoke("gaps", "--root", str(REPO_ROOT), "--format", "json").output)
    assert data["corporate_goals"] and data["departments"]


@sample
def test_sample_impact_and_status():
    from truenorth.check import run_check
    from truenorth.config import load_config
    from truenorth.model import Level

    if not _sample_checks():
        pytest.skip("the sample organisation does not pass `truenorth check` yet")
    org = run_check(load_config(REPO_ROOT)).org
    corporate = sorted(g.id for g in org.goals_at(Level.CORPORATE) if not g.is_private)
    assert corporate
    result = invoke("impact", corporate[0], "--root", str(REPO_ROOT))
    assert result.exit_code == 0
    assert result.output.startswith(f"If {corporate[0]}: ")
    assert "would lose the line of sight to the vision" in result.output
    for goal in org.goals.values():
        if goal.is_private:
            assert goal.title not in result.output
    status = invoke("status", "--root", str(REPO_ROOT), "--today", "2027-05-01")
    assert status.exit_code == 0
    assert all(c in status.output for c in corporate)
