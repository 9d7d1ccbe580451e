"""files -> documents (YAML with locations) -> schema check -> model.

The entry point is `load_organisation` (in `organisation.py`). It is imported lazily so that the
light modules of this package (`files`, `layout`) can be used without loading PyYAML and jsonschema.
"""

from __future__ import annotations

_LAZY = {"load_organisation", "LoadResult", "FileResult", "ProgressCallback", "read_file"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from truenorth.load import organisation

        return getattr(organisation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
