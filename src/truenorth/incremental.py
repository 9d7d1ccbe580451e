"""`truenorth check` with its cache: the one place that decides how a check is answered.

The ladder, cheapest first; the first step that can answer does:

    RECORDED_ANSWER   nothing changed and this output was printed before: replayed as it was (cache.replay)
    RECORDED_REPORT   nothing changed, the report on record not yet printed this way: rendered again
    UNSEEN_EDITS      files changed only in what no rule reads (a progress update): the report on record
                      (printed as it was printed for it in this variant, when it was; else rendered)
    PERIOD_EDITS      files changed only in periods: the report re-checked for TN113 alone
    FULL_CHECK        anything else: load, build the graph, run every rule (check.run_check)

Every answer but the replayed one is recorded for the next check. `check_incrementally` returns a
`CheckOutcome` (what to print, the exit code, which step answered); the console script's quick path
(cli/quick.py) and the click command (cli/check.py) both call it, and neither decides anything.

The quick path calls it before click, PyYAML or networkx load, with `full=False`: the ladder stops
short of the full check and the unanswered outcome (holding the cache as far as it got) is handed to
the click command, which goes on from there instead of walking the folder again.

This module imports nothing at its top (it is on the quick path): `truenorth.check`, the loader and
the full cache load only when a step needs them. Rendering is the caller's (`render`), so that the use
case does not depend on the report formats.
"""

from __future__ import annotations

import os

# (annotations name Callable, CheckCache, CheckResult, Config, Report and ContextManager without importing them)

RECORDED_ANSWER = "recorded answer"
RECORDED_REPORT = "recorded report"
UNSEEN_EDITS = "unseen edits"  # = truenorth.cache.UNSEEN_EDITS
PERIOD_EDITS = "period edits"  # = truenorth.cache.PERIOD_EDITS
FULL_CHECK = "full check"

__all__ = ["CannotCheck", "CheckOutcome", "FULL_CHECK", "PERIOD_EDITS", "RECORDED_ANSWER", "RECORDED_REPORT",
           "UNSEEN_EDITS", "check_incrementally"]


class CannotCheck(Exception):
    """The check cannot run (no goals folder): a usage problem, not a finding."""


class CheckOutcome:
    """What a check came to: `output` to print and `exit_code` (0: no error finding, 1: an error
    finding), and `answered_by`, the step of the ladder that answered (None: not answered, the quick
    path having stopped before the full check). `result` is the full check's CheckResult when it ran.
    `cache` (the cache as far as the ladder got) and `kept` (what it read, left for the process's exit
    to free) are for the unanswered outcome's hand-over to the full check."""

    __slots__ = ("answered_by", "output", "exit_code", "result", "root", "variant", "cache", "kept")

    def __init__(self, answered_by: str | None, output: str = "", exit_code: int = 0, *, result=None,
                 root: str = "", variant: str = "", cache: CheckCache | None = None, kept: list | None = None):
        self.answered_by, self.output, self.exit_code, self.result = answered_by, output, exit_code, result
        self.root, self.variant, self.cache, self.kept = root, variant, cache, kept if kept is not None else []

    def __repr__(self) -> str:
        return f"CheckOutcome({self.answered_by!r}, exit_code={self.exit_code})"


def check_incrementally(root: str | os.PathLike, variant: str, render: Callable[[Report], str], *,
                        use_cache: bool = True, full: bool = True, unanswered: CheckOutcome | None = None,
                        progress: Callable[[Config], ContextManager] | None = None,
                        jobs: int | None = None, narrow: Callable[[Report], Report] | None = None) -> CheckOutcome:
    """Check the repository at `root` (see the module's docstring for the ladder).

    variant: the output variant the answer is recorded under ("text", "text+color", "json", "github");
    render: the report (a Report or CheckResult) as printed in that variant; it may offer
    `render.reusing(report, previous_output)` (cli/quick.Printer), which makes the output of the report
    after period edits from the one printed for the report on record;
    use_cache: False reads every file again and records nothing (`check --no-cache`);
    full: False stops before the full check (the quick path), returning an unanswered outcome;
    unanswered: such an outcome, to go on from (for the same root and variant; else ignored);
    progress: config -> a context manager giving the loader's progress callback (or None);
    jobs: worker processes for the full check's load;
    narrow: the report as printed (report/selection.py: --select, --ignore, --strict), applied to whichever
    report answers, before it is rendered and its exit code decided; `variant` must name it too, so that a
    replayed answer is one this narrowing printed.

    Raises ConfigError (settings), CannotCheck (no goals folder) and OSError (a folder or file that
    cannot be read) for the full check; with `full=False` those end the ladder unanswered instead,
    for the full check to report."""
    absolute = os.path.realpath(root)
    cache, kept = None, []
    if unanswered is not None and unanswered.root == absolute and unanswered.variant == variant and use_cache:
        cache, kept = unanswered.cache, unanswered.kept  # every step but the full check was tried
    elif use_cache:
        from truenorth import cache as check_cache

        replayed = check_cache.replay(str(root), variant)
        if replayed.answer is not None:
            return CheckOutcome(RECORDED_ANSWER, *replayed.answer)
        cache = check_cache.resume(replayed.walked)
        try:
            if cache is None:
                cache = check_cache.open(root)  # (the settings changed, say: the environment is worked out again)
            if cache is not None:
                _key, report = cache.cached_report()
                if report is not None:
                    return _answer(RECORDED_REPORT, report, render, variant, cache, narrow=narrow)
                carried = check_cache.answer_after_unseen_edits(cache, variant)
                if carried is not None:  # the report stands, and was printed so (variant names any narrowing)
                    return CheckOutcome(UNSEEN_EDITS, *carried, kept=kept)
                config = _config(root) if full else None
                found = check_cache.report_after_edits(cache, config, keep=kept)
                if found is not None:
                    return _answer(*found, render, variant, cache, kept=kept, narrow=narrow)
        except OSError:  # a goals file that cannot be read
            if full:
                raise
            return CheckOutcome(None, root=absolute, variant=variant)  # the full check starts afresh, and says why
        if not full:
            return CheckOutcome(None, root=absolute, variant=variant, cache=cache, kept=kept)
    if not full:
        return CheckOutcome(None, root=absolute, variant=variant)
    from truenorth.check import run_check

    config = _config(root)
    if not config.goals_path.is_dir():
        raise CannotCheck(f"no goals folder at {config.goals_path} (use --root to point at the repository)")
    if progress is None:
        result = run_check(config, None, cache=cache, jobs=jobs)
    else:
        with progress(config) as update:
            result = run_check(config, update, cache=cache, jobs=jobs)
    return _answer(FULL_CHECK, result, render, variant, cache, result=result, narrow=narrow)


def _config(root) -> Config:
    from pathlib import Path

    from truenorth.config import load_config

    return load_config(Path(root))


def _answer(how: str, report, render, variant: str, cache, *, result=None, kept=None, narrow=None) -> CheckOutcome:
    """The outcome of a step that answered with `report` (as `narrow` shows it), recorded (with the cache)
    for the next check."""
    if narrow is not None:
        report = narrow(report)
    output = None
    reusing = getattr(render, "reusing", None)
    if reusing is not None and how == PERIOD_EDITS and narrow is None and cache is not None:
        # (an EditedReport: made from the report on record, whose output in this variant may be reused)
        previous = cache.printed_before(variant)
        if previous is not None:
            output = reusing(report, previous)
    if output is None:
        output = render(report)
    code = 1 if report.has_errors else 0
    if cache is not None:
        cache.remember_answer(variant, output, code)
    return CheckOutcome(how, output, code, result=result, kept=kept)
