"""A cache keyed by file content, so that a check after a small edit re-reads only what changed.

Its files are kept in the user's cache folder (never in the repository, where a committed
cache file would be read by CI):

* the **run** file: the content digest of every goals file (with the size, modification and
  change times and inode it had, so an unchanged file need not be read again), the fingerprint of the last run and
  the id of its report. When the fingerprint of the files on disk, the settings, the playbook's plays,
  the schemas and truenorth's own version equals it, `truenorth check` prints those findings
  without loading anything: nothing changed, so nothing can have changed in the answer.
* the **report** file: the findings and summary of the report on record, with an id the run file names.
  Apart from the run file, so that a check reads it only when it uses the report (not when it replays
  the answer printed for it, nor when it carries it over to files changed in what no rule reads, which
  writes no report), and written before the run file that names it.
* edits **no rule can see**: when the only files that changed differ just in what no rule reads
  (a key result's current value, a health, a description: see `records.rule_view`, whose digest the run
  file keeps for every file), the report is reused too, after parsing only those files.
* the **run-edits** file: what a run that reused the report after edits (the path above, and
  period_edits.py) changed in the run file: the files whose state changed and the report's id, merged
  in when read (answer.read_run), so that such a run writes kilobytes, not the whole record.
* the **answer** file: what `check` printed for the report on record, per output format, with its
  exit code. The console script replays it through `answer.py`, which imports almost nothing,
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
unlike pickle it cannot carry code. Every file, and every frame of files.chunks, carries its length
and a checksum, checked (with a size cap) before it is decoded, and what it decodes to is checked for
its shape before use (answer.py describes this and the trust model: the folder must be the
user's own, made 0700). Anything unreadable, damaged, from another version of truenorth or of
Python, or for other settings, is ignored and rebuilt; temporary files left by a write that was
killed are removed when the cache is next opened.

The cache never changes an answer: a report is recorded under the digests of the bytes that were
parsed for it (`key_of`), never of bytes read earlier for the fingerprint, which an edit made
during the check (and later undone) may no longer match. This module imports no parser, validator
or graph library; answer.py and fingerprint.py, which the quick path uses, import none of this
module's dependencies either (the folder walk is the loader's: load/files.py).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import astuple, dataclass, field, fields as dataclass_fields
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, Iterator, NamedTuple

from truenorth import __version__
from truenorth.cache import fingerprint as prints
from truenorth.cache import answer
from truenorth.cache.fingerprint import DIGEST, FORMAT, RACY_SECONDS, SIGNATURE, VIEW  # noqa: F401 (the cache's own terms)
from truenorth.cache.records import links_chunk, rule_view
from truenorth.load import files
from truenorth.config import Config, ConfigError, playbook_plays, settings_table
from truenorth.load.digest import sha1
from truenorth.cache.edited_report import EditedReport
from truenorth.findings import Report, Summary
from truenorth.load.records import FRAGMENT_FIELDS, decode_finding, encode_finding
UNSEEN_EDITS_LIMIT = 50  # beyond that many changed files, the usual load is about as quick
EDITS_LIMIT = 2000  # files whose state changed since the last full record, beyond which it is written whole
STALE_SECONDS = 3600  # a temporary file this old is removed even if a process with its writer's id runs
UNREAD = (-1, -1, -1, -1)  # the signature recorded for a file whose parsed bytes were not the fingerprinted ones
_STATS_ENTRY = (int, int, int, int, str, str)  # the types of a stats entry (size, mtime, ctime, inode, digest, view)


def cache_root() -> Path:
    """$TRUENORTH_CACHE_DIR, else $XDG_CACHE_HOME/truenorth, else ~/.cache/truenorth."""
    return Path(answer.cache_root())


def _schemas_digest() -> str:
    from truenorth.load.schemas import schema_dir

    digest = sha1()
    for path in sorted(schema_dir().glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _ids_schema_digest(root: Path) -> str | None:
    """Digest of the repository's generated schemas/ids.schema.json (rule TN150 compares it with the
    organisation's ids), or None when there is none."""
    from truenorth.load.ids_schema import IDS_SCHEMA_PATH

    try:
        return sha1((root / IDS_SCHEMA_PATH).read_bytes()).hexdigest()
    except OSError:
        return None


def _code_digest() -> str:
    """Digest of truenorth's own source files: a changed rule or loader (say, in a checkout being
    worked on, whose version number has not moved) must not be answered by an older report."""
    package = Path(__file__).resolve().parent.parent  # truenorth/, of which this is cache/store.py
    digest = sha1()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class CachedReport(NamedTuple):
    """What CheckCache.cached_report finds: this run's fingerprint, and the stored report if it was made
    for exactly these files (else None)."""

    key: str
    report: Any


@dataclass(slots=True)
class CheckCache:
    """The cache for one repository root. Open it with `CheckCache.open(root)`."""

    # What the loader asks of files read before (load/organisation.py KnownFiles): module-level functions,
    # sent to its worker processes.
    view_of = staticmethod(rule_view)
    frame_of = staticmethod(links_chunk)

    folder: Path
    root: Path
    goals_dir: str
    environment: str  # digest of version, schemas and settings: a different one invalidates everything
    stats: dict[str, tuple] = field(default_factory=dict)  # rel -> (size, mtime_ns, ctime_ns, inode, digest, view)
    recorded_at: float = 0.0  # when the stored run began reading files
    started: float = field(default_factory=time.time)  # when this run began
    report_key: str = ""
    # the report on record (`report`): _UNREAD until its file is read (`_report_id` names it), _UNDECODED while
    # only its recorded form is read
    _report: Any = None
    _recorded: Any = None  # the report as its file holds it, (summary, findings), while it is the one on record
    _report_id: str = ""  # the report file's id that the run record names ("": none)
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
    _opened_key: str = ""  # the report key of the run record this run opened (_take_run)
    _carried: bool = False  # whether this run's edits no rule reads were recorded (carry_over_unseen_edits)
    _not_carried: int = -1  # the largest limit for which carry_over_unseen_edits found they could not be (-1: none)
    _carried_from: str = ""  # the report key whose report they carried over (answered_for)
    _inputs: str = ""  # the inputs digest this run found as recorded (from_walked: the environment's sources)

    @property
    def report(self) -> Report | None:
        """The report on record: the findings are decoded (and their shape checked) when first asked for,
        since a check after edits no rule reads prints what was printed for it, and need not look at them.
        None when there is none, or it is not of the shape this version writes."""
        if self._report is _UNREAD:
            self._read_report()
        if self._report is _UNDECODED:
            self._report = _decoded_report(self._recorded)
            if self._report is None:
                self._recorded = None
        return self._report

    @report.setter
    def report(self, value: Report | None) -> None:
        self._report, self._recorded = value, None

    def has_report(self) -> bool:
        """Whether a report is on record (without reading or decoding it: one whose file turns out damaged is
        None when asked for)."""
        return self._report is not None

    def _read_report(self) -> None:
        """The report file the run record names, its summary's shape checked (its findings' as they are used)."""
        stored = self._read("report")
        try:
            summary, findings = stored["report"]
            if (stored["id"] != self._report_id or type(summary) is not tuple or type(findings) is not list
                    or len(summary) != len(dataclass_fields(Summary)) or not all(type(n) is int for n in summary)):
                raise ValueError
        except (TypeError, KeyError, ValueError):
            self._report = self._recorded = None  # damaged, missing or of another run: no report on record
            return
        self._report, self._recorded = _UNDECODED, (summary, findings)

    def recorded_findings(self) -> tuple[Summary, list[tuple]] | None:
        """The report on record as (its summary, its findings encoded as records.encode_finding encodes
        them, sorted), their shape checked but not decoded (edited_report.py); None when there is none, or
        it is not of the shape this version writes."""
        if self._report is _UNREAD:
            self._read_report()
        if self._report is _UNDECODED:
            summary, findings = self._recorded
            if not _valid_findings(findings):
                self._report = self._recorded = None
                return None
            return Summary(*summary), findings
        if isinstance(self._report, EditedReport):
            return self._report.summary, self._report.encoded
        report = self.report
        return None if report is None else (report.summary, [encode_finding(f) for f in report.findings])

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
        if not files.folders_inside(str(absolute), goals_dir, playbook_dir):
            return None  # a link out of the repository (since the run on record?): the check refuses it
        plays = playbook_plays(absolute / playbook_dir)
        plays = sorted(plays) if plays is not None else None
        import json  # only here: a check answered from the cache does not come this way

        environment = sha1(json.dumps(
            [FORMAT, __version__, _code_digest(), sys.version, _schemas_digest(), section, plays, prints.today_inputs(),
             _ids_schema_digest(absolute)],
            sort_keys=True, default=str).encode()).hexdigest()
        folder = Path(answer.cache_folder(str(absolute)))
        if not answer.private_folder(str(folder)):
            print(f"truenorth: not using the cache in {folder.parent}: it is not yours alone "
                  "(another user owns it or may write in it)", file=sys.stderr)
            return None
        _remove_stale_temporaries(folder)
        cache = cls(folder, absolute, goals_dir, environment)
        cache.playbook_dir = playbook_dir
        stored = answer.read_run(str(folder))
        if stored is not None and stored["environment"] == environment and not cache._take_run(stored):
            cache.stats, cache.report = {}, None  # not a run record of ours: start afresh
        return cache

    def _take_run(self, run: dict) -> bool:
        """What the recorded run (answer.read_run, of a valid shape) says: each file's state, when
        it was read, its report. False, taking nothing, when an entry is not of the shape this writes."""
        try:
            stats, base_stats, edited = run["stats"], run["base_stats"], run["edited"]
            # (the stats are the base's with the edited files' entries put in: answer.read_run)
            if not (_valid_stats(base_stats) and all(type(rel) is str for rel in edited)
                    and (stats is base_stats or (type(stats) is dict and stats.keys() == base_stats.keys() | set(edited)
                                                 and _valid_stats({rel: stats[rel] for rel in edited})))
                    and all(type(rel) is str and type(o) is tuple and len(o) == 3 and type(o[0]) is str
                            and type(o[1]) is list and all(p is None or type(p) is str for p in o[1])
                            and type(o[2]) is str for rel, o in run["period_overrides"].items())):
                return False  # (the report's shape is checked as its file is read: `_read_report`)
        except (TypeError, KeyError, ValueError):
            return False
        self.stats = run["stats"]
        self.recorded_at = run["recorded_at"]
        self.report_key = self._opened_key = run["report_key"]
        self._report_id = run["report_id"]
        self._report, self._recorded = (_UNREAD if self._report_id else None), None
        self.period_overrides = dict(run["period_overrides"])
        self.generation = run["generation"]
        self.base_stats = run["base_stats"]
        self.edited = run["edited"]
        return True

    @classmethod
    def from_walked(cls, walked: answer.Walked) -> "CheckCache | None":
        """The cache as the quick look found it (answer.recorded_answer, through the facade's resume): the
        inputs of the recorded run unchanged, so its environment holds, and the files fingerprinted."""
        run = walked.run  # (of a valid shape, in a private folder: answer.read_run, recorded_answer)
        cache = cls(Path(walked.folder), Path(walked.root), run["goals_dir"], run["environment"])
        cache.playbook_dir = run["playbook_dir"]
        if not cache._take_run(run):
            return None
        _remove_stale_temporaries(cache.folder)  # (a file changed: this run writes, and may tidy up first)
        cache.started = min(cache.started, walked.started)  # the files were looked at then
        cache._seen.update(walked.seen)
        cache._inputs = run["inputs"]  # (recorded_answer found them so, as this run began)
        cache.digests, cache.key, cache._hashed = walked.digests, walked.key, set(walked.hashed)
        return cache

    # -- the nothing-changed path -------------------------------------------------------------
    def fingerprint(self) -> str:
        """Digest of every goals file's path and content (reading only files whose stat changed)."""
        digests, seen, key, hashed = prints.fingerprint(str(self.root / self.goals_dir), self.stats,
                                                              self.recorded_at, self.environment)
        self._hashed = set(hashed)
        self._seen.update(seen)
        self.digests = digests
        self.key = key
        return key

    def list_files(self) -> list[tuple[str, tuple | str | None]]:
        """The goals files with their states (files.goal_file_stats), for a run with nothing on
        record: one walk that also notes each file's stat data for `save` (as `fingerprint` does),
        instead of a stat by path per file afterwards."""
        listing = files.goal_file_stats(str(self.root / self.goals_dir))
        self._seen.update((rel, signature) for rel, signature in listing if signature.__class__ is tuple)
        return listing

    def key_for(self, digests: dict[str, str]) -> str:
        """The fingerprint of a run over files with these content digests (rel -> digest, in path order)."""
        return prints.key_for(self.environment, digests)

    def key_of(self, loaded) -> str:
        """The fingerprint of what a load (a LoadResult) parsed: this run's fingerprint when the load read
        the very bytes it was made of, else that of the digests of the bytes the load read (a file edited
        between the two: its report must not be recorded for the fingerprinted files)."""
        if self.key and loaded.digests == self.digests:
            return self.key
        return self.key_for(loaded.digests)

    def cached_report(self) -> CachedReport:
        """(this run's fingerprint, the stored report if it was made for exactly these files, else None).

        With no stored report there is nothing to compare with, so no file is read ("" for the key).
        """
        if not self.has_report():
            return CachedReport("", None)
        key = self.key or self.fingerprint()
        return CachedReport(key, self.report if key == self.report_key else None)

    # -- per-file results ---------------------------------------------------------------------
    def stored_chunks(self) -> Iterator[tuple[list | None, bytes, bytes]]:
        """The per-file records of the last run, chunk by chunk: each (its list of (rel, digest, rule view,
        record), the chunk's bytes, its links frame), see load/records.py; the list is None for a chunk
        that is damaged (then nothing more is read). Streamed, so memory holds one chunk at a time."""
        try:
            with open(self.folder / "files.chunks", "rb") as handle:
                end = os.fstat(handle.fileno()).st_size
                if not _opens_chunks(handle, end, self.environment):
                    return
                while handle.tell() < end:
                    chunk = answer.read_frame(handle, end)
                    links = answer.read_frame(handle, end) if chunk is not None else None
                    items = _chunk_items(chunk) if links is not None else None
                    if items is None:
                        yield None, b"", b""
                        return
                    yield items, chunk, links
        except OSError:
            return

    def stored_links(self, deep: bool = True) -> Iterator[tuple | None]:
        """The links frames alone (records.links_chunk), decoded, the chunks' records skipped unread: what
        period_edits.py reads, a fifth of the file. None for a damaged one (then nothing more is read).
        With `deep` False, each goal's links are not checked: the caller checks (`valid_links`) the
        frames it reads them from (a few of them), not every frame (half of their decoding time)."""
        try:
            with open(self.folder / "files.chunks", "rb") as handle:
                end = os.fstat(handle.fileno()).st_size
                if not _opens_chunks(handle, end, self.environment):
                    return
                while handle.tell() < end:
                    links = answer.read_frame(handle, end) if answer.skip_frame(handle, end) else None
                    frame = _links_frame(links, deep) if links is not None else None
                    yield frame
                    if frame is None:
                        return
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
        fingerprinted = self.digests
        for rel, digest in loaded.digests.items():
            known = self._seen.get(rel)
            if fingerprinted.get(rel, digest) != digest:
                known = UNREAD  # changed between the fingerprint and the parse: read again next time
            elif known is None:  # not listed by this run's walk (it went and came back meanwhile)
                try:
                    known = files.signature(os.stat(goals_path / rel))
                except OSError:
                    continue
            stats[rel] = (*known, digest, views.get(rel, ""))
        self.digests = loaded.digests
        if self._writer is not None:
            self._writer.finish(keep=loaded.chunks_changed)
            self._writer = None
        self.period_overrides = {}  # the chunks now hold every file as it is
        self._save_run(stats, key, report)

    def _save_run(self, stats: dict[str, tuple], key: str, report: Report, *, edits=None) -> None:
        """Write the run record; with `edits` (the only files whose state may differ from the last full
        check's record), as the edits since that record when they are few (run-edits: a few kilobytes
        instead of the whole record, two megabytes at 10,000 people)."""
        self.key = key
        if report is self._report and self._report_id:  # the report on record (read or not): its file stays
            report_id = self._report_id
        else:  # a new report: its file first, so that no run record names a report file not yet written
            if isinstance(report, EditedReport):  # one made from the report on record, its findings still encoded
                recorded = (astuple(report.summary), report.encoded)
            else:
                recorded = (astuple(report.summary), [encode_finding(f) for f in report.findings])
            report_id = os.urandom(8).hex()
            if not self._write("report", {"id": report_id, "report": recorded}):
                return
        fields = {
            "environment": self.environment, "recorded_at": self.started, "report_key": key,
            "report_id": report_id,
            # for answer.py, which replays the printed answer without parsing the settings
            "inputs": self._inputs or prints.inputs_digest(str(self.root), self.playbook_dir),
            "goals_dir": self.goals_dir, "playbook_dir": self.playbook_dir,
            "period_overrides": self.period_overrides,
        }
        if edits is not None and self.generation and stats.keys() == self.base_stats.keys():
            base = self.base_stats
            changed = {rel: stats[rel] for rel in sorted(edits) if stats[rel] != base[rel]}
            if len(changed) <= EDITS_LIMIT:
                if self._write("run-edits", {"base": self.generation, "fields": fields, "stats": changed}):
                    self._now_on_record(key, report, report_id)
                return
        generation = os.urandom(8).hex()
        if self._write("run", {**fields, "stats": stats, "generation": generation}):
            self._now_on_record(key, report, report_id)
            self.generation, self.base_stats = generation, stats
            try:  # edits to an older record (ignored anyway: theirs is another generation)
                os.unlink(self.folder / "run-edits.marshal")
            except OSError:
                pass

    def _now_on_record(self, key: str, report: Report, report_id: str) -> None:
        if report is not self._report:
            self.report = report
        self.report_key, self._report_id = key, report_id

    def answered_for(self, variant: str) -> tuple[str, int] | None:
        """After edits no rule reads (`report_after_unseen_edits`), which carried the report on record over
        as it was: the (output, exit code) a check printed for that very report in this output variant,
        if one did; every output recorded for it is kept for the new files (the report is the same)."""
        if not self._carried_from or not self.key or self.key != self.report_key:
            return None
        answer = self._read("answer")
        try:
            if answer["report_key"] != self._carried_from:
                return None
            outputs = answer["outputs"]
            text, code = outputs[variant]
        except (TypeError, KeyError, ValueError):
            return None
        if not isinstance(text, str) or code not in (0, 1) or type(outputs) is not dict:
            return None
        self._write("answer", {"report_key": self.report_key, "outputs": outputs})
        return text, code

    def printed_before(self, variant: str) -> str | None:
        """The output a check printed in this variant for the report of the run record this run opened (the
        one an EditedReport was made from), if one did; else None."""
        if not self._opened_key:
            return None
        answer = self._read("answer")
        try:
            if answer["report_key"] != self._opened_key:
                return None
            text, code = answer["outputs"][variant]
        except (TypeError, KeyError, ValueError):
            return None
        return text if isinstance(text, str) and code in (0, 1) else None

    def remember_answer(self, variant: str, output: str, code: int) -> None:
        """What `check` printed for this run's report, in one output variant, when that report is the one
        on record (answer.py replays it for the same files)."""
        if not self.key or self.key != self.report_key:
            return
        # The answers on record are for the report of the run record this run opened, if any: one this run
        # recorded itself has none yet (so the outputs recorded for the last report, megabytes at 10,000
        # people, are not read only to be replaced).
        answer = self._read("answer") if self.report_key == self._opened_key else None
        if (not isinstance(answer, dict) or answer.get("report_key") != self.report_key
                or not isinstance(answer.get("outputs"), dict)):
            answer = {"report_key": self.report_key, "outputs": {}}
        if answer["outputs"].get(variant) != (output, code):
            answer["outputs"][variant] = (output, code)
            if self._write("answer", answer):
                self._opened_key = self.report_key  # (another output of this report, later in this run, adds to it)

    # -- the path for edits no rule can see -----------------------------------------------------
    def report_after_unseen_edits(self, limit: int = UNSEEN_EDITS_LIMIT) -> Report | None:
        """The last report, when the files that changed since it changed only in what no rule reads.

        A progress update (a key result's current value, a health or a goal's description) leaves
        every finding as it was: see records.rule_view. Up to `limit` changed files are read again and
        their rule views compared with the recorded ones; the same set of files must be there. If all
        agree, the run is recorded and the report returned; otherwise None (and nothing is written),
        and the check loads the organisation as usual.
        """
        return self.report if self.carry_over_unseen_edits(limit) else None

    def carry_over_unseen_edits(self, limit: int = UNSEEN_EDITS_LIMIT) -> bool:
        """`report_after_unseen_edits` short of decoding the report: whether it stands for the files as they
        are (then recorded for them, once in a run), the report left as the run record holds it."""
        if self._carried:
            return True
        if limit <= self._not_carried:  # asked already in this run (the period path asks after the answer path)
            return False
        if not self._can_carry_over(limit):
            self._not_carried = limit
            return False
        # Every file with this run's stat data and digest; the rule views are those on record.
        carried_from = self.report_key
        self.record_edits({}, self._report)  # (as recorded: not decoded for this)
        self._carried = True
        if self.report_key == self.key:
            self._carried_from = carried_from
        return True

    def _can_carry_over(self, limit: int) -> bool:
        """Whether this run's edits, `limit` files at most, change nothing a rule reads (carry_over_unseen_edits)."""
        if not self.has_report() or not self.stats:
            return False
        if not self.key:
            self.fingerprint()
        stats = self.stats
        if self.digests.keys() != stats.keys():
            return False  # a file was added, removed or renamed
        changed = self.changed_files()
        if not changed or len(changed) > limit:
            return False
        for rel in changed:
            digest, _, view = self.read_changed(rel)
            if digest != self.digests[rel] or not stats[rel][VIEW] or view != stats[rel][VIEW]:
                return False  # changed again since the fingerprint, or in what a rule reads
        return True

    def changed_files(self) -> list[str]:
        """The files on record whose content this run's fingerprint found changed, by path. Only the files it
        read can have (every other file's digest is the recorded one), so only those are compared."""
        if not self.key:
            self.fingerprint()
        stats, digests = self.stats, self.digests
        candidates = digests.keys() if self._hashed is None else self._hashed
        return sorted(rel for rel in candidates if rel in stats and digests[rel] != stats[rel][DIGEST])

    def read_changed(self, rel: str) -> tuple[str, tuple, str]:
        """(content digest, record, rule view digest) of a goals file that changed, parsed once in a run
        (the path above and period_edits.py both read it)."""
        found = self._records.get(rel)
        if found is None:
            from truenorth.cache.records import read_record  # the parser: only when some file changed

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
            updated[rel] = (*self._seen.get(rel, known[SIGNATURE]), self.digests[rel], views.get(rel, known[VIEW]))
        self._save_run(updated, self.key, report, edits={*candidates, *self.edited})

    # -- storage ------------------------------------------------------------------------------
    def _read(self, name: str) -> Any:
        return answer.read(str(self.folder), name)  # missing, partial, damaged or foreign: None

    def _write(self, name: str, value: Any) -> bool:
        """Write atomically (a temporary file renamed into place); a cache that cannot be written is
        skipped (False)."""
        try:
            tmp = _temporary(self.folder, name)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.writelines(answer.packed(value))
                os.replace(tmp, self.folder / f"{name}.marshal")
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            return False
        return True


_UNDECODED = object()  # CheckCache._report while the report on record is read but not decoded
_UNREAD = object()  # CheckCache._report while the report file the run record names is not yet read


def _decoded_report(recorded) -> Report | None:
    """A run record's report, (summary, findings) whose summary has been checked (`_take_run`), decoded;
    None when a finding is not of the shape this version writes."""
    summary, findings = recorded
    try:
        if not _valid_findings(findings):
            return None
        return Report([decode_finding(f) for f in findings], Summary(*summary))
    except (TypeError, KeyError, ValueError):
        return None


def _valid_stats(stats) -> bool:
    """Whether every entry of a run's stats is (size, mtime_ns, ctime_ns, inode, digest, view) by a path.
    (Column by column, in C: a few milliseconds at 10,000 files.)"""
    if type(stats) is not dict or not _all_of(stats, str):
        return False
    entries = stats.values()
    if not entries:
        return True
    if not _all_of(entries, tuple) or set(map(len, entries)) != {len(_STATS_ENTRY)}:
        return False
    return all(_all_of(map(itemgetter(n), entries), kind) for n, kind in enumerate(_STATS_ENTRY))


def _all_of(values, *kinds) -> bool:
    """Whether every one of the values is of one of these exact types (none counts too)."""
    return set(map(type, values)).issubset(kinds)


def _valid_findings(findings: list) -> bool:
    """Whether every recorded finding (records.encode_finding) has the types decode_finding makes one of: a
    tuple of seven, text for its code, name, message and hint, a location and a list of related ones. Column
    by column, in C (a pass of `map` per column, no column copied out: 170,000 findings at 100,000 people)."""
    if not findings:
        return True
    if not _all_of(findings, tuple) or set(map(len, findings)) != {7}:
        return False
    return (all(_all_of(map(itemgetter(column), findings), str) for column in (0, 1, 3, 5))  # code, name, message, hint
            and _all_of(map(itemgetter(6), findings), list)  # the related places
            and _valid_locations(list(map(itemgetter(4), findings)))
            and _valid_locations(list(chain.from_iterable(map(itemgetter(6), findings)))))


def _valid_locations(locations: list) -> bool:
    """Whether every one passes `_valid_location` (those of three parts, the usual, column by column)."""
    if not _all_of(locations, tuple):
        return False
    if not locations:
        return True
    if set(map(len, locations)) != {3}:
        return all(map(_valid_location, locations))
    return (_all_of(map(itemgetter(0), locations), str) and _all_of(map(itemgetter(1), locations), int)
            and _all_of(map(itemgetter(2), locations), int))


def _valid_location(location) -> bool:
    return (type(location) is tuple and 1 <= len(location) <= 3 and type(location[0]) is str
            and all(type(n) is int for n in location[1:]))


def _opens_chunks(handle: BinaryIO, end: int, environment: str) -> bool:
    """Whether files.chunks is of this format and for this environment (its first frame)."""
    return handle.read(len(answer.MAGIC)) == answer.MAGIC and \
        answer.read_frame(handle, end) == environment.encode()


def _chunk_items(chunk: bytes | None) -> list | None:
    """A chunk's list of (rel, digest, rule view, record), or None when it is not of that shape: each file's
    record (records.encode_file) to the depth of its parts; within its fragment (the goals' fields) the
    frame's checksum is what guards it (see answer.py). Column by column, in C where it can be."""
    items = None if chunk is None else answer.loads(chunk)
    if type(items) is not list:
        return None
    if not items:
        return items
    if not _all_of(items, tuple) or set(map(len, items)) != {4}:
        return None
    rels, digests, views, records = zip(*items)
    if not (_all_of(rels, str) and _all_of(digests, str) and _all_of(views, str) and _all_of(records, tuple)
            and set(map(len, records)) == {5}):
        return None
    kinds, fragments, findings, invalid, dropped = zip(*records)
    if not (_all_of(kinds, str, type(None)) and _all_of(fragments, tuple, type(None))
            and all(len(f) == FRAGMENT_FIELDS for f in fragments if f is not None)
            and _all_of(findings, list) and _valid_findings(list(chain.from_iterable(findings)))
            and _all_of(invalid, list) and _all_of(dropped, list)
            and _all_of(chain.from_iterable(invalid), str) and _all_of(chain.from_iterable(dropped), str)):
        return None
    return items


def _links_frame(data: bytes, deep: bool = True) -> tuple | None:
    """A links frame (records.links_chunk) decoded, or None when it is not of that shape: the counts
    agree with the lists, and the ids, periods and link targets are what period_edits.py expects;
    with `deep`, each goal's links too (valid_links)."""
    frame = answer.loads(data)
    try:
        rels, views, counts, ids, periods, links, targets = frame
        if not all(type(part) is tuple for part in frame):
            return None
        if not (_all_of(counts, int) and min(counts, default=0) >= -1 and _all_of(links, tuple)
                and len(rels) == len(views) == len(counts)
                and len(ids) == len(periods) == len(links) == sum(n for n in counts if n > 0)
                and _all_of(rels, str) and _all_of(views, str) and _all_of(ids, str) and _all_of(targets, str)
                and _all_of(periods, str, type(None))):
            return None
    except (TypeError, ValueError):
        return None
    return frame if not deep or valid_links(frame) else None


def valid_links(frame: tuple) -> bool:
    """Whether each goal's links in a links frame (one checked by stored_links) are (target, line,
    column, ...) triples, the targets text and the lines and columns whole numbers."""
    links = frame[5]
    if any(n % 3 for n in set(map(len, links))):
        return False
    flat = tuple(chain.from_iterable(links))  # each goal's (target, line, column, ...), one after another
    if not (_all_of(flat, str, int) and _all_of(flat[::3], str)):
        return False
    try:
        sum(flat[1::3]) + sum(flat[2::3])  # (a TypeError for a text among the lines and columns)
    except TypeError:
        return False
    return True


def _temporary(folder: Path, name: str) -> Path:
    """A new temporary file's path in the cache folder (made private if need be): `.NAME.PID.NS`, a name
    of this process's own (as tempfile.mkstemp makes, without importing it and shutil), which tells
    `_remove_stale_temporaries` whose it is."""
    _make_private_folder(folder)
    return folder / f".{name}.{os.getpid()}.{time.monotonic_ns()}"


def _make_private_folder(folder: Path) -> None:
    """The cache root and this folder, made 0700 (their parents, such as ~/.cache, as any program makes
    them). Raises OSError when they cannot be made, or are not the user's own (answer.private_folder)."""
    folder.parent.parent.mkdir(parents=True, exist_ok=True)
    for path in (folder.parent, folder):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
    if not answer.private_folder(str(folder)):
        raise PermissionError(f"{folder} is not private")
    for path in (folder.parent, folder):
        if path.stat().st_mode & 0o077:  # made by an older truenorth, or under another umask
            path.chmod(0o700)


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files (`.NAME.PID.NS`, see _temporary) of writes that were killed: their
    process is gone, or they are older than STALE_SECONDS; anything else hidden there after a minute."""
    try:
        names = [name for name in os.listdir(folder) if name.startswith(".")]
    except OSError:
        return
    now = time.time()
    for name in names:
        path = folder / name
        try:
            age = now - path.lstat().st_mtime
            parts = name.split(".")
            pid = int(parts[-2]) if len(parts) >= 4 and parts[-2].isdigit() and parts[-1].isdigit() else None
            if age > STALE_SECONDS or (pid is None and age > 60) or (pid is not None and not _running(pid)):
                path.unlink()
        except OSError:
            continue


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) would stop it there; the age rule serves
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (or not ours to ask about): it is there
        return True
    return True


class ChunkWriter:
    """Writes files.chunks (the format's magic, then frames: 8-byte length, CRC-32, bytes:
    answer.read_frame) into a temporary file, renamed into place by `finish(keep=True)`;
    a writer that cannot write simply stops writing."""

    def __init__(self, folder: Path, header: bytes):
        self.folder = folder
        self.handle: BinaryIO | None = None
        self.tmp = ""
        try:
            tmp = _temporary(folder, "files")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self.tmp = str(tmp)
            self.handle = os.fdopen(fd, "wb")
            self.handle.write(answer.MAGIC)
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
            self.handle.write(answer.frame_head(data))
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
