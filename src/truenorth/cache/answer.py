"""The check's recorded answer, found with as little as Python can import.

`truenorth check` in a pre-commit hook mostly finds nothing changed. Then its answer is the output
it printed last time, and the run is all start-up: at 10,000 people the imports of the full cache
(dataclasses, tomllib, pathlib, json: about 40 ms) cost as much as looking at every file. This
module needs only os, marshal, SHA-1 and the walk (truenorth.load.files), and is what the console
script tries first (truenorth.cli.quick):

* the **inputs** digest: truenorth's version and the size and modification time of its own code
  and schemas, Python's version, the bytes of pyproject.toml and the names of the playbook's plays.
  Everything the cache's `environment` is made of follows from these, so when they are as recorded
  the recorded environment holds (when one changed, the full cache works it out again);
* the **fingerprint** of the goals files (one walk, a stat per file, a read of those whose stat
  changed: fingerprint.py), shared with the full cache (store.py), which adds everything else;
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

import marshal
import os
import time
import zlib

from truenorth.cache import fingerprint as prints
from truenorth.cache.fingerprint import FORMAT
from truenorth.load.digest import sha1
from truenorth.load.files import folders_inside

MAGIC = b"truenor" + bytes([FORMAT])
"""The first bytes of every cache file: a file of another format (or none) is not read."""
FRAME_HEAD = 12  # a frame: its length (8 bytes), the CRC-32 of its bytes (4), then the bytes
MAX_FILE_BYTES = 1 << 30  # a whole cache file (run, run-edits, answer) larger than this is not read
MAX_FRAME_BYTES = 1 << 28  # nor a frame of files.chunks


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


# -- the cache's files: checked before they are decoded ---------------------------------------------

def frame_head(data: bytes) -> bytes:
    """The head of a frame holding `data`: its length and its CRC-32."""
    return len(data).to_bytes(8, "little") + zlib.crc32(data).to_bytes(4, "little")


def pack(value) -> bytes:
    """A whole cache file holding `value`: the format's magic, then one frame of its marshalled bytes."""
    return b"".join(packed(value))


def packed(value) -> tuple[bytes, bytes]:
    """`pack` in two parts, its head and its marshalled bytes, to be written one after the other (the
    text printed at 100,000 people is tens of megabytes: not copied once more to be joined)."""
    payload = marshal.dumps(value)
    return MAGIC + frame_head(payload), payload


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
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None
            data = handle.read(size + 1)  # in one piece (marshal.load reads a file piece by piece: slow)
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
            and type(run.get("period_overrides")) is dict and type(run.get("report_id")) is str)


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
    """What recorded_answer found (the files fingerprinted), for the rest of the check to go on with
    (cache.resume) so that it need not walk the folder again."""

    def __init__(self, root: str, folder: str, run: dict, started: float, digests: dict, seen: dict,
                 key: str, hashed: list[str]) -> None:
        self.root, self.folder, self.run, self.started = root, folder, run, started
        self.environment, self.recorded_at = run["environment"], run["recorded_at"]
        self.digests, self.seen, self.key, self.hashed = digests, seen, key, hashed


def recorded_answer(root: str, variant: str) -> tuple[tuple[str, int] | None, Walked | None]:
    """(the output and exit code the last check gave in this output variant for these very inputs and
    files, or None; what this look found when it got as far as fingerprinting the files, or None: for
    the rest of the check to go on with, instead of walking the folder again)."""
    walked = None
    started = time.time()
    absolute = os.path.realpath(root)
    folder = cache_folder(absolute)
    if not private_folder(folder):
        return None, None
    run = read_run(folder)
    try:
        goals_dir, playbook_dir = run["goals_dir"], run["playbook_dir"]
        if run["inputs"] != prints.inputs_digest(absolute, playbook_dir):
            return None, walked
        goals_path = os.path.join(absolute, goals_dir)
        if not os.path.isdir(goals_path) or not folders_inside(absolute, goals_dir, playbook_dir):
            return None, walked  # (the full check says why)
        digests, seen, key, hashed = prints.fingerprint(goals_path, run["stats"], run["recorded_at"], run["environment"])
        walked = Walked(absolute, folder, run, started, digests, seen, key, hashed)
        if key != run["report_key"]:
            return None, walked
        answer = read(folder, "answer")
        if answer is None or answer["report_key"] != key:
            return None, walked
        text, code = answer["outputs"][variant]
        return ((text, code) if isinstance(text, str) and code in (0, 1) else None), walked
    except (TypeError, KeyError, ValueError, AttributeError, IndexError, OSError):
        return None, walked  # (OSError: a goals folder that cannot be read; the full check says so)
