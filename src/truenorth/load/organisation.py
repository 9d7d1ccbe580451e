"""files -> documents (YAML with locations) -> schema check -> model.

`load_organisation` never raises for bad content: every problem becomes a
finding with its file, line and column, and what is sound is still loaded.
"""

from __future__ import annotations

import marshal
import os
import threading
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, Protocol

from truenorth.findings import Finding
from truenorth.load import files, layout
from truenorth.load.build import Builder, Duplicate, Fragment, read_fragment, withheld_fragment
from truenorth.load.suppressions import MARKER, attach_suppressions
from truenorth.load.files import content_digest
from truenorth.load.records import FileRecord, decode_file, encode_file
from truenorth.load.schema import validate
from truenorth.load.yaml_nodes import Document, YamlProblem, decode, parse
from truenorth.model import Location, Organisation
from truenorth.load.problems import PROBLEMS

MAX_FILE_BYTES = files.MAX_FILE_BYTES  # refused by its size, before it is read (files.read_goal_file)
PARALLEL_MIN_FILES = 1000  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 250  # files per task handed to a worker

ProgressCallback = Callable[[int], None]

# The order in which kinds are merged: the vision first, so goals that reuse its id are caught
# whatever the file order, then what goals refer to.
MERGE_ORDER = ("vision", "metrics", "corporate", "department", "person")


class ChunkSink(Protocol):
    def add(self, chunk: bytes, extra: bytes) -> None: ...


class KnownFiles(Protocol):
    """What the loader takes from files read before (the check's cache, truenorth.cache, is one): the
    loader imports nothing of it. `digests` and `key` are set when it has fingerprinted the folder
    (then its listing is used: no second walk); `stored_chunks` gives the records of earlier runs,
    chunk by chunk ((rel, digest, view, record) items, None when damaged), and `chunk_writer` takes this
    run's chunks, each with `frame_of(items)`. `view_of(record)` digests what the rules read of a file.
    Both are module-level functions: worker processes are sent them."""

    key: str
    digests: dict[str, str]

    def list_files(self) -> list[tuple[str, tuple | str | None]]: ...

    def stored_chunks(self) -> Iterator[tuple[list | None, bytes, bytes]]: ...

    def chunk_writer(self) -> ChunkSink: ...

    def view_of(self, record: FileRecord) -> str: ...

    def frame_of(self, items: list) -> bytes: ...


@dataclass(slots=True)
class LoadResult:
    org: Organisation
    findings: list[Finding] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    invalid_goal_ids: set[str] = field(default_factory=set)  # goals left out for schema errors
    people_with_dropped_goals: set[str] = field(default_factory=set)  # their goals were left out, not missing
    files: int = 0
    parsed: int = 0  # files actually read and parsed (the others came from the cache)
    digests: dict[str, str] = field(default_factory=dict)  # rel -> content digest of what was loaded
    views: dict[str, str] = field(default_factory=dict)  # rel -> digest of its rule view (KnownFiles.view_of)
    chunks_changed: bool = False  # whether the cache's per-file records need writing again


@dataclass(slots=True)
class FileResult:
    """What reading one file produced, without looking at any other file: cacheable, picklable."""

    kind: str | None
    fragment: Fragment | None = None
    findings: list[Finding] = field(default_factory=list)
    invalid_goal_ids: set[str] = field(default_factory=set)
    people_with_dropped_goals: set[str] = field(default_factory=set)


def _problem(code: str, message: str, where: Location, hint: str = "") -> Finding:
    rule = PROBLEMS[code]
    return Finding(code, rule.name, rule.severity, message, where, hint or rule.hint)


def default_jobs() -> int:
    """Worker processes for a large folder: one per CPU this process may use, at most 8, or as
    many as the environment variable TRUENORTH_JOBS says (1: everything in one process)."""
    setting = os.environ.get("TRUENORTH_JOBS", "").strip()
    if setting.isdigit() and int(setting) >= 1:
        return min(int(setting), 64)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def load_organisation(root: Path, goals_dir: str = "goals", progress: ProgressCallback | None = None,
                      cache: KnownFiles | None = None, jobs: int | None = None,
                      while_parsing: Callable[[], None] | None = None) -> LoadResult:
    """Load every file under `root/goals_dir`. Raises FileNotFoundError if that folder is missing, OSError
    if it cannot be read (what cannot be read inside it, or is refused, becomes findings).

    With a `cache` (KnownFiles), files whose content is unchanged are not parsed again. Large folders are
    parsed by `jobs` worker processes (default: one per CPU); the result does not depend on it.
    `while_parsing` is called once, while the workers are busy (or first, when there are none).
    """
    goals_path = root / goals_dir
    if not goals_path.is_dir():
        raise FileNotFoundError(f"no goals folder at {goals_path}")
    # The cache's fingerprint has just listed the files (in the same order): no second walk of the folder.
    # What the walk refused (files.goal_file_stats) has its problem for state, or for digest.
    if cache is not None and cache.key:
        rels, states = list(cache.digests), cache.digests
    else:
        listing = (files.goal_file_stats(str(goals_path), with_stats=False) if cache is None
                   else cache.list_files())
        rels, states = [rel for rel, _ in listing], dict(listing)
    results: dict[str, FileResult] = {}
    digests: dict[str, str] = {}
    views: dict[str, str] = {}
    # For the cache: chunks (marshalled lists of (rel, digest, rule view, record), a few hundred files each,
    # each with its extra frame: cache.frame_of) go straight to its file as they come, so a large
    # organisation's records are never all in memory.
    keep = cache.chunk_writer() if cache is not None else None
    loose: list[tuple[str, str, str, FileRecord]] = []  # records still to be put into chunks
    try:
        broken = False
        for items, chunk, links in cache.stored_chunks() if cache is not None else []:
            if items is None:  # damaged: not used (cache.stored_chunks checks each frame before decoding it)
                broken = True
                continue
            try:
                usable = [(rel, digest, view, record, decode_file(record)) for rel, digest, view, record in items
                          if rel not in results and cache.digests.get(rel) == digest]
            except Exception:  # noqa: BLE001 - a damaged cache entry is not used, whatever is wrong with it
                broken = True
                continue
            for rel, digest, view, _record, result in usable:
                results[rel] = result
                digests[rel] = digest
                views[rel] = view
            if len(usable) == len(items):
                keep.add(chunk, links)  # every file in it is unchanged: keep it as it is
            else:
                broken = True  # a file changed, moved or went: the others' records are re-chunked
                loose.extend((rel, digest, view, record) for rel, digest, view, record, _ in usable)
        if progress is not None and results:
            progress(len(results))
        to_parse = [rel for rel in rels if rel not in results]
        refused = [(rel, states[rel]) for rel in to_parse if files.problem_of(states[rel])]
        if refused:
            to_parse = [rel for rel in to_parse if not files.problem_of(states[rel])]
        for rel, digest, view, result, frames in chain(_refusals(refused, goals_dir, progress),
                                                       _read_files(goals_path, goals_dir, to_parse, progress, jobs,
                                                                   while_parsing, cache)):
            results[rel] = result
            digests[rel] = digest
            if keep is not None:
                if frames is None:  # read in this process: no record yet
                    record = encode_file(result)
                    view = cache.view_of(record)
                    loose.append((rel, digest, view, record))
                elif frames:  # a worker's chunk and its links frame, complete with its last file
                    keep.add(*frames)
                views[rel] = view
        for start in range(0, len(loose), CHUNK_FILES):
            part = loose[start:start + CHUNK_FILES]
            keep.add(marshal.dumps(part), cache.frame_of(part))
    except BaseException:
        if keep is not None:
            keep.finish(keep=False)
        raise
    loaded = merge(results, rels, goals_dir)
    loaded.parsed = len(to_parse)
    loaded.digests = {rel: digests[rel] for rel in rels}  # in path order, as the cache's key wants them
    loaded.views = views
    if cache is not None:
        loaded.chunks_changed = bool(to_parse) or broken
    return loaded


def merge(results: dict[str, FileResult], rels: list[str], goals_dir: str) -> LoadResult:
    """Assemble the organisation from each file's result, in a fixed order (first of two equal ids wins)."""
    builder = Builder()
    loaded = LoadResult(builder.org, files=len(rels))
    by_kind: dict[str, list[Fragment]] = {}
    for rel in rels:
        result = results[rel]
        loaded.findings.extend(result.findings)
        loaded.invalid_goal_ids |= result.invalid_goal_ids
        loaded.people_with_dropped_goals |= result.people_with_dropped_goals
        if result.fragment is not None:
            by_kind.setdefault(result.kind, []).append(result.fragment)
    for kind in MERGE_ORDER:
        for fragment in by_kind.get(kind, ()):
            builder.add(fragment)
    if builder.org.vision is None and "vision" not in by_kind:
        loaded.findings.append(_problem("TN010", "there is no customer vision: goals/vision.yaml is missing",
                                        Location(f"{goals_dir}/vision.yaml", 1, 1)))
    loaded.duplicates = builder.duplicates
    loaded.people_with_dropped_goals |= {d.person for d in builder.duplicates if d.person}
    return loaded


def _read_files(goals_path: Path, goals_dir: str, rels: list[str], progress: ProgressCallback | None,
                jobs: int | None, while_parsing: Callable[[], None] | None = None, known: KnownFiles | None = None):
    """Yield (rel, content digest, rule view or None, result, frames or None) for each file, in order.

    Many files are read by worker processes, which send back a chunk: the records (plain tuples,
    see records.py) of a few hundred files, marshalled, and (for `known`) its extra frame. The last file of each
    chunk carries both, (chunk, links) (the others carry ()), so the cache can keep them as they
    came. Few files are read here: None.
    """
    jobs = default_jobs() if jobs is None else jobs
    if len(rels) >= PARALLEL_MIN_FILES:
        files.digest_many()  # in this process, or in the workers it forks
    if jobs <= 1 or len(rels) < PARALLEL_MIN_FILES or not can_fork():
        if while_parsing is not None:
            while_parsing()
        for rel in rels:
            digest, result = _read_one(goals_path, goals_dir, rel)
            yield rel, digest, None, result, None
            if progress is not None:
                progress(1)
        return
    views = (known.view_of, known.frame_of) if known is not None else None  # (functions: sent to the workers)
    tasks = [(goals_path, goals_dir, rels[i:i + CHUNK_FILES], views) for i in range(0, len(rels), CHUNK_FILES)]
    # fork: workers start at once with everything already imported (and no re-import of __main__).
    from concurrent.futures import ProcessPoolExecutor  # only for large folders: a small check never pays for it
    from multiprocessing import get_context

    from truenorth import processes  # workers die with this process, however it ends (see there)

    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"),
                             initializer=processes.child_started, initargs=(os.getpid(),)) as pool:
        token = processes.started(lambda: processes.kill_pool(pool))
        try:
            with processes.forking():  # the workers are forked by the first task's submission
                done = pool.map(_read_chunk, tasks)  # submits every task now
            if while_parsing is not None:
                while_parsing()
            for chunk, links in done:
                items = marshal.loads(chunk)
                for n, (rel, digest, view, record) in enumerate(items, 1):
                    yield rel, digest, view, decode_file(record), (chunk, links) if n == len(items) else ()
                if progress is not None:
                    progress(len(items))
        except BaseException:  # stopped, failed or abandoned: the workers go now, their queued tasks unrun
            processes.kill_pool(pool)
            raise
        finally:
            processes.ended(token)


def can_fork() -> bool:
    """Worker processes are forked, so only from a process with one thread (the CLI; not, say,
    `mkdocs serve`, whose rebuilds run beside its server threads: a fork copies their held locks)."""
    from multiprocessing import get_all_start_methods

    return "fork" in get_all_start_methods() and threading.active_count() == 1


def _read_chunk(task: tuple) -> tuple[bytes, bytes]:
    goals_path, goals_dir, rels, views = task
    view_of, frame_of = views if views is not None else (None, None)
    out = []
    for rel in rels:
        digest, result = _read_one(goals_path, goals_dir, rel)
        record = encode_file(result)
        out.append((rel, digest, view_of(record) if view_of is not None else "", record))
    return marshal.dumps(out), frame_of(out) if frame_of is not None else b""


def _refusals(refused: list[tuple[str, str]], goals_dir: str, progress: ProgressCallback | None):
    """What the walk refused, as _read_files yields it: each with its finding, nothing opened."""
    for rel, state in refused:
        yield rel, state, None, _refused(state, f"{goals_dir}/{rel}"), None
        if progress is not None:
            progress(1)


def _refused(state: str, shown: str) -> FileResult:
    code, message, hint = files.problem_of(state)
    return FileResult(None, findings=[_problem(code, message, Location(shown), hint)])


def _read_one(goals_path: Path, goals_dir: str, rel: str) -> tuple[str, FileResult]:
    """(content digest, result) of one file. Never blocks on a pipe, never reads a file over the size
    limit (refused by its size) nor through a link out of the goals folder: files.read_goal_file."""
    shown = f"{goals_dir}/{rel}"
    path = f"{goals_path}{os.sep}{rel}"
    try:
        raw = files.read_goal_file(path, within=str(goals_path))
    except OSError as exc:
        return "", FileResult(None, findings=[
            _problem("TN001", f"cannot read the file: {exc.strerror or exc}", Location(shown))])
    if raw.__class__ is str:  # not a regular file, or too large: its problem stands for its digest
        return raw, _refused(raw, shown)
    return content_digest(raw), read_file(raw, PurePosixPath(rel), shown)


def read_listed(goals_path: Path, goals_dir: str, rel: str, state) -> tuple[str, FileResult]:
    """(content digest, result) of one file of a listing (files.goal_file_stats): what the walk refused
    (its state a problem) with its finding, nothing opened; any other file read (read_one)."""
    if files.problem_of(state):
        return state, _refused(state, f"{goals_dir}/{rel}")
    return _read_one(goals_path, goals_dir, rel)


def read_one(goals_path: Path, goals_dir: str, rel: str) -> tuple[str, FileResult]:
    """(content digest, result) of one goals file, from the same bytes (the cache reads a changed file so)."""
    return _read_one(goals_path, goals_dir, rel)


def read_file(raw: bytes, rel: PurePosixPath, shown: str) -> FileResult:
    """Everything one file says on its own: its model fragment, or the findings that explain why not."""
    kind = layout.kind_of(rel)
    result = FileResult(kind)
    if len(raw) > MAX_FILE_BYTES:
        result.findings.append(_problem(
            "TN011", f"the file is {len(raw):,} bytes; goals files are limited to {MAX_FILE_BYTES:,}", Location(shown)))
        return result
    try:
        doc = parse(decode(raw))
    except YamlProblem as exc:
        result.findings.append(_problem(exc.code, exc.message, Location(shown, exc.line, exc.column), exc.hint))
        return result
    if kind is None:
        looks_like = layout.kind_from_content(doc.data)
        hint = (f"It looks like a {looks_like} file: move it to {layout.expected_place(looks_like)}."
                if looks_like else f"Goals files live at {layout.PLACES}.")
        result.findings.append(_problem("TN007", f"{shown} is not a place truenorth reads goals from", Location(shown), hint))
        return result
    problems = validate(kind, doc)
    skip: set[tuple] = set()
    if problems:
        looks_like = layout.kind_from_content(doc.data)
        if looks_like in ("vision", "person", "department", "metrics") and looks_like != kind:
            result.findings.append(_problem(
                "TN007", f"this looks like a {looks_like} file, but it sits where a {kind} file belongs",
                Location(shown), f"Move it to {layout.expected_place(looks_like)}."))
            _remember_invalid_ids(doc, result, all_items=True)
            result.fragment = withheld_fragment(kind, shown, doc)  # its private goals stay private
            return result
        for problem in problems:
            result.findings.append(_problem("TN008", problem.message, Location(shown, problem.line, problem.column),
                                            problem.hint))
        unusable = _unusable_items(doc, problems)
        if unusable is None:
            _remember_invalid_ids(doc, result, all_items=True)
            result.fragment = withheld_fragment(kind, shown, doc)  # its private goals stay private
            return result
        skip = unusable
        _remember_invalid_ids(doc, result, items=skip)
    _check_file_name(kind, rel, doc, shown, result)
    result.fragment = read_fragment(kind, shown, doc, skip)
    if MARKER in raw:  # inline suppressions: only in files that mention truenorth at all
        attach_suppressions(result.fragment, raw, doc)
    return result


def _unusable_items(doc: Document, problems) -> set[tuple] | None:
    """The list items ("goals", i) the schema errors fall in; None when an error is outside any item."""
    skip: set[tuple] = set()
    for problem in problems:
        path = problem.path
        if len(path) < 2 or path[0] not in ("goals", "metrics") or not isinstance(path[1], int):
            return None
        skip.add(path[:2])
    return skip


def _remember_invalid_ids(doc: Document, result: FileResult, items=None, all_items: bool = False) -> None:
    goals = doc.data.get("goals") if isinstance(doc.data, dict) else None
    if not isinstance(goals, list):
        return
    for i, goal in enumerate(goals):
        if (all_items or ("goals", i) in items) and isinstance(goal, dict) and isinstance(goal.get("id"), str):
            result.invalid_goal_ids.add(goal["id"])
            person = doc.data.get("person")
            if isinstance(person, dict) and isinstance(person.get("id"), str):
                result.people_with_dropped_goals.add(person["id"])


def _check_file_name(kind: str, rel: PurePosixPath, doc: Document, shown: str, result: FileResult) -> None:
    if kind not in ("department", "person"):
        return
    declared = doc.data[kind]["id"]
    if declared != rel.stem:
        line, column = doc.mark((kind, "id"))
        result.findings.append(_problem(
            "TN009", f"the {kind} id {declared!r} does not match the file name {rel.name!r}",
            Location(shown, line, column), f"Rename the file to {declared}{rel.suffix}, or change the id to {rel.stem!r}."))
