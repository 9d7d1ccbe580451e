"""Which file holds what: the kind of a goals file follows from where it lives.

    goals/vision.yaml               the customer vision
    goals/corporate.yaml            corporate goals
    goals/metrics.yaml              the metric catalogue
    goals/departments/<id>.yaml     one department (or team) and its goals
    goals/people/**/<id>.yaml       one person and their goals
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

YAML_SUFFIXES = (".yaml", ".yml")

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


def yaml_files(goals_dir: Path) -> list[Path]:
    """Every YAML file under the goals folder, in a stable order (hidden folders skipped)."""
    found = []
    for path in goals_dir.rglob("*"):
        if path.suffix in YAML_SUFFIXES and path.is_file():
            rel = path.relative_to(goals_dir)
            if not any(part.startswith(".") for part in rel.parts):
                found.append(path)
    return sorted(found)


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
