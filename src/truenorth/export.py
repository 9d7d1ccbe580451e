"""What the MkDocs adapter and `export-docs` share, without MkDocs: the generated pages of a repository.

The pages themselves come from :mod:`truenorth.site` (pure: a CheckResult in, markdown out).
This module adds the plumbing around them: checking the repository (with the check's cache),
reading the plays from the playbook, formatting findings for a build log, exporting the pages to
a folder for another site builder, and writing a folder in full beside its place before swapping
it in (staged_folder: the site build uses it too). The MkDocs side is truenorth.mkdocs_plugin.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from truenorth.check import CheckResult, run_check
from truenorth.config import load_config
from truenorth.findings import Finding, Severity
from truenorth.report.escape import terminal

CSS_PATH = "assets/truenorth.css"
"""Where the site's stylesheet is written, relative to the docs folder."""

# Pages of which there is one per corporate goal, department or person: never in the nav
# (at thousands of people a nav of them would make every page, and the build, quadratic).
_DETAIL_PAGE = re.compile(r"^cascade/(?:corporate|departments|people)/(?!index\.md$)[^/]+\.md$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


class SiteError(Exception):
    """A problem that stops the site being built or exported; its message is for people, no traceback."""


class CascadeErrors(SiteError):
    """The goals have error findings (the message lists them, located)."""


def is_detail_page(path: str) -> bool:
    """True for the generated per-goal, per-department and per-person pages (kept out of the nav)."""
    return bool(_DETAIL_PAGE.match(path))


# Generated pages reached by links from other pages, not from the nav (and not listed by MkDocs as
# missing from it): the check-ins due per department, the reviews of the periods, what changed.
_LINKED_PAGE = re.compile(r"^(?:cascade/(?:due|reviews)/[^/]+\.md|changes\.md)$")


def is_linked_page(path: str) -> bool:
    return bool(_LINKED_PAGE.match(path))


def format_finding(finding: Finding) -> str:
    loc = finding.location
    return terminal(f"{loc.path}:{loc.line}:{loc.column}: {finding.code} {finding.message}")  # one line, whatever it quotes


def errors_of(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.severity == Severity.ERROR]


def error_report(result: CheckResult) -> str:
    """The error findings as one message, one located line each."""
    errors = errors_of(result)
    lines = [f"the goals have {len(errors)} error{'s' if len(errors) != 1 else ''}; "
             "fix them (run `truenorth check`) or set the truenorth plugin's on_error to warn:"]
    lines += [f"  {format_finding(f)}" for f in errors]
    return "\n".join(lines)


def play_title(text: str, play_id: str) -> str:
    """A play page's title: front matter `title`, else its first `# heading`, else its id."""
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        body = text[match.end():]
        try:
            import yaml

            meta = yaml.safe_load(match.group(1))
        except Exception:  # a broken front matter is MkDocs' to report, not ours
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("title"), str) and meta["title"].strip():
            return meta["title"].strip()
    heading = _HEADING.search(body)
    return heading.group(1).strip() if heading else play_id


def read_plays(plays_dir: Path) -> dict[str, str]:
    """Play id -> title for every page in a playbook's plays/ folder (index.md is not a play)."""
    if not plays_dir.is_dir():
        return {}
    plays = {}
    for page in sorted(plays_dir.glob("*.md")):
        if page.stem == "index":
            continue
        plays[page.stem] = play_title(page.read_text(encoding="utf-8"), page.stem)
    return plays


def site_digest(root: Path, result: CheckResult, today: _dt.date, since: str = "7d") -> None:
    """Set result.digest: what changed in the last week, for the What changed page and its feed (left
    None outside git or when git cannot answer: the site then has no such page)."""
    from truenorth.timeline.digest import DigestError, digest

    try:
        result.digest = digest(root, result, today, since)
    except (DigestError, OSError):
        result.digest = None


def feed_of(result: CheckResult, today: _dt.date, site_url: str | None = None) -> str | None:
    """The Atom feed of result.digest (None without a digest)."""
    if result.digest is None:
        return None
    from truenorth.site.changes import atom_feed

    return atom_feed(result.digest, site_url)


def check_root(root: Path, live=None) -> CheckResult:
    """Load and check the goals of the repository at root.

    With the check's cache; or with `live` (truenorth.live.LiveCheck: the live preview keeps the checked
    organisation in memory between saves, and reads again only the goals files that were edited).
    """
    from truenorth import cache
    from truenorth.config import ConfigError

    try:
        config = load_config(root)
    except ConfigError as exc:
        raise SiteError(str(exc)) from None
    if not config.goals_path.is_dir():
        raise SiteError(f"no goals folder at {config.goals_path}")
    try:
        result = (run_check(config, cache=cache.open(root), reuse_report=True) if live is None
                  else live.check(config))
    except OSError as exc:  # the goals folder itself cannot be read (what is inside it becomes findings)
        raise SiteError(f"cannot read {exc.filename or config.goals_path}: {exc.strerror or exc}") from None
    from truenorth.timeline.history import read_history

    result.history = read_history(root, config.goals_dir, result.org)  # key results' trends from git, once
    return result


@dataclass(slots=True)
class SitePages:
    pages: dict[str, str] | Iterator[tuple[str, str]]  # docs-relative path -> markdown (lazy: (path, markdown))
    play_sections: dict[str, str]  # play id -> markdown to append to plays/<id>.md
    css: str


def promises_of(root: Path, result: CheckResult) -> dict:
    """The targets as promised when each key result's period began, from the repository's git history
    (truenorth.promises), for the review pages; {} without a repository."""
    from truenorth.timeline.promises import read_promises

    from truenorth.config import ConfigError

    try:
        goals_dir = load_config(root).goals_dir
    except ConfigError:
        return {}
    return read_promises(root, result.org, result.graph, goals_dir)


def generate(result: CheckResult, today: _dt.date, plays: dict[str, str], *,
             directory_urls: bool = True, edit_base: str | None = None, promises: dict | None = None,
             people_pages: str = "auto") -> SitePages:
    """The generated pages; directory_urls must match MkDocs' use_directory_urls (links in raw HTML);
    edit_base: the repository's web editor at its root, for "Edit this goal" (site.edit_base_url);
    promises: promises_of (the review pages score against them); people_pages: where people are shown
    (site.PEOPLE_PAGES: auto, own, team)."""
    from truenorth.site import SITE_CSS, build_pages, play_sections

    pages = build_pages(result, today, plays=plays, directory_urls=directory_urls, edit_base=edit_base,
                        promises=promises, people_pages=people_pages)
    sections = play_sections(result, plays, directory_urls=directory_urls, people_pages=people_pages) if plays else {}
    return SitePages(
        pages=pages,
        play_sections=sections,
        css=SITE_CSS,
    )


def append_section(markdown: str, section: str) -> str:
    if not section.strip():
        return markdown
    return markdown.rstrip("\n") + "\n\n" + section.strip("\n") + "\n"


# ---------------------------------------------------------------- export-docs


def export_docs(root: Path, dest: Path, *, today: _dt.date | str | None = None, force: bool = False,
                allow_errors: bool = False, directory_urls: bool = True,
                people_pages: str = "auto") -> tuple[CheckResult, list[str]]:
    """Write the playbook plus the generated pages into dest, for another site builder.

    Everything is written to a temporary folder beside dest and renamed into place at the end,
    so dest is never half-written. Returns the check result and the docs-relative paths written.
    today: the date status is judged on, over $TRUENORTH_TODAY and the `today` setting (config.resolve_today).
    people_pages: where people are shown (site.PEOPLE_PAGES), as the plugin's setting of that name.
    """
    from truenorth.config import ConfigError, resolve_today
    from truenorth.site.rule_pages import rule_pages

    root = root.resolve()
    dest = Path(os.path.abspath(dest))
    try:
        config = load_config(root)
        date = resolve_today(config, today)
    except ConfigError as exc:
        raise SiteError(str(exc)) from None
    playbook = config.playbook_path.resolve()
    for keep in (root, config.goals_path.resolve(), playbook):
        if dest == keep or keep.is_relative_to(dest) or (keep != root and dest.is_relative_to(keep)):
            raise SiteError(f"will not export into {dest}: it holds or is inside {keep}")
    if dest.exists() and not dest.is_dir():
        raise SiteError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise SiteError(f"{dest} is not empty; use --force to replace it")

    result = check_root(root)
    if result.has_errors and not allow_errors:
        raise CascadeErrors(error_report(result))
    site_digest(root, result, date)
    plays = read_plays(playbook / "plays")
    site = generate(result, date, plays, directory_urls=directory_urls, promises=promises_of(root, result),
                    people_pages=people_pages)

    written: list[str] = []
    with staged_folder(dest) as staging:
        if playbook.is_dir():
            shutil.copytree(playbook, staging, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".*", "__pycache__"))
            written += sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
        for rel, markdown in [*site.pages.items(), *rule_pages(lambda p: (playbook / p).is_file())]:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
            written.append(rel)
        for play_id, section in site.play_sections.items():
            page = staging / "plays" / f"{play_id}.md"
            if page.is_file():
                page.write_text(append_section(page.read_text(encoding="utf-8"), section), encoding="utf-8")
        css = staging / CSS_PATH
        css.parent.mkdir(parents=True, exist_ok=True)
        css.write_text(site.css, encoding="utf-8")
        written.append(CSS_PATH)
        feed = feed_of(result, date)
        if feed is not None:
            from truenorth.site.changes import FEED

            (staging / FEED).write_text(feed, encoding="utf-8")
            written.append(FEED)
    return result, sorted(set(written))


# ---------------------------------------------------------------- writing a folder in full, then swapping it in


@contextmanager
def staged_folder(dest: Path) -> Iterator[Path]:
    """A new, empty folder beside dest (so on the same file system) to write dest's next content in.

    When the block ends without an exception, the folder takes dest's place; otherwise (an error, a
    SIGTERM, a Ctrl-C) it is removed and dest is left as it was. A folder left beside dest by a
    process that was killed (SIGKILL) before it could clean up is removed by the next one.

    The swap is two renames: the old dest aside, the new folder in. Between them, a few microseconds,
    there is no dest; a process killed there leaves the old folder aside, and the next one puts it
    back before anything else (and if the second rename fails, the old one is put back at once).
    """
    dest = Path(os.path.abspath(dest))
    if dest.exists() and not dest.is_dir():
        raise SiteError(f"{dest} exists and is not a folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale(dest)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.{os.getpid()}.", suffix=_STAGING, dir=dest.parent))
    try:
        yield staging
        staging.chmod(stat.S_IMODE(dest.stat().st_mode) if dest.is_dir() else 0o755)  # mkdtemp makes it 0700
        try:
            _swap_into_place(staging, dest)
        except OSError as exc:  # a mount point, say: dest is left as it was
            raise SiteError(f"cannot put the new {dest.name} in place of {dest}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


_STAGING = ".tmp"  # the new content, being written
_OLD = ".old"  # the old content, set aside for a moment


def _swap_into_place(staging: Path, dest: Path) -> None:
    if not dest.exists():
        staging.rename(dest)
        return
    old = dest.with_name(f".{dest.name}.{os.getpid()}{_OLD}")
    dest.rename(old)
    try:
        staging.rename(dest)
    except BaseException:
        old.rename(dest)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _clear_stale(dest: Path) -> None:
    """Remove what staged_folder left beside dest in processes that are gone; put back an old dest
    that one of them had set aside and not replaced."""
    pattern = re.compile(rf"\.{re.escape(dest.name)}\.(\d+)(?:\.[^/]*{re.escape(_STAGING)}|{re.escape(_OLD)})\Z")
    try:
        names = os.listdir(dest.parent)
    except OSError:
        return
    for name in sorted(names, key=lambda name: not name.endswith(_OLD)):  # an old dest first: it may go back
        match = pattern.match(name)
        if match is None or _running(int(match.group(1))):
            continue
        path = dest.parent / name
        if name.endswith(_OLD) and not dest.exists():
            path.rename(dest)
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process leaves nothing behind: an earlier one with the same number did
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True
