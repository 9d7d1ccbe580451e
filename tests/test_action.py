"""The GitHub Action (action.yml, a composite action), run as a runner runs it: each `run:` step with
bash, in a pull request's checkout made by the test, with the environment variables a runner sets
(GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_BASE_REF, GITHUB_EVENT_NAME=pull_request, GITHUB_ENV,
GITHUB_OUTPUT, RUNNER_TEMP...), and what a step writes to GITHUB_ENV passed on to the next steps.

The install step is run with the `truenorth` input (the truenorth under test, already installed):
building another environment is what tests/test_pre_commit_hook.py does, once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from tests.conftest import REPO_ROOT, VALID_ORG
from tests.report.sarif_schema import validate

ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
DATE = "2027-01-04T09:00:00+00:00"
TRUENORTH = Path(sys.executable).with_name("truenorth")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-c", "user.name=Ana Lima", "-c", "user.email=ana@example.org",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=120).stdout


_EXPRESSION = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")


def evaluate(value: str, inputs: dict[str, str], context: dict[str, str]) -> str:
    """`${{ inputs.x }}` and `${{ github.action_path }}` in a step's env, as the runner fills them in."""
    def one(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith("inputs."):
            key = name.removeprefix("inputs.")
            return inputs.get(key, ACTION["inputs"][key].get("default", ""))
        return context[name]
    return _EXPRESSION.sub(one, value)


def read_commands_file(path: Path) -> dict[str, str]:
    """NAME=value lines of GITHUB_ENV / GITHUB_OUTPUT (the one-line form the action writes)."""
    pairs = {}
    for line in path.read_text().splitlines():
        name, _, value = line.partition("=")
        pairs[name] = value
    return pairs


def run_action(workspace: Path, tmp: Path, inputs: dict[str, str], event: dict[str, str]):
    """Every step of the action in order, stopping at the first that fails, as a runner does:
    (the last step's exit code, all stdout, the job summary, the step outputs)."""
    temp = tmp / "runner-temp"
    temp.mkdir()
    files = {name: tmp / name.lower() for name in ("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH")}
    for path in files.values():
        path.write_text("")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp), "CI": "true", "GITHUB_ACTIONS": "true",
           "GITHUB_WORKSPACE": str(workspace), "RUNNER_TEMP": str(temp), "GITHUB_ACTION_PATH": str(REPO_ROOT),
           "GITHUB_REPOSITORY": "tidewell/goals", "GITHUB_SHA": git(workspace, "rev-parse", "HEAD").strip(),
           "TRUENORTH_CACHE_DIR": str(tmp / "truenorth-cache"), **{k: str(v) for k, v in files.items()}, **event}
    stdout, code, outputs = "", 0, {}
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"], "inputs reach a script through env only"
        assert step["shell"] == "bash"
        step_env = {k: evaluate(str(v), inputs, {"github.action_path": str(REPO_ROOT)}) for k, v in step.get("env", {}).items()}
        files["GITHUB_OUTPUT"].write_text("")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=workspace, env={**env, **read_commands_file(files["GITHUB_ENV"]), **step_env,
                                                  "PATH": os.pathsep.join([*reversed(files["GITHUB_PATH"].read_text().split()),
                                                                           env["PATH"]])},
                              capture_output=True, text=True, timeout=600)
        stdout += done.stdout
        assert "Traceback" not in done.stderr, done.stderr
        if "id" in step:
            outputs[step["id"]] = read_commands_file(files["GITHUB_OUTPUT"])
        code = done.returncode
        if code:
            break
    return code, stdout, files["GITHUB_STEP_SUMMARY"].read_text(), outputs


@pytest.fixture
def pull_request(tmp_path):
    """A goals repository on `origin` (main: the valid organisation) and a clone checked out at a
    pull request's branch, as actions/checkout leaves it; `change(files)` commits the pull request."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    origin = tmp_path / "origin"
    seed = tmp_path / "seed"
    shutil.copytree(VALID_ORG, seed)
    (seed / "pyproject.toml").write_text('[tool.truenorth]\ngoals_dir = "goals"\n')
    git(seed, "init", "-q")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "the goals")
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    workspace = tmp_path / "workspace"
    git(tmp_path, "clone", "-q", "--depth=1", "--no-local", origin.as_uri(), str(workspace))
    git(workspace, "checkout", "-q", "-b", "pr")

    def change(files: dict[str, str]) -> Path:
        for rel, text in files.items():
            (workspace / rel).write_text(text)
        git(workspace, "add", "-A")
        git(workspace, "commit", "-q", "-m", "the pull request")
        return workspace

    # only the pull request's own commit is fetched: the base branch is fetched by the action if needed
    git(workspace, "update-ref", "-d", "refs/remotes/origin/main")
    return change


EVENT = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "pr",
         "GITHUB_REF": "refs/pull/7/merge"}


def table_rows(summary: str) -> list[list[str]]:
    html = MarkdownIt("commonmark").enable("table").render(summary)
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]]


def test_a_pull_request_that_breaks_a_link_fails_with_annotations_and_a_summary(pull_request, tmp_path):
    cat = (VALID_ORG / "goals" / "people" / "cat.yaml").read_text()
    workspace = pull_request({"goals/people/cat.yaml": cat.replace("[team-callbacks]", "[team-callback]", 1)})
    code, stdout, summary, outputs = run_action(workspace, tmp_path, {"truenorth": str(TRUENORTH),
                                                                      "sarif": "truenorth.sarif"}, EVENT)
    assert code == 1
    log = json.loads((workspace / "truenorth.sarif").read_text())  # for code scanning: valid SARIF 2.1.0
    validate(log)
    assert "TN102" in {result["ruleId"] for result in log["runs"][0]["results"]}
    assert outputs["check"]["exit-code"] == "1"
    annotations = [line for line in stdout.splitlines() if line.startswith("::error ")]
    assert any(line.startswith("::error file=goals/people/cat.yaml,line=8,") and "TN102" in line for line in annotations)
    # the job summary: the summary line, the findings table, then the cascade diff section
    assert "### truenorth check" in summary
    assert re.search(r"\n❌ \d+ goals in \d+ files, .*; 2 errors, 0 warnings(; alignment health \d+/100)?\n", summary)
    rows = table_rows(summary)
    assert any(row[0] == "error" and row[1].startswith("TN102") and row[2].startswith("goals/people/cat.yaml:8:")
               for row in rows), rows
    # ... and the cascade diff against the base branch, which the action fetched (truenorth diff)
    diff_part = summary.split("### Cascade diff", 1)[1]
    assert "could not be made" not in diff_part, diff_part
    assert "Re-linked" in diff_part and "team\\-callbacks | team\\-callback |" in diff_part
    assert "lose their line of sight" in diff_part


def test_a_clean_pull_request_passes_and_says_so(pull_request, tmp_path):
    cat = (VALID_ORG / "goals" / "people" / "cat.yaml").read_text()
    workspace = pull_request({"goals/people/cat.yaml": cat + "# reviewed\n"})
    code, stdout, summary, outputs = run_action(workspace, tmp_path, {"truenorth": str(TRUENORTH)}, EVENT)
    assert code == 0, stdout + summary
    assert outputs["check"]["exit-code"] == "0"
    assert not [line for line in stdout.splitlines() if line.startswith(("::error", "::warning"))]
    assert "no problems" in summary and table_rows(summary) == []


def test_on_a_push_there_is_no_diff_section_and_a_hostile_base_name_cannot_inject(pull_request, tmp_path):
    workspace = pull_request({"README.md": "goals\n"})
    code, _, summary, _ = run_action(workspace, tmp_path, {"truenorth": str(TRUENORTH)},
                                     {"GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/main"})
    assert code == 0 and "### truenorth check" in summary and "Cascade diff" not in summary
    (tmp_path / "runner-temp").rename(tmp_path / "runner-temp-1")
    marker = tmp_path / "pwned"
    hostile = {**EVENT, "GITHUB_BASE_REF": f"main$(touch {marker})`touch {marker}`<b>"}
    code, _, summary, _ = run_action(workspace, tmp_path, {"truenorth": str(TRUENORTH)}, hostile)
    assert code == 0 and not marker.exists()
    # no such branch: the summary says the diff could not be made, the name defanged
    assert "### Cascade diff against main__touch" in summary and "could not be made" in summary
    assert "<b>" not in summary
    (tmp_path / "runner-temp").rename(tmp_path / "runner-temp-2")
    code, _, summary, _ = run_action(workspace, tmp_path, {"truenorth": str(TRUENORTH), "root": f". $(touch {marker})"},
                                     EVENT)
    assert not marker.exists()
    assert code != 0  # the root input names no folder: the step fails rather than run it


def test_every_input_has_a_description_and_the_steps_pass_inputs_through_env():
    assert ACTION["runs"]["using"] == "composite"
    for name, spec in ACTION["inputs"].items():
        assert spec.get("description"), name
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"]
