"""A cache keyed by file content, so that a check after a small edit re-reads only what changed.

Its files are kept in the user's cache folder (never in the repository, where a committed
cache file would be read by CI):

* the **run** file: the content digest of every goals file (with the size, modification and
  change times and inode it had, so an unchanged file need not be read again), the fingerprint of the last run and
  its findings. When the fingerprint of the files on disk, the settings, the playbook's plays,
  the schemas and truenorth's own version equals it, `truenorth check` prints those findings
  without loading anything: nothing changed, so nothing can have changed in the answer.
* edits **no rule can see**: when the only files that changed differ just in what no rule reads
  (a key result's current value, a health, a title: see `records.rule_view`, whose digest the run
  file keeps for every file), the report is reused too, after parsing only those files.
* the **run-edits** file: what a run that reused the report after edits (the path above, and
  period_edits.py) changed in the run file: the files whose state changed and the new report, merged
  in when read (cache_answer.read_run), so that such a run writes kilobytes, not the whole record.
* the **answer** file: what `check` printed for the report on record, per output format, with its
  exit code. The console script replays it through `cache_answer`, which imports almost nothing,
  when the files and everything the environment is made of are as recorded.
* the **files** file: for each goals file, what reading it produced (its model fragment and its
  own findings, as plain records), with its content digest, in marshalled chunks of a few hundred
  files. After an edit only the edited files are parsed again and only their chunks re-encoded;
  the organisation is then reassembled and every rule runs on all of it, so findings that
  depend on several files stay exact. Each chunk is followed by its **links** frame: each goal's id,
  period and links, all that TN113 reads, so that a re-check after period edits (period_edits.py)
  reads a fifth of the file.

As in git's index, the change time (ctime) is compared too, because tools that copy files may
restore an old modification time but cannot set ctime; and a file's times are trusted only when
they are older than the run that recorded them by more than `RACY_SECONDS` (git's "racily
clean" rule), so an edit within the same clock tick as the recording is read, not missed.

The cache holds plain values (strings, numbers, tuples) written with `marshal`: fast to read, and
unlike pickle it cannot carry code. Anything unreadable, from another version of truenorth or of
Python, or for other settings, is ignored and rebuilt; the cache never changes an answer. This
module imports no parser, validator or graph library; cache_answer, which holds the folder walk and
the fingerprint, imports none of this module's dependencies either.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from truenorth import __version__, cache_answer
from truenorth.cache_answer import FORMAT, RACY_SECONDS, content_digest  # noqa: F401 (the cache's own terms)
from truenorth.config import Config, ConfigError, playbook_plays, settings_table
from truenorth.digest import sha1
from truenorth.findings import Report, Summary
from truenorth.load.records import decode_finding, encode_finding
UNSEEN_EDITS_LIMIT = 50  # beyond that many changed files, the usual load is about as quick
EDITS_LIMIT = 2000  # files whose state changed since the last full record, beyond which it is written whole


def cache_root() -> Path:
    """$TRUENORTH_CACHE_DIR, else $XDG_CACHE_HOME/truenorth, else ~/.cache/truenorth."""
    return Path(cache_answer.cache_root())


def _schemas_digest() -> str:
    from truenorth.schema_files import schema_dir

    digest = sha1()
    for path in sorted(schema_dir().glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _code_digest() -> str:
    """Digest of truenorth's own source files: a changed rule or loader (say, in a checkout being
    worked on, whose version number has not moved) must not be answered by an older report."""
    package = Path(__file__).resolve().parent
    digest = sha1()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()



@dataclass(slots=True)
class CheckCache:
    """The cache for one repository root. Open it with `CheckCache.open(root)`."""

    folder: Path
    root: Path
    goals_dir: str
    environment: str  # digest of version, schemas and settings: a different one invalidates everything
    stats: dict[str, tuple] = field(default_factory=dict)  # rel -> (size, mtime_ns, ctime_ns, inode, digest, view)
    recorded_at: float = 0.0  # when the stored run began reading files
    started: float = field(default_factory=time.time)  # when this run began
    report_key: str = ""
    report: Any = None
    playbook_dir: str = "playbook"
    # files whose chunk record is older than the run on record by their periods alone (period_edits.py):
    # rel -> (the rule view of its links entry, the periods of its goals now, in order, the view they make)
    period_overrides: dict[str, tuple] = field(default_factory=dict)
    generation: str = ""  # of the run record the last full check wrote (edits since are told from it)
    base_stats: dict[str, tuple] = field(default_factory=dict)  # its stats
    edited: tuple = ()  # the files whose state the edits recorded since then changed
    digests: dict[str, str] = field(default_factory=dict)  # this run: rel -> content digest
    key: str = ""  # this run's fingerprint, once computed
    _seen: dict[str, tuple] = field(default_factory=dict)  # rel -> (size, mtime_ns, ctime_ns, inode) this run
    _hashed: set | None = None  # the files this run's fingerprint read (the others are as recorded)
    _records: dict[str, tuple] = field(default_factory=dict)  # rel -> read_changed's answer, this run
    _writer: "ChunkWriter | None" = None

    @classmethod
    def open(cls, root: Path) -> "CheckCache | None":
        """The cache for `root`, or None when the settings cannot be read (the check will say why)."""
        try:
            section = settings_table(root)
        except (OSError, ConfigError):
            return None
        defaults = Config()
        goals_dir = section.get("goals_dir", defaults.goals_dir)
        playbook_dir = section.get("playbook_dir", defaults.playbook_dir)
        if not isinstance(goals_dir, str) or not isinstance(playbook_dir, str):
            return None  # the check itself will say why
        absolute = root.resolve()
        if not (absolute / goals_dir).is_dir():
            return None
        plays = playbook_plays(absolute / playbook_dir)
        plays = sorted(plays) if plays is not None else None
        import json  # only here: a check answered from the cache does not come this way

        environment = sha1(json.dumps(
            [FORMAT, __version__, _code_digest(), sys.version, _schemas_digest(), section, plays], sort_keys=True, default=str).encode()).hexdigest()
        folder = Path(cache_answer.cache_folder(str(absolute)))
        cache = cls(folder, absolute, goals_dir, environment)
        cache.playbook_dir = playbook_dir
        stored = cache_answer.read_run(str(folder))
        try:
            if stored["environment"] == environment and isinstance(stored["stats"], dict):
                cache._take_run(stored)
        except (TypeError, KeyError, ValueError):  # not a run record of ours: start afresh
            cache.stats, cache.report = {}, None
        return cache

    def _take_run(self, run: dict) -> None:
        """What the recorded run says: each file's state, when it was read, its report."""
        self.stats = run["stats"]
        self.recorded_at = run["recorded_at"]
        self.report_key = run["report_key"]
        summary, findings = run["report"]
        self.report = Report([decode_finding(f) for f in findings], Summary(*summary))
        self.period_overrides = dict(run.get("period_overrides") or {})
        self.generation = run.get("generation", "")
        self.base_stats = run.get("base_stats", {})
        self.edited = run.get("edited", ())

    @classmethod
    def from_walked(cls, walked: cache_answer.Walked) -> "CheckCache | None":
        """The cache as the console script's quick try found it (cache_answer.take_walked): the
        inputs of the recorded run unchanged, so its environment holds, and the files fingerprinted."""
        run = walked.run
        try:
            cache = cls(Path(walked.folder), Path(walked.root), run["goals_dir"], run["environment"])
            cache.playbook_dir = run["playbook_dir"]
            cache._take_run(run)
        except (TypeError, KeyError, ValueError):
            return None
        cache.started = min(cache.started, walked.started)  # the files were looked at then
        cache._seen.update(walked.seen)
        cache.digests, cache.key, cache._hashed = walked.digests, walked.key, set(walked.hashed)
        return cache

    # -- the nothing-changed path -------------------------------------------------------------
    def fingerprint(self) -> str:
        """Digest of every goals file's path and content (reading only files whose stat changed)."""
        digests, seen, key, hashed = cache_answer.fingerprint(str(self.root / self.goals_dir), self.stats,
                                                              self.recorded_at, self.environment)
        self._hashed = set(hashed)
        self._seen.update(seen)
        self.digests = digests
        self.key = key
        return key

    def list_files(self) -> list[str]:
        """The goals files, for a run with nothing on record: one walk that also notes each file's
        stat data for `save` (as `fingerprint` does), instead of a stat by path per file afterwards."""
        listing = cache_answer.goal_file_stats(str(self.root / self.goals_dir))
        self._seen.update((rel, signature) for rel, signature in listing if signature is not None)
        return [rel for rel, _ in listing]

    def key_for(self, digests: dict[str, str]) -> str:
        """The fingerprint of a run over files with these content digests (rel -> digest, in path order)."""
        return cache_answer.key_for(self.environment, digests)

    def cached_report(self) -> tuple[str, Any]:
        """(this run's fingerprint, the stored report if it was made for exactly these files, else None).

        With no stored report there is nothing to compare with, so no file is read ("" for the key).
        """
        if self.report is None:
            return "", None
        key = self.key or self.fingerprint()
        return key, (self.report if key == self.report_key else None)

    # -- per-file results ---------------------------------------------------------------------
    def stored_chunks(self) -> Iterator[tuple[bytes, bytes]]:
        """The per-file records of the last run, chunk by chunk: each (a marshalled list of
        (rel, digest, rule view, record), its links frame), see load/records.py. Streamed, so memory
        holds one chunk at a time."""
        try:
            with open(self.folder / "files.chunks", "rb") as handle:
                if _read_frame(handle) != self.environment.encode():
                    return
                while (chunk := _read_frame(handle)) is not None and (links := _read_frame(handle)) is not None:
                    yield chunk, links
        except OSError:
            return

    def stored_links(self) -> Iterator[bytes]:
        """The links frames alone (records.links_chunk), the chunks' records skipped unread: what
        period_edits.py reads, a fifth of the file."""
        try:
            with open(self.folder / "files.chunks", "rb") as handle:
                if _read_frame(handle) != self.environment.encode():
                    return
                while _skip_frame(handle) and (links := _read_frame(handle)) is not None:
                    yield links
        except OSError:
            return

    def chunk_writer(self) -> "ChunkWriter":
        """Where this run's chunks go; `save` puts the file in place (or drops it if nothing changed)."""
        if self._writer is not None:
            self._writer.finish(keep=False)
        self._writer = ChunkWriter(self.folder, self.environment.encode())
        return self._writer

    def save(self, loaded, key: str, report: Report) -> None:
        """Record this run: the files' digests (from a LoadResult), its chunks, and the report for `key`."""
        goals_path = self.root / self.goals_dir
        stats: dict[str, tuple] = {}
        views = loaded.views
        for rel, digest in loaded.digests.items():
            known = self._seen.get(rel)
            if known is None:  # not listed by this run's walk (it went and came back meanwhile)
                try:
                    known = cache_answer.signature(os.stat(goals_path / rel))
                except OSError:
                    continue
            stats[rel] = (*known, digest, views.get(rel, ""))
        if self._writer is not None:
            self._writer.finish(keep=loaded.chunks_changed)
            self._writer = None
        self.period_overrides = {}  # the chunks now hold every file as it is
        self._save_run(stats, key, report)

    def _save_run(self, stats: dict[str, tuple], key: str, report: Report, *, edits=None) -> None:
        """Write the run record; with `edits` (the only files whose state may differ from the last full
        check's record), as the edits since that record when they are few (run-edits: a few kilobytes
        instead of the whole record, two megabytes at 10,000 people)."""
        s = report.summary
        self.key = key
        fields = {
            "environment": self.environment, "recorded_at": self.started, "report_key": key,
            # h-firsthour: Summary gained standalone and skipped (defaults 0), encoded after the first five
            "report": ((s.files, s.goals, s.traced, s.errors, s.warnings, s.standalone, s.skipped),
                       [encode_finding(f) for f in report.findings]),
            # for cache_answer, which replays the printed answer without parsing the settings
            "inputs": cache_answer.inputs_digest(str(self.root), self.playbook_dir),
            "goals_dir": self.goals_dir, "playbook_dir": self.playbook_dir,
            "period_overrides": self.period_overrides,
        }
        if edits is not None and self.generation and stats.keys() == self.base_stats.keys():
            base = self.base_stats
            changed = {rel: stats[rel] for rel in sorted(edits) if stats[rel] != base[rel]}
            if len(changed) <= EDITS_LIMIT:
                if self._write("run-edits", {"base": self.generation, "fields": fields, "stats": changed}):
                    self.report_key, self.report = key, report
                return
        generation = os.urandom(8).hex()
        if self._write("run", {**fields, "stats": stats, "generation": generation}):
            self.report_key, self.report = key, report
            self.generation, self.base_stats = generation, stats
            try:  # edits to an older record (ignored anyway: theirs is another generation)
                os.unlink(self.folder / "run-edits.marshal")
            except OSError:
                pass

    def remember_answer(self, variant: str, output: str, code: int) -> None:
        """What `check` printed for this run's report, in one output variant, when that report is the one
        on record (cache_answer replays it for the same files)."""
        if not self.key or self.key != self.report_key:
            return
        answer = self._read("answer")
        if not isinstance(answer, dict) or answer.get("report_key") != self.report_key:
            answer = {"report_key": self.report_key, "outputs": {}}
        if answer["outputs"].get(variant) != (output, code):
            answer["outputs"][variant] = (output, code)
            self._write("answer", answer)

    # -- the path for edits no rule can see -----------------------------------------------------
    def report_after_unseen_edits(self, limit: int = UNSEEN_EDITS_LIMIT) -> Report | None:
        """The last report, when the files that changed since it changed only in what no rule reads.

        A progress update (a key result's current value, a health, a title or a description) leaves
        every finding as it was: see records.rule_view. Up to `limit` changed files are read again and
        their rule views compared with the recorded ones; the same set of files must be there. If all
        agree, the run is recorded and the report returned; otherwise None (and nothing is written),
        and the check loads the organisation as usual.
        """
        if self.report is None or not self.stats:
            return None
        if not self.key:
            self.fingerprint()
        stats = self.stats
        if self.digests.keys() != stats.keys():
            return None  # a file was added, removed or renamed
        changed = {rel for rel, digest in self.digests.items() if digest != stats[rel][4]}
        if not changed or len(changed) > limit:
            return None
        for rel in changed:
            digest, _, view = self.read_changed(rel)
            if digest != self.digests[rel] or not stats[rel][5] or view != stats[rel][5]:
                return None  # changed again since the fingerprint, or in what a rule reads
        # Every file with this run's stat data and digest; the rule views are those on record.
        self.record_edits({}, self.report)
        return self.report

    def read_changed(self, rel: str) -> tuple[str, tuple, str]:
        """(content digest, record, rule view digest) of a goals file that changed, parsed once in a run
        (the path above and period_edits.py both read it)."""
        found = self._records.get(rel)
        if found is None:
            from truenorth.load.organisation import read_record  # the parser: only when some file changed

            found = self._records[rel] = read_record(self.root / self.goals_dir, self.goals_dir, rel)
        return found

    def record_edits(self, views: dict[str, str], report: Report) -> None:
        """Record a run whose report was worked out from the last one (here, or in period_edits.py):
        every file with this run's stat data and digest, and the new rule views given (rel -> view)."""
        # only the files the fingerprint read can have another state (the others' is the recorded one)
        candidates = self.stats.keys() if self._hashed is None else (self._hashed | views.keys()) & self.stats.keys()
        updated = dict(self.stats)
        for rel in candidates:
            known = self.stats[rel]
            updated[rel] = (*self._seen.get(rel, known[:4]), self.digests[rel], views.get(rel, known[5]))
        self._save_run(updated, self.key, report, edits={*candidates, *self.edited})

    # -- storage ------------------------------------------------------------------------------
    def _read(self, name: str) -> Any:
        try:
            with open(self.folder / f"{name}.marshal", "rb") as handle:
                return marshal.loads(handle.read())  # (marshal.load reads a file piece by piece: slow)
        except (OSError, EOFError, ValueError, TypeError):  # missing, partial or foreign: not used
            return None

    def _write(self, name: str, value: Any) -> bool:
        """Write atomically (a temporary file renamed into place); a cache that cannot be written is
        skipped (False)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # a name of this process's own (as tempfile.mkstemp makes, without importing it and shutil)
            tmp = self.folder / f".{name}.{os.getpid()}.{time.monotonic_ns()}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(marshal.dumps(value))
                os.replace(tmp, self.folder / f"{name}.marshal")
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            return False
        return True


def _skip_frame(handle: BinaryIO) -> bool:
    head = handle.read(8)
    if len(head) < 8:
        return False
    handle.seek(int.from_bytes(head, "little"), os.SEEK_CUR)
    return True


def _read_frame(handle: BinaryIO) -> bytes | None:
    head = handle.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "little")
    if size > os.fstat(handle.fileno()).st_size - handle.tell():  # damaged: do not trust the length
        return None
    body = handle.read(size)
    return body if len(body) == size else None


class ChunkWriter:
    """Writes files.chunks as frames (8-byte length, then bytes) into a temporary file, renamed
    into place by `finish(keep=True)`; a writer that cannot write simply stops writing."""

    def __init__(self, folder: Path, header: bytes):
        self.folder = folder
        self.handle: BinaryIO | None = None
        self.tmp = ""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            import tempfile

            fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=".files.")
            self.handle = os.fdopen(fd, "wb")
            self._frame(header)
        except OSError:
            self._abandon()

    def add(self, chunk: bytes, links: bytes) -> None:
        """A chunk of records and its links frame (records.links_chunk), one after the other."""
        if self.handle is not None:
            self._frame(chunk)
        if self.handle is not None:
            self._frame(links)

    def _frame(self, data: bytes) -> None:
        try:
            self.handle.write(len(data).to_bytes(8, "little"))
            self.handle.write(data)
        except OSError:
            self._abandon()

    def finish(self, keep: bool) -> None:
        if self.handle is None:
            return
        try:
            self.handle.close()
            self.handle = None
            if keep:
                os.replace(self.tmp, self.folder / "files.chunks")
                return
        except OSError:
            pass
        self._abandon()

    def _abandon(self) -> None:
        if self.handle is not None:
            try:
                self.handle.close()
            except OSError:
                pass
            self.handle = None
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
