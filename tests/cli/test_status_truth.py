"""Status that tells the truth (issue 18, item 8): a key result worse than its baseline shows the fall,
a goal whose key results all met their targets is "target met", and the on-track and at-risk
thresholds are settings read by `status` and the site."""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT, VALID_ORG
from truenorth.check import run_check
from truenorth.cli import cli
from truenorth.config import load_config
from truenorth.site import build_pages

CORPORATE = (VALID_ORG / "goals" / "corporate.yaml").read_text()  # corp-satisfaction: csat 70 -> 80, now 75


def status(root, *args):
    return CliRunner().invoke(cli, ["status", "--root", str(root), *args])


def status_json(root, today: str) -> dict:
    out = status(root, "--today", today, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def corporate(data: dict, goal_id: str) -> dict:
    return next(c for c in data["corporate_goals"] if c["id"] == goal_id)


def test_a_key_result_worse_than_its_baseline_shows_the_fall_in_status():
    # the sample's bill-refunds-on-time: CSAT from a baseline of 64 towards 78 is now 61
    out = status(REPO_ROOT, "--today", "2027-05-15")
    assert out.exit_code == 0, out.output
    section = out.output.split("Key results worse than their baseline (", 1)[1].split("\n\n", 1)[0]
    assert "  bill-refunds-on-time: csat 64 → 61 (target 78): fell 3 points from its baseline, -21%" in section
    data = status_json(REPO_ROOT, "2027-05-15")
    fallen = [k for k in data["worse_than_baseline"] if (k["goal"], k["metric"]) == ("bill-refunds-on-time", "csat")]
    assert len(fallen) == 1 and fallen[0]["progress"] == pytest.approx(-3 / 14)


def test_a_fall_shows_on_the_sites_key_result_table_and_progress_bar():
    pages = build_pages(run_check(load_config(REPO_ROOT)), _dt.date(2027, 5, 15))
    billing = pages["cascade/departments/billing.md"]
    row = next(r for r in billing.split("<tr>") if "64" in r and "61" in r and "78" in r)
    assert "-21% (worse than its baseline)" in row
    assert 'class="tn-bar" width="120" height="8" role="img" data-fell="true" data-progress="-0.214"' in row and "<title>-21%: worse than its baseline</title>" in row


def test_a_goal_whose_key_results_all_met_their_targets_shows_as_target_met(org_factory):
    root = org_factory(files={"goals/corporate.yaml": CORPORATE.replace("current: 75", "current: 82")})
    data = status_json(root, "2027-05-15")
    assert corporate(data, "corp-satisfaction")["status"] == "target-met"
    assert data["totals"]["target-met"] == 1
    text = status(root, "--today", "2027-05-15").output
    assert "corp-satisfaction   100% done,  37% expected  target-met  every key result has met its target" in text
    pages = build_pages(run_check(load_config(root)), _dt.date(2027, 5, 15))
    assert '<span class="tn-status tn-status--target-met">Target met</span>' in pages["cascade/corporate/corp-satisfaction.md"]


@pytest.mark.parametrize("settings, expected", [
    ("", "at-risk"),  # 50% done with 75% of the year gone: 25 points behind, at risk by default
    ("on_track_within = 30\nat_risk_within = 40\n", "on-track"),
    ("on_track_within = 5\nat_risk_within = 20\n", "off-track"),
])
def test_the_thresholds_are_settings_read_by_status_and_the_site(org_factory, settings, expected):
    root = org_factory(files={"pyproject.toml": f"[tool.truenorth]\n{settings}"})
    today = "2027-10-01"  # 273 of 364 days: 75% of 2027 gone
    assert corporate(status_json(root, today), "corp-satisfaction")["status"] == expected
    pages = build_pages(run_check(load_config(root)), _dt.date.fromisoformat(today))
    label = {"at-risk": "At risk", "on-track": "On track", "off-track": "Off track"}[expected]
    assert f'<span class="tn-status tn-status--{expected}">{label}</span>' in pages["cascade/corporate/corp-satisfaction.md"]


@pytest.mark.parametrize("settings", ["on_track_within = 30\nat_risk_within = 20\n", "at_risk_within = 101\n",
                                      "on_track_within = -1\n", 'on_track_within = "10"\n'])
def test_thresholds_out_of_range_stop_with_a_message(org_factory, settings):
    root = org_factory(files={"pyproject.toml": f"[tool.truenorth]\n{settings}"})
    out = status(root, "--today", "2027-05-15")
    assert out.exit_code == 2
    named = [line.split(" =")[0] for line in settings.splitlines()]  # the message names a key that was set
    assert any(key in out.output for key in named), out.output
    assert "Traceback" not in out.output and "unknown setting" not in out.output
