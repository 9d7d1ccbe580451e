"""The check's recorded answer, found with as little as Python can import.

`truenorth check` in a pre-commit hook mostly finds nothing changed. Then its answer is the output
it printed last time, and the run is all start-up: at 10,000 people the imports of the full cache
(dataclasses, tomllib, pathlib, json: about 40 ms) cost as much as looking at every file. This
module needs only os, sys, marshal and SHA-1 (truenorth.digest), and is what the console script tries first
(truenorth.cli.quick):

* the **inputs** digest: truenorth's version and the size and modification time of its own code
  and schemas, Python's version, the bytes of pyproject.toml and the names of the playbook's plays.
  Everything the cache's `environment` is made of follows from these, so when they are as recorded
  the recorded environment holds (when one changed, the full cache works it out again);
* the **fingerprint** of the goals files (one walk, a stat per file, a read of those whose stat
  changed), shared with truenorth.cache, which adds everything else;
* the **answer** file: the text each output format printed for the last report, with its exit code.

Nothing here decides an answer: it only replays one the full check gave for the same inputs.

Every cache file is read through `unpack` (whole files) or `read_frame` (the frames of files.chunks):
a header naming the cache's format, the length and a CRC-32 of the bytes that follow, checked
against the file's size and a size cap before anything is allocated, and the checksum checked
before `marshal` sees a byte. A truncated, damaged or foreign file is ignored. The values decoded
are checked for their shape before use (`valid_run`, and the full cache's own checks).

The trust model: the cache folder must be the user's own (`private_folder`: owned by them and
writable by nobody else; it is made 0700); one that is not is not used. Within it the checks above
defend against accident, not against the folder's owner: whoever can write there (the user, or a
program running as the user) can write a file that passes them, as they could change the goals
files or the installed truenorth itself. `marshal` is not meant for data from untrusted sources;
the cache holds only what truenorth wrote for this user.
"""

from __future__ import annotations

import errno
import marshal
import os
import sys
import time
import zlib
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK

from truenorth import __version__
from truenorth.digest import sha1

FORMAT = 4
"""Of the cache's files (truenorth.cache reads and writes the same ones)."""

MAGIC = b"truenor" + bytes([FORMAT])
"""The first bytes of every cache file: a file of another format (or none) is not read."""
FRAME_HEAD = 12  # a frame: its length (8 bytes), the CRC-32 of its bytes (4), then the bytes
MAX_FILE_BYTES = 1 << 30  # a whole cache file (run, run-edits, answer) larger than this is not read
MAX_FRAME_BYTES = 1 << 28  # nor a frame of files.chunks

RACY_SECONDS = 2.0
"""A file's stat data is trusted only when older than the run that recorded it by this much."""

YAML_SUFFIXES = (".yaml", ".yml")

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SUBFOLDER_FLAGS = _DIRECTORY_FLAGS | _NO_FOLLOW  # a folder listed as a folder, not a link put in its place
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_RELATIVE_CALLS_WORK = os.open in os.supports_dir_fd and os.scandir in os.supports_fd


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _load_walker():
    """The optional C walk (src/truenorth/_fastwalk.c, built at install when it can be), or None."""
    if os.environ.get("TRUENORTH_NO_ACCELERATOR"):
        return None
    try:
        from truenorth import _fastwalk
    except ImportError:
        return None
    return _fastwalk


_fastwalk = _load_walker()


# -- where ----------------------------------------------------------------------------------------

def cache_root() -> str:
    """$TRUENORTH_CACHE_DIR, else $XDG_CACHE_HOME/truenorth, else ~/.cache/truenorth."""
    explicit = os.environ.get("TRUENORTH_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "truenorth")


def cache_folder(absolute_root: str) -> str:
    """The cache folder of a repository (its resolved path)."""
    return os.path.join(cache_root(), sha1(absolute_root.encode()).hexdigest()[:16])


def schema_folder() -> str:
    """Where the JSON Schemas are: bundled in the wheel, or the repository's schemas/ in a checkout."""
    bundled = os.path.join(_PACKAGE, "schemas")
    return bundled if os.path.isdir(bundled) else os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), "schemas")


# -- the goals files ------------------------------------------------------------------------------

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


def content_digest(raw: bytes) -> str:
    """What identifies a file's content, here, in the cache and in the loader."""
    return sha1(raw).hexdigest()


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


def _hash_file(path: str) -> str:
    try:
        raw = read_goal_file(path)
    except OSError:
        return ""
    return raw if raw.__class__ is str else content_digest(raw)


def fingerprint(goals_path: str, stats: dict, recorded_at: float, environment: str
                ) -> tuple[dict[str, str], dict[str, tuple], str, list[str]]:
    """(digest of each goals file, its signature this run, the run's key, the files read), reading only
    the files whose signature is not the recorded one (stats: rel -> (size, mtime_ns, ctime_ns, inode,
    digest, ...)): every other file's signature and digest are the recorded ones. What the walk refuses
    has its problem as its digest; a file over the size limit has one made from its size, unread."""
    trusted_before = int((recorded_at - RACY_SECONDS) * 1e9)  # in ns, like the stat times
    digests: dict[str, str] = {}
    seen: dict[str, tuple] = {}
    hashed: list[str] = []
    prefix = goals_path + os.sep  # plain strings: a Path per file costs more than its stat
    for rel, state in goal_file_stats(goals_path):
        known = stats.get(rel)
        if known is not None and known[:4] == state and state[1] < trusted_before and state[2] < trusted_before:
            seen[rel] = state
            digests[rel] = known[4]
        elif state is None:
            digests[rel] = ""
        elif state.__class__ is str:
            digests[rel] = state  # refused by the walk: never read
        else:
            seen[rel] = state
            digests[rel] = too_large(state[0]) if state[0] > MAX_FILE_BYTES else _hash_file(prefix + rel)
            hashed.append(rel)
    return digests, seen, key_for(environment, digests), hashed


def key_for(environment: str, digests: dict[str, str]) -> str:
    """The fingerprint of a run over files with these content digests (rel -> digest, in path order)."""
    listing = "".join([f"{rel}\0{digest}\0" for rel, digest in digests.items()])
    return sha1(environment.encode() + listing.encode()).hexdigest()


# -- the inputs -----------------------------------------------------------------------------------

def _files_signature(folder: str, suffix: str) -> list:
    found = []
    for here, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            if name.endswith(suffix):
                st = os.stat(os.path.join(here, name))
                found.append((os.path.relpath(os.path.join(here, name), folder), st.st_size, st.st_mtime_ns))
    return found


def inputs_digest(absolute_root: str, playbook_dir: str) -> str:
    """What the cache's environment is made of, by its sources: see the module's docstring."""
    try:
        pyproject = read_goal_file(os.path.join(absolute_root, "pyproject.toml"))  # (never a pipe waited on)
    except OSError:
        pyproject = None
    plays_dir = os.path.join(absolute_root, playbook_dir, "plays")
    try:
        plays = sorted(name for name in os.listdir(plays_dir) if name.endswith(".md"))
    except OSError:
        plays = None
    inputs = (FORMAT, __version__, sys.version, _files_signature(_PACKAGE, ".py"),
              _files_signature(schema_folder(), ".json"), pyproject, plays)
    return sha1(repr(inputs).encode()).hexdigest()  # (repr: marshal's bytes vary with sharing)


# -- the cache's files: checked before they are decoded ---------------------------------------------

def frame_head(data: bytes) -> bytes:
    """The head of a frame holding `data`: its length and its CRC-32."""
    return len(data).to_bytes(8, "little") + zlib.crc32(data).to_bytes(4, "little")


def pack(value) -> bytes:
    """A whole cache file holding `value`: the format's magic, then one frame of its marshalled bytes."""
    payload = marshal.dumps(value)
    return MAGIC + frame_head(payload) + payload


def unpack(data: bytes):
    """The value of a whole cache file (`pack`), or None when it is not one, whole and undamaged."""
    start = len(MAGIC) + FRAME_HEAD
    if len(data) < start or data[:len(MAGIC)] != MAGIC:
        return None
    if int.from_bytes(data[len(MAGIC):len(MAGIC) + 8], "little") != len(data) - start:
        return None  # cut short, or more than was written
    payload = memoryview(data)[start:]
    if zlib.crc32(payload) != int.from_bytes(data[start - 4:start], "little"):
        return None
    return loads(payload)


def loads(payload):
    """marshal.loads of bytes that passed their checksum; None for anything marshal refuses."""
    try:
        return marshal.loads(payload)
    except Exception:  # noqa: BLE001 - EOFError, ValueError, TypeError, MemoryError...: not a value of ours
        return None


def read_frame(handle, end: int) -> bytes | None:
    """The next frame's bytes from an open cache file of `end` bytes, or None at its end or where it is
    damaged (a length beyond the file or the cap, a checksum that does not match)."""
    head = handle.read(FRAME_HEAD)
    if len(head) < FRAME_HEAD:
        return None
    size = int.from_bytes(head[:8], "little")
    if size > MAX_FRAME_BYTES or size > end - handle.tell():  # checked before anything is allocated
        return None
    body = handle.read(size)
    if len(body) != size or zlib.crc32(body) != int.from_bytes(head[8:], "little"):
        return None
    return body


def skip_frame(handle, end: int) -> bool:
    """Move past the next frame unread; False when there is none whole."""
    head = handle.read(FRAME_HEAD)
    if len(head) < FRAME_HEAD:
        return False
    size = int.from_bytes(head[:8], "little")
    if size > end - handle.tell():
        return False
    handle.seek(size, os.SEEK_CUR)
    return True


def private_folder(folder: str) -> bool:
    """Whether the cache root and this cache folder, where they exist, are the user's own and
    writable by nobody else (a folder another user could write in is not used: see the module's
    docstring)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: folders have no Unix owner and mode
        return True
    for path in (os.path.dirname(folder), folder):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if st.st_uid != getuid() or st.st_mode & 0o022:
            return False
    return True


# -- the answer -----------------------------------------------------------------------------------

def read(folder: str, name: str):
    """A cache file's value, or None when missing, partial, damaged, too large or foreign."""
    try:
        with open(os.path.join(folder, f"{name}.marshal"), "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
                return None
            data = handle.read(MAX_FILE_BYTES + 1)  # (marshal.load reads a file piece by piece: slow)
    except OSError:
        return None
    return unpack(data)


_RUN_TEXTS = ("environment", "report_key", "inputs", "goals_dir", "playbook_dir", "generation")


def valid_run(run) -> bool:
    """Whether a run record has the shape this version writes (each file's entry is checked where it
    is used: the fingerprint compares it, the full cache checks every one)."""
    return (type(run) is dict and all(type(run.get(name)) is str for name in _RUN_TEXTS)
            and type(run.get("recorded_at")) in (int, float) and type(run.get("stats")) is dict
            and type(run.get("base_stats")) is dict and type(run.get("edited")) is tuple
            and type(run.get("period_overrides")) is dict and type(run.get("report")) is tuple)


def read_run(folder: str):
    """The run record: the last full check's (run), with the edits recorded since (run-edits: the files
    whose state changed, and the new report) merged in when they were made on that very record. The
    record as the full check wrote it stays under "base_stats" (what the next edits are told from)."""
    run = read(folder, "run")
    edits = read(folder, "run-edits")
    try:
        base_stats = run["stats"]
        edited = ()
        if edits is not None and edits["base"] == run["generation"]:
            run = {**run, **edits["fields"], "stats": {**base_stats, **edits["stats"]}}
            edited = tuple(edits["stats"])
        run = {**run, "base_stats": base_stats, "edited": edited}
    except (TypeError, KeyError, ValueError):
        return None
    return run if valid_run(run) else None


class Walked:
    """What the quick path found, handed to the full check so that it need not walk again."""

    def __init__(self, root: str, folder: str, run: dict, started: float, digests: dict, seen: dict,
                 key: str, hashed: list[str]) -> None:
        self.root, self.folder, self.run, self.started = root, folder, run, started
        self.environment, self.recorded_at = run["environment"], run["recorded_at"]
        self.digests, self.seen, self.key, self.hashed = digests, seen, key, hashed


walked: Walked | None = None


def take_walked(root: str) -> Walked | None:
    """What recorded_answer found for this root in this process (once), for the full check."""
    global walked
    found, walked = walked, None
    return found if found is not None and found.root == os.path.realpath(root) else None


def recorded_answer(root: str, variant: str) -> tuple[str, int] | None:
    """(output, exit code) the last check gave in this output variant for these very inputs and
    files; None otherwise (then `walked` may hold this run's fingerprint, for the full check)."""
    global walked
    walked = None
    started = time.time()
    absolute = os.path.realpath(root)
    folder = cache_folder(absolute)
    if not private_folder(folder):
        return None
    run = read_run(folder)
    try:
        goals_dir, playbook_dir = run["goals_dir"], run["playbook_dir"]
        if run["inputs"] != inputs_digest(absolute, playbook_dir):
            return None
        goals_path = os.path.join(absolute, goals_dir)
        if not os.path.isdir(goals_path) or not folders_inside(absolute, goals_dir, playbook_dir):
            return None  # (the full check says why)
        digests, seen, key, hashed = fingerprint(goals_path, run["stats"], run["recorded_at"], run["environment"])
        walked = Walked(absolute, folder, run, started, digests, seen, key, hashed)
        if key != run["report_key"]:
            return None
        answer = read(folder, "answer")
        if answer is None or answer["report_key"] != key:
            return None
        text, code = answer["outputs"][variant]
        return (text, code) if isinstance(text, str) and code in (0, 1) else None
    except (TypeError, KeyError, ValueError, AttributeError, IndexError, OSError):
        return None  # (OSError: a goals folder that cannot be read; the full check says so)
