"""The sample organisation's pages before and after an edit, for site/reach.py's tests."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
from pathlib import Path

from truenorth.config import load_config, playbook_plays
from truenorth.live import LiveCheck
from truenorth.site import view_page_jobs
from truenorth.site.reach import pages_reached
from truenorth.site.view import build_view

REPO_ROOT = Path(__file__).resolve().parents[2]
TODAY = _dt.date(2027, 6, 1)


def sample(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("goals", "playbook"):
        shutil.copytree(REPO_ROOT / folder, dest / folder)
    shutil.copy2(REPO_ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


class Pages:
    """The organisation at root, checked with a LiveCheck (as the preview does), its view and pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.live = LiveCheck(root)
        config = load_config(root)
        self.plays = {play: play for play in sorted(playbook_plays(config.playbook_path) or ())}
        self.view, self.pages = self.make()

    def make(self):
        view = build_view(self.live.check(), TODAY, self.plays)
        jobs, _ = view_page_jobs(view, plays=self.plays)
        return view, {path: make() for path, make in jobs}

    def after_edit(self):
        """(the pages whose Markdown changed, the Reach) after the files were edited; the new state kept."""
        view, pages = self.make()
        reach = pages_reached(self.view, view)
        changed = {path for path in pages.keys() | self.pages.keys() if pages.get(path) != self.pages.get(path)}
        self.view, self.pages = view, pages
        return changed, reach


def edit(path: Path, pattern: str, replacement: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, replacement, text, count=count, flags=re.M)
    assert n, (path, pattern)
    path.write_text(new, encoding="utf-8")


def missed(changed: set[str], reach) -> list[str]:
    """The pages that changed but the reach said need not be made again (must be none)."""
    return sorted(path for path in changed if not reach.reaches(path))
