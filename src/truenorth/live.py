"""The checked organisation kept in memory between saves (`truenorth serve`): only changed files are read.

    live = LiveCheck(root)
    result = live.check()   # the first time: every goals file read and parsed
    ...                     # a file is saved
    result = live.check()   # only the files whose stat data changed are read again

Each file's own result (load.organisation.FileResult: its model fragment and its findings, which
depend on no other file) is kept with the file's stat data (size, modification and change time,
inode) and content digest. A check lists the goals folder (one walk), reads again only the files
whose stat data differ (or that were written so recently that a second edit in the same tick could
hide behind the same stat data: their content digest decides), hands the kept results to
check_again.check_again, which works out what the changed files changed and re-runs only the rules whose
declared reads that reached (every rule after a change it does not understand, as check.check_loaded).
The findings are those of a fresh `run_check` (tests/test_live.py, tests/test_check_again.py,
tests/test_fuzz_check_again.py) with the check's cache or without it. Nothing is written to the check's
cache: the preview is one process.

Measured at 10,000 people (session 10, a shared 2-core machine, load about 2; the organisation of
scripts/synth_org.py --people 10000 --seed 1), LiveCheck.check after a save to one person's file, in
process, min of 5: `env -u PYTHONDONTWRITEBYTECODE TRUENORTH_TODAY=2027-05-15 python scripts/live_timing.py
ORG`, before (main at 13ce76e: every rule, the graph built again) and after, one after the other:

    edit                   before   after
    a goal's title         0.67 s   0.08 s   (TN208 again, TN205 on the file's goals)
    a key result's current 0.67 s   0.04 s   (no rule reads it: the last answer stands)
    a goal's period        0.68 s   0.05 s   (TN113 near the goal, TN130 and TN140 on its file)
    a link moved           0.78 s   0.19 s   (the link readers; TN105/113/114 near it; the graph built again)

The whole save cycle, `env -u PYTHONDONTWRITEBYTECODE TRUENORTH_TODAY=2027-05-15 python
scripts/preview_profile.py --people 10000 --saves 3`, the same hour: min 3.19 s after, 4.01 s before (the
rest is the site's part); `scripts/bench.py --sizes 10000 --only preview --check-runs 3`: serve, save ->
changed page served, median 3.01 s (3.69, 3.01, 2.88; 3.7 s at the session's start).
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path

from truenorth.check_again import Checked, Decision, check_again
from truenorth.config import Config, load_config
from truenorth.findings import CheckResult
from truenorth.load import files
from truenorth.load.organisation import FileResult, read_listed

RACY_NS = int(files.RACY_SECONDS * 1e9)  # a file modified this close to its reading is compared by content next time


@dataclass(slots=True)
class _Kept:
    state: object  # the walk's signature (size, mtime_ns, ctime_ns, inode), or a refusal's problem
    digest: str
    result: FileResult
    trusted: bool  # its stat data alone say it is unchanged while they are the same


class LiveCheck:
    """The last check of one repository, and each goals file's own result, to check again after edits."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else None  # (or each check's config.root)
        self._kept: dict[str, _Kept] = {}
        self._goals: tuple[str, str] | None = None  # (goals folder, its name) the kept files were read from
        self.parsed = 0  # files read and parsed by the last check
        self._checked: Checked | None = None  # what the last check leaves for the next (check_again.py)
        self.decision: Decision | None = None  # which rules the last check ran (check_again.Decision)

    def check(self, config: Config | None = None) -> CheckResult:
        """Check the repository's goals again, reading only the files that changed since the last check.
        Raises ConfigError for bad settings, FileNotFoundError/OSError as run_check does."""
        if config is None:
            if self.root is None:
                raise ValueError("LiveCheck.check needs the settings (config) or a root")
            config = load_config(self.root)
        goals_path = config.goals_path
        if not goals_path.is_dir():
            raise FileNotFoundError(f"no goals folder at {goals_path}")
        where = (str(goals_path), config.goals_dir)
        if where != self._goals:
            self._kept = {}
            self._checked = None
            self._goals = where
        gc_was_enabled = gc.isenabled()
        gc.disable()  # (as run_check: the model is large and lives on)
        try:
            listing = files.goal_file_stats(str(goals_path))
            now = time.time_ns()
            kept: dict[str, _Kept] = {}
            results: dict[str, FileResult] = {}
            parsed = 0
            for rel, state in listing:
                old = self._kept.get(rel)
                if old is not None and old.trusted and state.__class__ is tuple and old.state == state:
                    entry = old
                else:
                    digest, result = read_listed(goals_path, config.goals_dir, rel, state)
                    if old is not None and old.digest == digest and not files.problem_of(digest):
                        result = old.result  # the same bytes: the same result (and the same objects)
                    else:
                        parsed += 1
                    trusted = state.__class__ is tuple and now - state[1] > RACY_NS
                    entry = _Kept(state, digest, result, trusted)
                kept[rel] = entry
                results[rel] = entry.result
            self._kept = kept
            self.parsed = parsed
            rels = [rel for rel, _ in listing]
            digests = {rel: kept[rel].digest for rel in rels}
            result, self._checked, self.decision = check_again(config, rels, results, self._checked, digests, parsed)
            return result
        finally:
            if gc_was_enabled:
                gc.enable()

    def forget(self) -> None:
        """Drop what is kept: the next check reads every file."""
        self._kept = {}
        self._checked = None
        self._goals = None


__all__ = ["LiveCheck"]
