"""One "today" (issue 18, item 5): `truenorth status`, the built site and `export-docs` judge status on
the same date, chosen by the `today` setting in [tool.truenorth], over it $TRUENORTH_TODAY, over both a
command's --today; with none, the real date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.site_build.helpers import small_org
from truenorth.cli import cli

pytestmark = pytest.mark.site

GOAL = "corp-satisfaction"  # 50% done over the year 2027
EARLY, LATE = "2027-03-25", "2027-12-20"  # on track on the first (23% gone), off track on the second (97%)
_STATUS = re.compile(r'class="tn-status tn-status--([a-z-]+)"')


def _with_setting(root: Path, today: str | None) -> Path:
    text = "[tool.truenorth]\n" + (f"today = {today}\n" if today else "")
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return root


def _statuses(root: Path, tmp_path: Path, args: list[str]) -> dict[str, str]:
    """The goal's status as `status --format json`, `export-docs` and `build` each show it."""
    runner = CliRunner()
    out = runner.invoke(cli, ["status", "--root", str(root), "--format", "json", *args])
    assert out.exit_code == 0, out.output
    status = next(g["status"] for g in json.loads(out.output)["corporate_goals"] if g["id"] == GOAL)
    dest = tmp_path / "export"
    out = runner.invoke(cli, ["export-docs", str(dest), "--root", str(root), "--force", *args])
    assert out.exit_code == 0, out.output
    exported = _STATUS.search((dest / f"cascade/corporate/{GOAL}.md").read_text(encoding="utf-8")).group(1)
    site = tmp_path / "site"
    out = runner.invoke(cli, ["build", "--root", str(root), "--site-dir", str(site), *args])
    assert out.exit_code == 0, out.output
    built = _STATUS.search((site / f"cascade/corporate/{GOAL}/index.html").read_text(encoding="utf-8")).group(1)
    return {"status": status, "export-docs": exported, "site": built}


@pytest.mark.parametrize(("setting", "env", "option", "expected"), [
    (LATE, None, None, "off-track"),      # the setting alone (the real date, in 2026 or 2028, would say otherwise)
    (EARLY, LATE, None, "off-track"),     # the environment variable over the setting
    (LATE, EARLY, None, "on-track"),
    (EARLY, EARLY, LATE, "off-track"),    # the option over both
    (LATE, LATE, EARLY, "on-track"),
])
def test_status_site_and_export_agree_on_one_today(tmp_path, monkeypatch, setting, env, option, expected):
    root = _with_setting(small_org(tmp_path / "repo"), setting)
    if env:
        monkeypatch.setenv("TRUENORTH_TODAY", env)
    else:
        monkeypatch.delenv("TRUENORTH_TODAY", raising=False)
    seen = _statuses(root, tmp_path, ["--today", option] if option else [])
    assert seen == {"status": expected, "export-docs": expected, "site": expected}


@pytest.mark.parametrize("command", [["status"], ["build"], ["export-docs", "OUT"]])
def test_a_bad_date_exits_2_naming_where_it_came_from(tmp_path, monkeypatch, command):
    root = small_org(tmp_path / "repo")
    args = [str(tmp_path / "out") if word == "OUT" else word for word in command] + ["--root", str(root)]
    monkeypatch.delenv("TRUENORTH_TODAY", raising=False)
    runner = CliRunner()
    _with_setting(root, '"May the fifteenth"')
    out = runner.invoke(cli, args)
    assert out.exit_code == 2 and "[tool.truenorth] today" in out.output and "Traceback" not in out.output
    _with_setting(root, None)
    monkeypatch.setenv("TRUENORTH_TODAY", "2027-13-01")
    out = runner.invoke(cli, args)
    assert out.exit_code == 2 and "TRUENORTH_TODAY" in out.output
    monkeypatch.delenv("TRUENORTH_TODAY")
    out = runner.invoke(cli, [*args, "--today", "tomorrow"])
    assert out.exit_code == 2 and "--today" in out.output
    assert not (tmp_path / "out").exists()


def test_today_in_mkdocs_yml_says_where_it_moved(tmp_path):
    root = small_org(tmp_path / "repo")
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    assert "- truenorth" in text
    yml.write_text(re.sub(r"- truenorth\b.*", "- truenorth:\n      today: 2027-05-15", text), encoding="utf-8")
    out = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(tmp_path / "site")])
    assert out.exit_code == 2, out.output  # a usage error: a setting mkdocs.yml may not hold
    assert "pyproject.toml" in out.output and "[tool.truenorth]" in out.output


def test_the_sample_pins_its_date_in_one_place():
    from tests.conftest import REPO_ROOT
    from truenorth.config import load_config

    assert str(load_config(REPO_ROOT).today) == "2027-05-15"
    assert "today:" not in (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
