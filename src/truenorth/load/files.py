"""The goals folder on disk: the walk that lists its files (a stat per file, what it refuses named),
and the one way a goals file's bytes are read. Light on purpose (os, stat and SHA-1 only): the check's
cache fingerprints the folder with it before anything else is imported.
"""

from __future__ import annotations

import errno
import os
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK

from truenorth.load.digest import sha1

YAML_SUFFIXES = (".yaml", ".yml")

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # truenorth/
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SUBFOLDER_FLAGS = _DIRECTORY_FLAGS | _NO_FOLLOW  # a folder listed as a folder, not a link put in its place
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_RELATIVE_CALLS_WORK = os.open in os.supports_dir_fd and os.scandir in os.supports_fd


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _load_walker():
    """The optional C walk (src/truenorth/load/_fastwalk.c, built at install when it can be), or None."""
    if os.environ.get("TRUENORTH_NO_ACCELERATOR"):
        return None
    try:
        from truenorth.load import _fastwalk
    except ImportError:
        return None
    return _fastwalk


_fastwalk = _load_walker()


def accelerated() -> bool:
    """Whether the optional C walk (_fastwalk) is in use in this process."""
    return _fastwalk is not None


def schema_folder() -> str:
    """Where the JSON Schemas are: bundled in the wheel, or the repository's schemas/ in a checkout."""
    bundled = os.path.join(_PACKAGE, "schemas")
    return bundled if os.path.isdir(bundled) else os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), "schemas")


# -- the goals files ------------------------------------------------------------------------------

RACY_SECONDS = 2.0
"""A file's stat data say it is unchanged only when it was last modified this long before they were
recorded (git's "racily clean" rule): a second write in the same clock tick keeps size and times. The
check's cache (cache/fingerprint.py) and the live preview's check (live.py) both go by it."""

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A goals file larger than this is refused by its size, from its stat data: never read, nor hashed (TN011)."""

MAX_DEPTH = 100
"""Folders nested deeper than this below the goals folder are named (TN012), not walked (_fastwalk.c: the same)."""

# What the walk will not read. A file or folder it refuses is listed with its problem as a string in
# place of a signature: "!" + code + tab + message + tab + hint (problem_of reads it back). The
# fingerprint takes that string as the entry's digest, so the cache notices when a problem comes, goes
# or changes, and the loader makes it a finding located at the path, without opening anything.

def _problem(code: str, message: str, hint: str = "") -> str:
    return f"!{code}\t{message}\t{hint}"


def problem_of(state) -> tuple[str, str, str] | None:
    """(code, message, hint) when a walk entry's state, or a digest, is a refusal; else None (also for
    a string of another shape, say from a damaged cache: the file is then read as any other)."""
    if state.__class__ is str and state[:1] == "!":
        parts = state[1:].split("\t")
        if len(parts) == 3 and parts[0] in _REFUSAL_CODES:
            return parts[0], parts[1], parts[2]
    return None


_REFUSAL_CODES = ("TN002", "TN011", "TN012")  # (of truenorth.rules.loading)


def too_large(size: int) -> str:
    return _problem("TN011", f"the file is {size:,} bytes; goals files are limited to {MAX_FILE_BYTES:,}")


_NAME_FILE = _problem("TN002", "the file name is not UTF-8: the file is not read",
                      "Rename it: truenorth reads goals files whose names are UTF-8.")
_NAME_FOLDER = _problem("TN002", "the folder name is not UTF-8: nothing in it is read",
                        "Rename it: truenorth reads goals folders whose names are UTF-8.")
_TOO_DEEP = _problem("TN012", f"the folder is nested more than {MAX_DEPTH} folders deep: nothing in it is read",
                     "Flatten the goals folder: people's files can sit in one folder per team.")
_LEADS_OUT = _problem("TN012", "the link leads out of the goals folder: it is not read",
                      "Put the file itself in the goals folder; links are followed only within it.")
_FOLDER_OUT = _problem("TN012", "the link leads to a folder outside the goals folder: it is not followed",
                       "Put the folder itself in the goals folder; links to folders are never followed.")


def _cannot_read_folder(exc: OSError) -> str:
    return _problem("TN012", f"cannot read the folder: {exc.strerror or exc}",
                    "Make the folder readable, or move it out of the goals folder.")


def _cannot_follow(exc: OSError) -> str:
    return _problem("TN012", f"the link cannot be followed: {exc.strerror or exc}",
                    "Point the link at a file in the goals folder, or remove it.")


def _not_regular(mode: int) -> str:
    what = ("a named pipe" if S_ISFIFO(mode) else "a socket" if S_ISSOCK(mode) else
            "a device" if S_ISCHR(mode) or S_ISBLK(mode) else "a folder" if S_ISDIR(mode) else "not a file")
    return _problem("TN012", f"this is {what}, not a regular file: it is not opened",
                    "Goals files are plain files; remove it or give it another name.")


def _shown(name: str) -> str:
    """A name that is not UTF-8, its other bytes written as \\xNN (os.fsdecode gave them as surrogates)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _utf8(name: str) -> bool:
    try:
        name.encode()
    except UnicodeEncodeError:
        return False
    return True


def _within(real: str, top_real: str) -> bool:
    return real == top_real or real.startswith(top_real + os.sep)


def folders_inside(absolute_root: str, *folders: str) -> bool:
    """Whether each folder (a setting: goals_dir, playbook_dir) lies inside the repository, below its
    root, once symbolic links are resolved (truenorth.config refuses the settings otherwise; the
    cache's quick paths ask again, as a folder may have become a link since the run on record)."""
    below = os.path.join(absolute_root, "")
    return all(os.path.realpath(os.path.join(absolute_root, folder)).startswith(below) for folder in folders)


def goal_file_stats(goals_dir: str, with_stats: bool = True) -> list[tuple[str, tuple | str | None]]:
    """Every YAML file under the goals folder as a '/'-separated relative path, in a stable order,
    with its signature (size, mtime_ns, ctime_ns, inode), or None if it went away meanwhile (or when
    not `with_stats`); and what the walk refuses, with its problem (a string: problem_of).

    The order is that of the paths' parts (a folder's files and sub-folders by name, depth first).
    Hidden files and folders are skipped. Refused, each named, never opened:

    * a file (*.yaml, *.yml) or folder whose name is not UTF-8 (TN002, the name shown with \\xNN);
    * a folder that cannot be read, or nested more than MAX_DEPTH deep (TN012);
    * a link that leads out of the goals folder, or nowhere (TN012); a link to a file in the goals
      folder is that file; links to folders are never followed (one leading out is named);
    * a named pipe, socket or device (TN012).

    The goals folder itself must be readable (OSError otherwise). A file larger than MAX_FILE_BYTES
    is listed as any other: whoever reads it looks at its size first (read_goal_file).
    The optional C walk gives the same list (tested); it hands anything unusual back to this one.
    """
    if with_stats and _fastwalk is not None:
        walked_in_c = _fastwalk.stat_walk(goals_dir)
        if walked_in_c is not None:
            return walked_in_c
    return python_walk(goals_dir, with_stats)


def python_walk(goals_dir: str, with_stats: bool = True) -> list[tuple[str, tuple | str | None]]:
    """goal_file_stats in Python."""
    # Each folder is opened once and its files are looked at relative to it: on 100,000 files that
    # is a third cheaper than resolving every full path again. Sorting each folder's entries by name
    # gives the paths in the order of their parts, without sorting all of them at the end.
    # Recursion is bounded by MAX_DEPTH, far below Python's limit.
    found: list[tuple[str, tuple | str | None]] = []
    relative = _RELATIVE_CALLS_WORK
    top = str(goals_dir)
    top_real: list[str] = []  # the goals folder's real path, once a link needs it

    def leads_out(rel: str) -> bool:
        if not top_real:
            top_real.append(os.path.realpath(top))
        return not _within(os.path.realpath(os.path.join(top, rel)), top_real[0])

    def scan(folder: str | int, prefix: str, depth: int) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_name)
        except OSError as exc:
            if not prefix:
                raise  # the goals folder itself: the caller says so
            found.append((prefix[:-1], _cannot_read_folder(exc)))
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            yaml = name.endswith(YAML_SUFFIXES)
            if not name.isascii() and not _utf8(name):
                if yaml:
                    found.append((prefix + _shown(name), _NAME_FILE))
                elif entry.is_dir(follow_symlinks=False):
                    found.append((prefix + _shown(name), _NAME_FOLDER))
                continue
            rel = prefix + name
            if entry.is_symlink():
                if yaml:
                    if leads_out(rel):
                        found.append((rel, _LEADS_OUT))
                        continue
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        found.append((rel, _cannot_follow(exc)))
                        continue
                    if S_ISREG(st.st_mode):
                        found.append((rel, signature(st) if with_stats else None))
                    elif not S_ISDIR(st.st_mode):  # a link to a folder in the goals folder is not followed
                        found.append((rel, _not_regular(st.st_mode)))
                elif entry.is_dir() and leads_out(rel):
                    found.append((rel, _FOLDER_OUT))
            elif entry.is_dir(follow_symlinks=False):
                if depth == MAX_DEPTH:
                    found.append((rel, _TOO_DEEP))
                elif relative:
                    try:
                        sub = os.open(name, _SUBFOLDER_FLAGS, dir_fd=folder)
                    except OSError as exc:
                        found.append((rel, _cannot_read_folder(exc)))
                        continue
                    try:
                        scan(sub, rel + "/", depth + 1)
                    finally:
                        os.close(sub)
                else:
                    scan(entry.path, rel + "/", depth + 1)
            elif yaml:
                if entry.is_file(follow_symlinks=False):
                    state = None
                    if with_stats:
                        try:
                            state = signature(entry.stat(follow_symlinks=False))
                        except OSError:
                            pass
                    found.append((rel, state))
                else:
                    try:
                        mode = entry.stat(follow_symlinks=False).st_mode
                    except OSError:
                        continue  # went away
                    found.append((rel, _not_regular(mode)))

    if relative:
        fd = os.open(top, _DIRECTORY_FLAGS)
        try:
            scan(fd, "", 0)
        finally:
            os.close(fd)
    else:  # pragma: no cover - platforms without dir_fd (Windows)
        scan(top, "", 0)
    return found


def signature(st: os.stat_result) -> tuple:
    """What identifies a file's state without reading it: size, modification and change times, inode."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


_sha1 = sha1  # Python's own SHA-1 (truenorth.load.digest), until a process reads many files


def content_digest(raw: bytes) -> str:
    """What identifies a file's content, here, in the cache and in the loader."""
    return _sha1(raw).hexdigest()


def digest_many() -> None:
    """Before reading many files: OpenSSL's SHA-1 (hashlib's) from now on in this process and its children, the
    same digests eight times as fast (0.1 s of CPU for the 23 MB of 10,000 people, against 0.012 s), for the
    few milliseconds of importing hashlib that a check reading a few files does better without."""
    global _sha1
    from hashlib import sha1 as openssl_sha1

    _sha1 = openssl_sha1


def read_goal_file(path: str, within: str | None = None) -> bytes | str:
    """The bytes of a goals file; or, when it is not a regular file or is larger than MAX_FILE_BYTES,
    its problem (problem_of), found from its stat data without reading it. OSError when it cannot be
    opened or read. Opened without blocking, so a named pipe put where a file was is never waited on.

    With `within` (the goals folder), a link is followed only into that folder, as the walk does
    (for a path this run's walk may not have listed as a file: the loader reads with it).
    """
    try:
        fd = os.open(path, _READ_FLAGS | (_NO_FOLLOW if within is not None else 0))
    except OSError as exc:
        if within is None or exc.errno != errno.ELOOP:
            raise
        if not _within(os.path.realpath(path), os.path.realpath(within)):  # a link, leading out
            return _LEADS_OUT
        fd = os.open(path, _READ_FLAGS)
    try:
        st = os.fstat(fd)
        if not S_ISREG(st.st_mode):
            return _not_regular(st.st_mode)
        if st.st_size > MAX_FILE_BYTES:
            return too_large(st.st_size)
        # a regular file's bytes, usually in one read (and one more that finds the end)
        limit, pieces, total = MAX_FILE_BYTES + 1, [], 0
        while total < limit:
            piece = os.read(fd, min(limit - total, max(st.st_size + 1 - total, 65536)))
            if not piece:
                break
            pieces.append(piece)
            total += len(piece)
        if total > MAX_FILE_BYTES:  # it grew since its stat
            return too_large(os.fstat(fd).st_size)
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)
    finally:
        os.close(fd)
