"""Check-ins on key results: loaded with their places, `current` from the last one, kept by the cache,
and the rules on their dates, order and people (through load_organisation and run_check)."""

from __future__ import annotations

import datetime as dt

from truenorth.check import run_check
from truenorth.config import ConfigError, load_config
from truenorth.load import load_organisation

import pytest

CAT = """person:
  id: cat
  name: Cat Example
  department: ops-team
goals:
  - id: cat-empathy
    title: Listen first
    supports: [team-callbacks]
    owner: cat
    period: 2027-Q1
    key_results:
      - metric: csat
        baseline: 70
        target: 85
{extra}        check_ins:
          - date: 2027-01-10
            value: 71
            confidence: high
            by: bob
          - date: 2027-02-10
            value: 73.5
            confidence: 0.35
            note: "Queue backlog after the storm"
"""


def _check(org_factory, text, today="2027-03-01", pyproject=None):
    files = {"goals/people/cat.yaml": text}
    if pyproject is not None:
        files["pyproject.toml"] = pyproject
    root = org_factory(files=files)
    config = load_config(root)
    config.today = dt.date.fromisoformat(today)
    return run_check(config)


def test_current_comes_from_the_last_check_in_when_absent(org_factory):
    result = _check(org_factory, CAT.format(extra=""))
    kr = result.org.goals["cat-empathy"].key_results[0]
    assert kr.current == 73.5
    assert [(c.date, c.value, c.confidence, c.by) for c in kr.check_ins] == [
        (dt.date(2027, 1, 10), 71, "high", "bob"), (dt.date(2027, 2, 10), 73.5, 0.35, None)]
    assert kr.check_ins[1].note == "Queue backlog after the storm"
    assert (kr.check_ins[0].location.line, kr.check_ins[0].location.column) == (16, 13)
    assert result.findings == []


def test_a_written_current_stays_the_current_value(org_factory):
    result = _check(org_factory, CAT.format(extra="        current: 80\n"))
    assert result.org.goals["cat-empathy"].key_results[0].current == 80


def test_check_ins_survive_the_cache(org_factory):
    root = org_factory(files={"goals/people/cat.yaml": CAT.format(extra="")})
    from truenorth import cache as check_cache

    config = load_config(root)
    run_check(config, cache=check_cache.open(root))
    again = run_check(config, cache=check_cache.open(root))
    kr = again.org.goals["cat-empathy"].key_results[0]
    assert [(c.date, c.value, c.note) for c in kr.check_ins][1] == (dt.date(2027, 2, 10), 73.5,
                                                                    "Queue backlog after the storm")
    assert kr.current == 73.5


@pytest.mark.parametrize("bad, message", [
    ("confidence: 1.5", "confidence"),
    ("confidence: sure", "confidence"),
    ("value: lots", "value"),
    ("date: 10 Jan", "date"),
])
def test_the_schema_refuses_a_bad_check_in(org_factory, bad, message):
    key = bad.split(":")[0]
    text = CAT.format(extra="").replace({"confidence": "confidence: high", "value": "value: 71",
                                         "date": "date: 2027-01-10"}[key], bad, 1)
    result = _check(org_factory, text)
    assert [f.code for f in result.findings][:1] == ["TN005"] or any(message in f.message for f in result.findings)
    assert any(f.location.path == "goals/people/cat.yaml" and f.severity.value == "error" for f in result.findings)


def test_a_check_in_after_today_is_reported_against_the_configured_today(org_factory):
    root = org_factory(files={"goals/people/cat.yaml": CAT.format(extra="")})
    config = load_config(root)
    config.today = dt.date(2027, 2, 10)
    assert "TN132" not in {f.code for f in run_check(config).findings}
    config.today = dt.date(2027, 2, 9)
    found = [f for f in run_check(config).findings if f.code == "TN132"]
    assert len(found) == 1 and "2027-02-10" in found[0].message and str(found[0].location) == "goals/people/cat.yaml:20:13"


def test_the_future_is_judged_on_the_today_setting_and_the_environment(org_factory, monkeypatch):
    root = org_factory(files={"goals/people/cat.yaml": CAT.format(extra=""),
                              "pyproject.toml": "[tool.truenorth]\ntoday = 2027-01-20\n"})
    assert "TN132" in {f.code for f in run_check(load_config(root)).findings}
    monkeypatch.setenv("TRUENORTH_TODAY", "2027-03-01")
    assert "TN132" not in {f.code for f in run_check(load_config(root)).findings}


def test_the_cached_answer_follows_today(org_factory, monkeypatch):
    """A report recorded while a check-in was in the future is not replayed once today has moved on."""
    import os
    import subprocess
    import sys

    root = org_factory(files={"goals/people/cat.yaml": CAT.format(extra="")})

    def check(today):
        return subprocess.run([sys.executable, "-m", "truenorth", "check", "--root", str(root)], capture_output=True,
                              text=True, env={**os.environ, "TRUENORTH_TODAY": today})

    for _ in range(2):  # the second run is answered from the cache
        first = check("2027-01-20")
        assert first.returncode == 1 and "TN132" in first.stdout
    second = check("2027-03-01")
    assert second.returncode == 0, second.stdout


def test_the_cadence_setting_is_checked(org_factory):
    ok = org_factory(files={"pyproject.toml": "[tool.truenorth.checkin_every_days]\nindividual = 7\n"})
    assert load_config(ok).checkin_every_days == {"individual": 7, "department": 30, "corporate": 30}


@pytest.mark.parametrize("value, words", [("0", "1 or more"), ('"weekly"', "whole number"),
                                          ("{team = 3}", "names no level 'team'")])
def test_a_bad_cadence_names_the_setting(tmp_path, value, words):
    (tmp_path / "goals").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[tool.truenorth]\ncheckin_every_days = {value}\n")
    with pytest.raises(ConfigError, match=f"checkin_every_days .*{words}"):
        load_config(tmp_path)
