"""The check's cache: a plug-in of `check` (truenorth.check), which the loader never imports (it takes
what it needs through load/organisation.py's KnownFiles, which the cache implements).

The facade, what the check, the command line and the site build call:

    open(root)                    the cache of a repository (a CheckCache), or None when it cannot serve
    replay(root, variant)         (output, exit code) the last check printed for these very inputs, or None
    resume(root)                  the cache as replay left it (files fingerprinted), for the full check
    report_after_edits(cache)     the last report, when the edits since change nothing a rule reads
                                  (or only periods: period_edits.py), or None
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

# (annotations name Path, CheckCache, Config and Report without importing them: see above)

__all__ = ["CheckCache", "cache_root", "open", "replay", "report_after_edits", "resume"]


def open(root: Path | str) -> CheckCache | None:  # noqa: A001 - the facade's verb
    """The cache for the repository at `root`, or None when the settings cannot be read (the check
    will say why), the goals folder is missing, or the cache folder is not the user's alone."""
    from pathlib import Path

    from truenorth.cache.store import CheckCache

    return CheckCache.open(Path(root))


def replay(root: str, variant: str) -> tuple[str, int] | None:
    """(output, exit code) the last check gave in this output variant for these very inputs and files."""
    from truenorth.cache.answer import recorded_answer

    return recorded_answer(root, variant)


def resume(root: str) -> CheckCache | None:
    """The cache as `replay` found it for this root in this process (its fingerprint made), once; None
    when replay did not get that far."""
    from truenorth.cache.answer import take_walked

    walked = take_walked(root)
    if walked is None:
        return None
    from truenorth.cache.store import CheckCache

    return CheckCache.from_walked(walked)


def report_after_edits(cache: CheckCache, config: Config | None = None, keep: list | None = None) -> Report | None:
    """The last report, brought up to date without loading the organisation, when the files changed
    since only in what no rule reads (store.py, report_after_unseen_edits), or only in periods
    (period_edits.py); else None. `config`: read from the repository when not given (and needed)."""
    report = cache.report_after_unseen_edits()
    if report is not None:
        return report
    if config is None:
        from truenorth.config import ConfigError, load_config

        try:
            config = load_config(cache.root)
        except ConfigError:
            return None  # the full check says why
    from truenorth.cache.period_edits import report_after_period_edits

    return report_after_period_edits(config, cache, keep=keep)


def cache_root() -> Path:
    """$TRUENORTH_CACHE_DIR, else $XDG_CACHE_HOME/truenorth, else ~/.cache/truenorth."""
    from truenorth.cache.store import cache_root

    return cache_root()


def __getattr__(name: str) -> object:
    if name == "CheckCache":
        from truenorth.cache.store import CheckCache

        return CheckCache
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
