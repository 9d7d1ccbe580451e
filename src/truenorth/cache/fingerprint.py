"""The fingerprint of a run: each goals file's content digest (read only when its stat data changed
since the run on record), the key of the whole, and the digest of the inputs the cache's environment
is made of. Light, as answer.py, which uses it before anything else is imported.
"""

from __future__ import annotations

import os
import sys
import time
from itertools import chain

from truenorth import __version__
from truenorth.load.digest import blake2b, sha1
from truenorth.load import files
from truenorth.load.files import (MAX_FILE_BYTES, RACY_SECONDS, content_digest, read_goal_file, schema_folder,
                                  too_large)
from truenorth.load.ids_schema import IDS_SCHEMA_PATH

FORMAT = 5
"""Of the cache's files (truenorth.cache.store reads and writes them, answer.py reads them)."""

SIGNATURE, DIGEST, VIEW = slice(0, 4), 4, 5
"""The parts of a file's entry in the run record's stats (a plain tuple, for marshal): its signature
(size, mtime_ns, ctime_ns, inode: files.signature), its content digest, the digest of its rule view."""

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # truenorth/


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
    for rel, state in files.goal_file_stats(goals_path):
        known = stats.get(rel)
        if known is not None and known[SIGNATURE] == state and state[1] < trusted_before and state[2] < trusted_before:
            seen[rel] = state
            digests[rel] = known[DIGEST]
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
    listing = "\0".join(chain.from_iterable(digests.items()))  # rel, its digest, rel, ... (neither holds a NUL)
    return blake2b(environment.encode() + listing.encode(), digest_size=20).hexdigest()


# -- the inputs -----------------------------------------------------------------------------------

def _files_signature(folder: str, suffix: str) -> list:
    found = []
    for here, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            if name.endswith(suffix):
                st = os.stat(os.path.join(here, name))
                found.append((os.path.relpath(os.path.join(here, name), folder), st.st_size, st.st_mtime_ns))
    return found


def today_inputs() -> tuple[str, str]:
    """What the date status is judged on may come from, besides pyproject.toml's `today` setting: the
    environment's TRUENORTH_TODAY and the real date (config.resolve_today). Rules that read the date
    (a period that has ended) give another answer tomorrow, so the cache's answers hold for one day."""
    return os.environ.get("TRUENORTH_TODAY", ""), time.strftime("%Y-%m-%d")


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
    try:  # the generated ids schema (rule TN150 judges it): by its stat data, the content being in the environment
        st = os.stat(os.path.join(absolute_root, IDS_SCHEMA_PATH))
        ids_schema = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    except OSError:
        ids_schema = None
    inputs = (FORMAT, __version__, sys.version, _files_signature(_PACKAGE, ".py"),
              _files_signature(schema_folder(), ".json"), pyproject, plays, today_inputs(), ids_schema)
    return sha1(repr(inputs).encode()).hexdigest()  # (repr: marshal's bytes vary with sharing)
