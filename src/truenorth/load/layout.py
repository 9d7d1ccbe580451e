"""Which file holds what: the kind of a goals file follows from where it lives.

    goals/vision.yaml               the customer vision
    goals/corporate.yaml            corporate goals
    goals/metrics.yaml              the metric catalogue
    goals/departments/<id>.yaml     one department (or team) and its goals
    goals/people/**/<id>.yaml       one person and their goals
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from truenorth.load import files
from truenorth.load.files import YAML_SUFFIXES

SINGLE_FILES = {"vision": "vision", "corporate": "corporate", "metrics": "metrics"}

PLACES = (
    "goals/vision.yaml, goals/corporate.yaml, goals/metrics.yaml, "
    "goals/departments/<id>.yaml or goals/people/<id>.yaml"
)


def kind_of(relative: PurePosixPath) -> str | None:
    """The kind of a file from its path relative to the goals folder, or None if it belongs nowhere."""
    parts = relative.parts
    stem = relative.stem
    if relative.suffix not in YAML_SUFFIXES:
        return None
    if len(parts) == 1:
        return SINGLE_FILES.get(stem)
    if parts[0] == "departments" and len(parts) == 2:
        return "department"
    if parts[0] == "people":
        return "person"
    return None


def goal_file_paths(goals_dir: Path) -> list[str]:
    """Every YAML file under the goals folder as a '/'-separated relative path, in a stable order.

    The order is that of the paths' parts (a folder's files and sub-folders by name, depth first).
    Hidden files and folders are skipped, and symbolic links to folders are not followed; what the
    walk refuses (a link out of the goals folder, a pipe, a name that is not UTF-8...) is listed too,
    and the loader makes it a finding. (The walk lives in truenorth.load.files, which the
    nothing-changed check uses with few imports; see files.goal_file_stats.)
    """
    return [rel for rel, _ in files.goal_file_stats(str(goals_dir), with_stats=False)]


def goal_file_stats(goals_dir: Path) -> list[tuple[str, tuple | str | None]]:
    """The same files, each with its signature (size, mtime_ns, ctime_ns, inode), None if it went away
    (or its problem, a string, when the walk refuses it: files.problem_of)."""
    return files.goal_file_stats(str(goals_dir))


def yaml_files(goals_dir: Path) -> list[Path]:
    """Every YAML file under the goals folder, in a stable order (hidden folders skipped)."""
    return [goals_dir / rel for rel in goal_file_paths(goals_dir)]


def kind_from_content(data: object) -> str | None:
    """What a misplaced file looks like it is, from its top-level keys, to say where it should go."""
    if not isinstance(data, dict):
        return None
    for key, kind in (("vision", "vision"), ("person", "person"), ("department", "department"), ("metrics", "metrics")):
        if key in data:
            return kind
    if "goals" in data:
        return "corporate"
    return None


def expected_place(kind: str) -> str:
    return {
        "vision": "goals/vision.yaml",
        "corporate": "goals/corporate.yaml",
        "metrics": "goals/metrics.yaml",
        "department": "goals/departments/<id>.yaml",
        "person": "goals/people/<id>.yaml",
    }[kind]
