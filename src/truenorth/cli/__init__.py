"""The `truenorth` command line: thin adapters over the core.

    quick.py     `check` answered from the cache, before the rest loads (the console script's first try)
    main.py      the group and check, trace, tree, rules
    planning.py  gaps, impact (progress and status come from truenorth.analysis)
    site.py      build, serve, export-docs (the MkDocs site)
"""

import sys


def main() -> None:
    """The console script: a check the cache can answer is answered at once; the rest goes to click."""
    from truenorth.cli.quick import answer_from_cache

    answer_from_cache(sys.argv[1:])  # exits when it answers
    from truenorth.cli.main import main as full

    full()


def __getattr__(name: str):
    if name == "cli":  # the click group, loaded when asked for
        from truenorth.cli.main import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["cli", "main"]
