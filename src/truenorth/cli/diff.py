"""`truenorth diff [BASE [HEAD]]`: what a change does to the cascade, between two git revisions."""

from __future__ import annotations

from pathlib import Path

import click

from truenorth.cli.app import ROOT_OPTION, Failure, reading
from truenorth.config import ConfigError
from truenorth.report.escape import terminal as clean


@click.command()
@click.argument("base", required=False, metavar="[BASE")
@click.argument("head", required=False, metavar="[HEAD]]")
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="text for people, markdown for a pull-request comment or a GitHub job "
                                      "summary, json for tools.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for reading large goals folders [default: one per CPU].")
def diff(base: str | None, head: str | None, root: Path, fmt: str, jobs: int | None) -> None:
    """Show what a change does to the cascade: goals added, removed, retired, re-titled, re-owned and
    re-linked, targets and baselines moved, goals that gain or lose their line of sight, the share
    traced to the vision before and after, and the findings introduced and fixed.

    BASE defaults to the merge base with the default branch (origin/HEAD, main or master), else
    HEAD~1; HEAD defaults to the working tree. Both are checked as `truenorth check` would (the check
    cache is neither read nor written); a revision without a goals folder counts as no goals. Exits 0 when it could compare, 2 when it could not (not a git
    repository, an unknown revision, settings that cannot be read).

    \b
    truenorth diff                          this branch (and uncommitted edits) against main
    truenorth diff v2027-q1 v2027-q2        between two tags
    truenorth diff origin/main HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from truenorth.analysis.cascade_diff import compare
    from truenorth.git import GitError, Repository
    from truenorth.report.diff import RENDERERS
    from truenorth.revision import NoGoals, SharedParses, check_here, check_revisions

    import gc

    gc.disable()  # a one-shot command building many long-lived objects (two organisations): as `check` does
    try:
        with reading():
            repo = Repository.discover(root)
            base_sha = repo.resolve(base) if base is not None else repo.default_base()
            if head is not None:
                repo.resolve(head)  # an unknown HEAD is named before BASE is checked
            parses = SharedParses()  # a file whose bytes did not change is parsed once
            if head is not None:
                before, after = check_revisions(root, [base_sha, head], jobs=jobs, parses=parses, repository=repo,
                                                missing_ok=True)
            else:
                before, = check_revisions(root, [base_sha], jobs=jobs, parses=parses, repository=repo, missing_ok=True)
                after = check_here(root, jobs=jobs, parses=parses)
    except (GitError, ConfigError, NoGoals) as exc:
        raise Failure(clean(str(exc))) from None
    changes = compare(before.result, after.result)
    click.echo(RENDERERS[fmt](changes, before.label, after.label), nl=False)
