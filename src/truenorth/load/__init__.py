"""files -> documents (YAML with locations) -> schema check -> model.

`load_organisation` never raises for bad content: every problem becomes a
finding with its file, line and column, and what is sound is still loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from truenorth.findings import Finding
from truenorth.load import layout
from truenorth.load.build import Builder, Duplicate
from truenorth.load.schema import validate
from truenorth.load.yaml_nodes import Document, YamlProblem, decode, parse
from truenorth.model import Location, Organisation
from truenorth.rules.loading import LOAD_RULES

MAX_FILE_BYTES = 5 * 1024 * 1024

ProgressCallback = Callable[[int], None]


@dataclass(slots=True)
class LoadResult:
    org: Organisation
    findings: list[Finding] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    invalid_goal_ids: set[str] = field(default_factory=set)  # goals left out for schema errors
    people_with_dropped_goals: set[str] = field(default_factory=set)  # their goals were left out, not missing
    files: int = 0


def _problem(code: str, message: str, where: Location, hint: str = "") -> Finding:
    rule = LOAD_RULES[code]
    return Finding(code, rule.name, rule.severity, message, where, hint or rule.hint)


def load_organisation(root: Path, goals_dir: str = "goals", progress: ProgressCallback | None = None) -> LoadResult:
    """Load every file under `root/goals_dir`. Raises FileNotFoundError only if that folder is missing."""
    goals_path = root / goals_dir
    if not goals_path.is_dir():
        raise FileNotFoundError(f"no goals folder at {goals_path}")
    builder = Builder()
    result = LoadResult(builder.org)
    by_kind: dict[str, list[tuple[str, Document, set[tuple]]]] = {}
    for path in layout.yaml_files(goals_path):
        rel_goals = PurePosixPath(path.relative_to(goals_path).as_posix())
        shown = PurePosixPath(goals_dir, rel_goals).as_posix()
        loaded = _load_file(path, rel_goals, shown, result)
        if loaded is not None:
            kind, doc, skip = loaded
            by_kind.setdefault(kind, []).append((shown, doc, skip))
        result.files += 1
        if progress is not None:
            progress(1)
    # The vision first, so goals that reuse its id are caught whatever the file order.
    for kind in ("vision", "metrics", "corporate", "department", "person"):
        for shown, doc, skip in by_kind.get(kind, []):
            builder.add(kind, shown, doc, skip)
    if builder.org.vision is None and "vision" not in by_kind:
        result.findings.append(_problem("TN010", "there is no customer vision: goals/vision.yaml is missing",
                                        Location(f"{goals_dir}/vision.yaml", 1, 1)))
    result.duplicates = builder.duplicates
    result.people_with_dropped_goals |= {d.person for d in builder.duplicates if d.person}
    return result


def _load_file(path: Path, rel: PurePosixPath, shown: str, result: LoadResult):
    """(kind, document, goal paths to skip) for a usable file, or None after recording why it is not."""
    kind = layout.kind_of(rel)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.findings.append(_problem("TN001", f"cannot read the file: {exc.strerror}", Location(shown)))
        return None
    if len(raw) > MAX_FILE_BYTES:
        result.findings.append(_problem(
            "TN011", f"the file is {len(raw):,} bytes; goals files are limited to {MAX_FILE_BYTES:,}", Location(shown)))
        return None
    try:
        doc = parse(decode(raw))
    except YamlProblem as exc:
        result.findings.append(_problem(exc.code, exc.message, Location(shown, exc.line, exc.column), exc.hint))
        return None
    if kind is None:
        looks_like = layout.kind_from_content(doc.data)
        hint = (f"It looks like a {looks_like} file: move it to {layout.expected_place(looks_like)}."
                if looks_like else f"Goals files live at {layout.PLACES}.")
        result.findings.append(_problem("TN007", f"{shown} is not a place truenorth reads goals from", Location(shown), hint))
        return None
    problems = validate(kind, doc)
    skip: set[tuple] = set()
    if problems:
        looks_like = layout.kind_from_content(doc.data)
        if looks_like in ("vision", "person", "department", "metrics") and looks_like != kind:
            result.findings.append(_problem(
                "TN007", f"this looks like a {looks_like} file, but it sits where a {kind} file belongs",
                Location(shown), f"Move it to {layout.expected_place(looks_like)}."))
            _remember_invalid_ids(doc, result, all_items=True)
            return None
        for problem in problems:
            result.findings.append(_problem("TN008", problem.message, Location(shown, problem.line, problem.column),
                                            problem.hint))
        skip = _unusable_items(doc, problems)
        if skip is None:
            _remember_invalid_ids(doc, result, all_items=True)
            return None
        _remember_invalid_ids(doc, result, items=skip)
    _check_file_name(kind, rel, doc, shown, result)
    return kind, doc, skip


def _unusable_items(doc: Document, problems) -> set[tuple] | None:
    """The list items ("goals", i) the schema errors fall in; None when an error is outside any item."""
    skip: set[tuple] = set()
    for problem in problems:
        path = problem.path
        if len(path) < 2 or path[0] not in ("goals", "metrics") or not isinstance(path[1], int):
            return None
        skip.add(path[:2])
    return skip


def _remember_invalid_ids(doc: Document, result: LoadResult, items=None, all_items: bool = False) -> None:
    goals = doc.data.get("goals") if isinstance(doc.data, dict) else None
    if not isinstance(goals, list):
        return
    for i, goal in enumerate(goals):
        if (all_items or ("goals", i) in items) and isinstance(goal, dict) and isinstance(goal.get("id"), str):
            result.invalid_goal_ids.add(goal["id"])
            person = doc.data.get("person")
            if isinstance(person, dict) and isinstance(person.get("id"), str):
                result.people_with_dropped_goals.add(person["id"])


def _check_file_name(kind: str, rel: PurePosixPath, doc: Document, shown: str, result: LoadResult) -> None:
    if kind not in ("department", "person"):
        return
    declared = doc.data[kind]["id"]
    if declared != rel.stem:
        line, column = doc.mark((kind, "id"))
        result.findings.append(_problem(
            "TN009", f"the {kind} id {declared!r} does not match the file name {rel.name!r}",
            Location(shown, line, column), f"Rename the file to {declared}{rel.suffix}, or change the id to {rel.stem!r}."))
