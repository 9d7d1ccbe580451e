"""The `truenorth` command line: thin adapters over the core.

    main.py      the group and check, trace, tree, rules
    planning.py  gaps, impact (progress and status come from truenorth.analysis)
    site.py      build, serve, export-docs (the MkDocs site)
"""

from truenorth.cli.main import cli, main

__all__ = ["cli", "main"]
