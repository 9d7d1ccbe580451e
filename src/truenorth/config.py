"""Settings from ``[tool.truenorth]`` in the repository's pyproject.toml.

    [tool.truenorth]
    goals_dir = "goals"
    playbook_dir = "playbook"
    max_goals_per_person = 5
    stale_after_days = 120
    on_track_within = 10     # percentage points behind the calendar a goal may be and still be on track
    at_risk_within = 25      # ... and still only at risk (further behind: off track); see analysis/status.py
    today = 2027-05-15       # the date status is judged on (absent: the real date); see resolve_today
    key_results_per_goal = [1, 5]      # rule TN203: how many key results a goal that has any may have
    output_words = ["launch", "implement"]   # rule TN205: words that make a title a delivery (DEFAULT_OUTPUT_WORDS)
    checkin_every_days = 30  # a goal with no check-in (or `updated`) for longer is stale: one number for
                             # every level, or a table {individual = 14, department = 30, corporate = 30}
                             # (the defaults); see analysis/status.py

    [tool.truenorth.severity]
    TN106 = "off"            # by code
    person-without-goals = "error"   # or by rule name

Every setting is checked before anything is read: goals_dir and playbook_dir must name folders
below the root (relative, no "..", not leading out through a symbolic link), the numbers must be
whole and not negative, `today` a date. Anything else is a ConfigError naming the key.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from truenorth.analysis.thresholds import DEFAULT_AT_RISK_WITHIN, DEFAULT_CHECKIN_EVERY_DAYS, DEFAULT_ON_TRACK_WITHIN
from truenorth.analysis.wording import DEFAULT_OUTPUT_WORDS
from truenorth.findings import Severity


TODAY_ENV = "TRUENORTH_TODAY"  # overrides the `today` setting; the commands' --today overrides both


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
    today: _dt.date | None = None  # the `today` setting; resolve_today says which date a command uses
    severity: dict[str, Severity] = field(default_factory=dict)  # rule code -> severity override
    key_results_per_goal: tuple[int, int] = (1, 5)  # rule TN203: fewest and most key results on a goal with any
    output_words: tuple[str, ...] = DEFAULT_OUTPUT_WORDS  # rule TN205
    checkin_every_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CHECKIN_EVERY_DAYS))

    @property
    def status_thresholds(self) -> dict[str, object]:
        """The keyword arguments of analysis.status.assess that these settings choose."""
        return {"on_track_within": self.on_track_within, "at_risk_within": self.at_risk_within,
                "checkin_every_days": dict(self.checkin_every_days)}

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
    except OSError as exc:
        raise ConfigError(f"{pyproject}: cannot read it: {exc.strerror or exc}") from None
    tool = data.get("tool", {})
    section = tool.get("truenorth", {}) if isinstance(tool, dict) else None
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
    pyproject = root / "pyproject.toml"
    if not section:
        _check_default_folders(root, section)
        return config
    from truenorth.rules import RULES_BY_KEY  # late: rules import the model, config must stay light

    known = {"goals_dir": _folder, "playbook_dir": _folder, "max_goals_per_person": _count,
             "stale_after_days": _count, "on_track_within": _percentage, "at_risk_within": _percentage,
             "today": _date_setting, "severity": _table, "key_results_per_goal": _range,
             "output_words": _words, "checkin_every_days": _cadence}
    for key, value in section.items():
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            raise ConfigError(f"{pyproject}: unknown setting [tool.truenorth] {key!r}; "
                              + (f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"))
        problem = known[key](root, value)
        if problem:
            raise ConfigError(f"{pyproject}: [tool.truenorth] {key} {problem}")
        if key == "today":
            value = _as_date(value)
        elif key in ("key_results_per_goal", "output_words"):
            value = tuple(value) if key == "key_results_per_goal" else tuple(w.strip().lower() for w in value)
        elif key == "checkin_every_days":
            value = {**DEFAULT_CHECKIN_EVERY_DAYS, **value} if isinstance(value, dict) else \
                dict.fromkeys(DEFAULT_CHECKIN_EVERY_DAYS, value)
        if key != "severity":
            setattr(config, key, value)
    _check_default_folders(root, section)
    if not config.on_track_within <= config.at_risk_within:  # the status thresholds, together
        raise ConfigError(f"{pyproject}: [tool.truenorth] on_track_within ({config.on_track_within}) must not be more "
                          f"than at_risk_within ({config.at_risk_within}): both are percentage points behind the calendar")
    for key, value in section.get("severity", {}).items():
        rule = RULES_BY_KEY.get(key)
        if rule is None:
            close = difflib.get_close_matches(str(key), list(RULES_BY_KEY), n=1, cutoff=0.6)
            raise ConfigError(f"{pyproject}: [tool.truenorth.severity] names no rule {key!r}; "
                              + (f"did you mean {close[0]!r}? " if close else "") + "`truenorth rules` lists them")
        if not isinstance(value, str):
            raise ConfigError(f"{pyproject}: [tool.truenorth.severity] {key} must be a string: error, warning or off")
        try:
            config.severity[rule.code] = Severity.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{pyproject}: [tool.truenorth.severity] {key}: {exc}") from None
    return config


def _check_default_folders(root: Path, section: dict) -> None:
    """The folders not set are checked too: the default "goals" may be a link out of the repository."""
    defaults = Config()
    for key in ("goals_dir", "playbook_dir"):
        if key not in section:
            problem = _folder(root, getattr(defaults, key))
            if problem:
                raise ConfigError(f"{root}: {key} (by default {getattr(defaults, key)!r}) {problem}")


# Each check says what is wrong with a setting's value (after "[tool.truenorth] KEY "), or "" when it is fine.

def _count(_root: Path, value: object) -> str:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return f"must be a whole number, 0 or more (not {value!r})"
    return ""


def _percentage(_root: Path, value: object) -> str:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        return f"must be a whole number of percentage points, 0 to 100 (not {value!r})"
    return ""


def _date_setting(_root: Path, value: object) -> str:
    if _as_date(value) is None:
        return f"must be a date written YYYY-MM-DD, such as 2027-05-15 (not {value!r})"
    return ""


def _as_date(value: object) -> _dt.date | None:
    """A date from a TOML date or YYYY-MM-DD text; None for anything else (a date with a time included)."""
    if isinstance(value, _dt.datetime):
        return None
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def resolve_today(config: Config, option: object = None) -> _dt.date:
    """The one date that status is judged on, by every command and the site: `option` (a command's
    --today, a date or YYYY-MM-DD text) when given, else the environment variable TRUENORTH_TODAY, else
    the `today` setting in [tool.truenorth], else the real date. A bad date is a ConfigError naming
    where it came from."""
    if option is not None and option != "":
        date = _as_date(option)
        if date is None:
            raise ConfigError(f"--today must be a date written YYYY-MM-DD, such as 2027-05-15 (not {option!r})")
        return date
    env = os.environ.get(TODAY_ENV, "").strip()
    if env:
        date = _as_date(env)
        if date is None:
            raise ConfigError(f"the environment variable {TODAY_ENV} must be a date written YYYY-MM-DD, "
                              f"such as 2027-05-15 (not {env!r})")
        return date
    return config.today if config.today is not None else _dt.date.today()


def _range(_root: Path, value: object) -> str:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value)):
        return f"must be two whole numbers, the fewest and the most, such as [1, 5] (not {value!r})"
    if value[0] > value[1]:
        return f"must give the fewest first: [{value[1]}, {value[0]}], not {value!r}"
    return ""


def _words(_root: Path, value: object) -> str:
    if (not isinstance(value, list) or len(value) > 200
            or not all(isinstance(w, str) and w.strip() and len(w) <= 60 and "\n" not in w for w in value)):
        return f"must be a list of words or phrases, such as [\"launch\", \"roll out\"] (not {value!r})"
    return ""


def _cadence(_root: Path, value: object) -> str:
    if isinstance(value, dict):
        for level, days in value.items():
            if level not in DEFAULT_CHECKIN_EVERY_DAYS:
                return (f"names no level {level!r}: use {', '.join(DEFAULT_CHECKIN_EVERY_DAYS)}")
            if not isinstance(days, int) or isinstance(days, bool) or days < 1:
                return f"{level} must be a whole number of days, 1 or more (not {days!r})"
        return ""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return ("must be a whole number of days, 1 or more, or a table of them by level "
                f"({', '.join(DEFAULT_CHECKIN_EVERY_DAYS)}) (not {value!r})")
    return ""


def _table(_root: Path, value: object) -> str:
    return "" if isinstance(value, dict) else "must be a table"


def _folder(root: Path, value: object) -> str:
    """A folder below the repository root, also once symbolic links are resolved: nothing outside the
    repository is read (the cache's quick paths check the last part again: load/files.folders_inside)."""
    if not isinstance(value, str):
        return f"must be a string: a folder path relative to the repository root (not {value!r})"
    path = Path(value)
    if "\0" in value or not path.parts:
        return f"must name a folder inside the repository (not {value!r})"
    if path.anchor:
        return f"must be relative to the repository root, not absolute ({value!r})"
    if ".." in path.parts:
        return f"must stay inside the repository: no '..' ({value!r})"
    top = os.path.realpath(root)
    real = os.path.realpath(os.path.join(top, value))
    if not real.startswith(os.path.join(top, "")):
        return f"must be a folder below the repository root; {value!r} leads to {real}"
    return ""
