"""The check's cache: a plug-in of `check` (truenorth.check), which the loader never imports (it takes
what it needs through load/organisation.py's KnownFiles, which the cache implements).

The facade, what the check, the command line and the site build call:

    open(root)                    the cache of a repository (a CheckCache), or None when it cannot serve
    replay(root, variant)         Replayed: the answer (output, exit code) the last check printed for these
                                  very inputs, or None; and what the look found (`walked`)
    resume(walked)                the cache as replay left it (files fingerprinted), for the rest of the check
    report_after_edits(cache)     (how, the last report) when the edits since change nothing a rule reads
                                  ("unseen edits") or only periods ("period edits": period_edits.py), or None
    answer_after_unseen_edits(cache, variant)   after unseen edits, what was printed for that report, or None
    cache.save(...)/remember_answer(...)   record a run and what it printed (store.py)

Inside, each module one concern:

    store.py          the files on disk (run, run-edits, answer, files.chunks), atomic writes; CheckCache
    fingerprint.py    each goals file's digest, read only when its stat data changed; the inputs digest
    records.py        the rule view (from the rules' `reads` declarations) and the links frames
    period_edits.py   the re-check after edits to periods alone
    answer.py         the console script's first try: imports almost nothing (os, marshal, SHA-1)

This module imports nothing at its top: `truenorth.cache.answer` comes through it on the quick path.
"""

from __future__ import annotations

# (annotations name Path, CheckCache, Config, Report and Walked without importing them: see above)

UNSEEN_EDITS = "unseen edits"
PERIOD_EDITS = "period edits"


class Replayed:
    """What `replay` found: the recorded answer, if any, and the look that found it (None when it did
    not get as far as fingerprinting the files), for `resume`. (A plain class: `typing`, for a
    NamedTuple, would cost the nothing-changed check more than its walk at 1,000 people.)"""

    __slots__ = ("answer", "walked")

    def __init__(self, answer: tuple[str, int] | None, walked: Walked | None) -> None:
        self.answer, self.walked = answer, walked

__all__ = ["CheckCache", "PERIOD_EDITS", "Replayed", "UNSEEN_EDITS", "answer_after_unseen_edits", "cache_root",
           "open", "replay", "report_after_edits", "resume"]


def open(root: Path | str) -> CheckCache | None:  # noqa: A001 - the facade's verb
    """The cache for the repository at `root`, or None when the settings cannot be read (the check
    will say why), the goals folder is missing, or the cache folder is not the user's alone."""
    from pathlib import Path

    from truenorth.cache.store import CheckCache

    return CheckCache.open(Path(root))


def replay(root: str, variant: str) -> Replayed:
    """The (output, exit code) the last check gave in this output variant for these very inputs and
    files, if any, with what the look found (for `resume`)."""
    from truenorth.cache.answer import recorded_answer

    return Replayed(*recorded_answer(root, variant))


def resume(walked: Walked | None) -> CheckCache | None:
    """The cache as `replay` left it (its fingerprint made); None when replay did not get that far."""
    if walked is None:
        return None
    from truenorth.cache.store import CheckCache

    return CheckCache.from_walked(walked)


def report_after_edits(cache: CheckCache, config: Config | None = None,
                       keep: list | None = None) -> tuple[str, Report] | None:
    """(UNSEEN_EDITS or PERIOD_EDITS, the last report brought up to date without loading the
    organisation) when the files changed since only in what no rule reads (store.py,
    report_after_unseen_edits), or only in periods (period_edits.py); else None. `config`: read from
    the repository when not given (and needed). `keep` receives what was read, for a caller that
    would rather not spend time freeing it."""
    report = cache.report_after_unseen_edits()
    if report is not None:
        return UNSEEN_EDITS, report
    if config is None:
        from truenorth.config import ConfigError, load_config

        try:
            config = load_config(cache.root)
        except ConfigError:
            return None  # the full check says why
    from truenorth.cache.period_edits import report_after_period_edits

    report = report_after_period_edits(config, cache, keep=keep)
    return None if report is None else (PERIOD_EDITS, report)


def answer_after_unseen_edits(cache: CheckCache, variant: str) -> tuple[str, int] | None:
    """When the files changed since the last report only in what no rule reads (a progress update), the
    (output, exit code) a check printed for that report in this output variant, recorded for the files
    as they are now, without decoding or rendering the report again; None otherwise (report_after_edits
    then answers, or the check runs)."""
    return cache.answered_for(variant) if cache.carry_over_unseen_edits() else None


def cache_root() -> Path:
    """$TRUENORTH_CACHE_DIR, else $XDG_CACHE_HOME/truenorth, else ~/.cache/truenorth."""
    from truenorth.cache.store import cache_root

    return cache_root()


def __getattr__(name: str) -> object:
    if name == "CheckCache":
        from truenorth.cache.store import CheckCache

        return CheckCache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
