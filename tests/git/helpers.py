"""Git repositories made by a test: commits with fixed authors and dates, so every sha is the same each run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

DAY_ONE = "2027-01-04T09:00:00+00:00"


class GitRepo:
    """A git work tree at `root`; `commit` writes and removes files, then commits them all."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = DAY_ONE, author: str = "Ana Lima", email: str = "ana@example.org") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "LC_ALL": "C",
               "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.root)}
        done = subprocess.run(["git", "-c", f"user.name={author}", "-c", f"user.email={email}",
                               "-c", "commit.gpgsign=false", *args],
                              cwd=self.root, env=env, capture_output=True, check=True)
        return done.stdout.decode()

    def write(self, files: dict[str, str | bytes]) -> None:
        for rel, content in files.items():
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str | bytes] | None = None, remove: tuple[str, ...] = (),
               date: str = DAY_ONE, **who: str) -> str:
        """Write `files`, delete `remove` (files or folders), commit everything; the new sha."""
        self.write(files or {})
        for rel in remove:
            target = self.root / rel
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink()
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date, **who)
        return self.git("rev-parse", "HEAD").strip()
