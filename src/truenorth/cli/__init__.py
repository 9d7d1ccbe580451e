"""The `truenorth` command line: thin adapters over the core.

    __init__.py  entry(): the console script (and `python -m truenorth`): the quick path, then the click app
    quick.py     argv -> the check use case (truenorth.incremental), before click loads; prints what it answered
    app.py       the click group (commands loaded when run), the shared options, exit codes (Failure: 2)
    check.py     check
    explore.py   trace, tree
    rules.py     rules
    planning.py  gaps, impact, status (progress and status come from truenorth.analysis)
    site.py      build, serve, export-docs (the MkDocs site)
"""

import sys


def entry() -> None:
    """The console script: a check the cache can answer is answered at once; the rest goes to click."""
    from truenorth.cli.quick import answer_from_cache

    unanswered = answer_from_cache(sys.argv[1:])  # exits when it answers
    from truenorth.cli.app import run

    run(unanswered)


def __getattr__(name: str):
    if name == "cli":  # the click group, loaded when asked for
        from truenorth.cli.app import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["cli", "entry"]
