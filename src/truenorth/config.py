"""Settings from ``[tool.truenorth]`` in the repository's pyproject.toml.

    [tool.truenorth]
    goals_dir = "goals"
    playbook_dir = "playbook"
    max_goals_per_person = 5
    stale_after_days = 120
    on_track_within = 10     # percentage points behind the calendar a goal may be and still be on track
    at_risk_within = 25      # ... and still only at risk (further behind: off track); see analysis/status.py

    [tool.truenorth.severity]
    TN106 = "off"            # by code
    person-without-goals = "error"   # or by rule name
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from truenorth.findings import Severity


DEFAULT_ON_TRACK_WITHIN = 10  # percentage points (the status reference page explains them)
DEFAULT_AT_RISK_WITHIN = 25


class ConfigError(Exception):
    """A setting that cannot be used; the CLI exits 2 with this message."""


@dataclass(slots=True)
class Config:
    root: Path = Path(".")
    goals_dir: str = "goals"
    playbook_dir: str = "playbook"
    max_goals_per_person: int = 5
    stale_after_days: int = 120
    on_track_within: int = DEFAULT_ON_TRACK_WITHIN
    at_risk_within: int = DEFAULT_AT_RISK_WITHIN
    severity: dict[str, Severity] = field(default_factory=dict)  # rule code -> severity override

    @property
    def status_thresholds(self) -> dict[str, int]:
        """The keyword arguments of analysis.status.assess that these settings choose."""
        return {"on_track_within": self.on_track_within, "at_risk_within": self.at_risk_within}

    @property
    def goals_path(self) -> Path:
        return self.root / self.goals_dir

    @property
    def playbook_path(self) -> Path:
        return self.root / self.playbook_dir


def settings_table(root: Path) -> dict:
    """The [tool.truenorth] table of `root/pyproject.toml` as written ({} when there is none), unchecked."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    import tomllib  # here: a check answered from the cache never reads the settings

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read it as TOML: {exc}") from None
    section = data.get("tool", {}).get("truenorth", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{pyproject}: [tool.truenorth] must be a table")
    return section


def playbook_plays(playbook_dir: Path) -> set[str] | None:
    """Play ids: the file names of pages under playbook/plays/ (None when there is no playbook)."""
    plays_dir = playbook_dir / "plays"
    if not plays_dir.is_dir():
        return None
    return {p.stem for p in plays_dir.glob("*.md") if p.stem != "index"}


def load_config(root: Path) -> Config:
    """Read `root/pyproject.toml`; defaults when it is absent or has no [tool.truenorth]."""
    config = Config(root=root)
    section = settings_table(root)
    if not section:
        return config
    pyproject = root / "pyproject.toml"
    from truenorth.rules import RULES_BY_KEY  # late: rules import the model, config must stay light

    known = {"goals_dir": str, "playbook_dir": str, "max_goals_per_person": int, "stale_after_days": int,
             "on_track_within": int, "at_risk_within": int, "severity": dict}
    for key, value in section.items():
        if key not in known:
            raise ConfigError(f"{pyproject}: unknown setting [tool.truenorth] {key!r}; known: {', '.join(known)}")
        if not isinstance(value, known[key]) or isinstance(value, bool):
            raise ConfigError(f"{pyproject}: [tool.truenorth] {key} must be {known[key].__name__}")
        if key != "severity":
            setattr(config, key, value)
    if not 0 <= config.on_track_within <= config.at_risk_within <= 100:  # h-firsthour: the status thresholds
        raise ConfigError(f"{pyproject}: [tool.truenorth] needs 0 <= on_track_within <= at_risk_within <= 100 "
                          f"(percentage points behind the calendar); found on_track_within = {config.on_track_within}, "
                          f"at_risk_within = {config.at_risk_within}")
    for key, value in section.get("severity", {}).items():
        rule = RULES_BY_KEY.get(key)
        if rule is None:
            raise ConfigError(f"{pyproject}: [tool.truenorth.severity] names no rule {key!r}; `truenorth rules` lists them")
        try:
            config.severity[rule.code] = Severity.parse(str(value))
        except ValueError as exc:
            raise ConfigError(f"{pyproject}: [tool.truenorth.severity] {key}: {exc}") from None
    return config
