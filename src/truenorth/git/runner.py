"""The one place truenorth runs git: no shell, a fixed environment, git's complaints as GitError.

Every call goes through `run`: the arguments as a list (never a shell), `LC_ALL=C` (git's messages in
English, so they can be recognised), `GIT_TERMINAL_PROMPT=0` (never a password prompt in a hook or in
CI), `GIT_LITERAL_PATHSPECS=1` (a path is a path, never a pattern: a file named `*.yaml` is that file),
`GIT_OPTIONAL_LOCKS=0` (reading never takes the index lock another git may hold) and
`-c core.quotepath=off` (names as they are, not octal-quoted). Callers ask for NUL-separated output
wherever paths appear.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """Git could not answer: one line a person can act on (git is not installed, not inside a git
    repository, unknown revision 'x', ...). The commands print it and exit 2."""


_ENV = {"LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_LITERAL_PATHSPECS": "1",
        "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat", "PAGER": "cat"}


def environment() -> dict[str, str]:
    return {**os.environ, **_ENV}


def run(args: list[str], cwd: Path | str, *, input: bytes | None = None, ok: tuple[int, ...] = (0,)
        ) -> subprocess.CompletedProcess:
    """Run `git -c core.quotepath=off ARGS` in `cwd` and return the finished process (stdout as bytes).
    An exit code outside `ok` is a GitError worded from git's stderr (see `explain`)."""
    command = ["git", "-c", "core.quotepath=off", *args]
    try:
        done = subprocess.run(command, cwd=str(cwd), input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=None if input is not None else subprocess.DEVNULL, env=environment(),
                              check=False)
    except FileNotFoundError as exc:
        if exc.filename not in (None, "git") and not Path(cwd).is_dir():
            raise GitError(f"no such folder: {cwd}") from None
        raise GitError("git is not installed (or not on the PATH): this command reads the goals' history "
                       "from git") from None
    except NotADirectoryError:
        raise GitError(f"not a folder: {cwd}") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode not in ok:
        raise GitError(explain(done.stderr, cwd, args))
    return done


def explain(stderr: bytes, cwd: Path | str, args: list[str]) -> str:
    """git's stderr as one line: the cases people meet worded for them, else git's first complaint."""
    text = stderr.decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lowered = text.lower()
    if "not a git repository" in lowered:
        return f"not inside a git repository: {cwd}"
    if "must be run in a work tree" in lowered:
        return f"not inside a git work tree (a bare repository?): {cwd}"
    if "dubious ownership" in lowered:
        return f"git refuses the repository at {cwd}: it belongs to another user (see git's safe.directory)"
    complaint = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else "")
    for prefix in ("fatal: ", "error: "):
        if complaint.startswith(prefix):
            complaint = complaint[len(prefix):]
    return f"git {args[0] if args else ''} failed: {complaint or 'no reason given'}"
