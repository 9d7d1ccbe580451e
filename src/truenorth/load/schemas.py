"""Where the JSON Schemas for goals files are, and which schema each kind of file follows.

Kept apart from the validator so that code which only needs the files (the cache's fingerprint)
does not import jsonschema.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_FILES = {
    "vision": "vision.schema.json",
    "corporate": "corporate.schema.json",
    "department": "department.schema.json",
    "person": "person.schema.json",
    "metrics": "metrics.schema.json",
}


def schema_dir() -> Path:
    """Where the JSON Schemas are: bundled in the wheel, or the repository's ``schemas/`` in a checkout.

    The package is always a folder on disk (it may carry a compiled module), so its own path is
    enough; importlib.resources would cost the nothing-changed check a tenth of its imports.
    """
    from truenorth.load.files import schema_folder  # (one answer, shared with the cache's light fingerprint)

    return Path(schema_folder())
