"""Generated page sources kept on disk rather than in memory, past a limit (public MkDocs API only).

MkDocs takes every page's source in `on_files` and reads them one by one as it converts each, so the
plugin holds every generated page's Markdown at once until its turn: at 10,000 people about 200 MB,
at 100,000 about 2 GB (the largest item of the 100,000-person build's memory, with people folded into
their department's pages). Up to SPOOL_ABOVE bytes the sources stay in memory (File.generated with
`content`, as always); past it each page goes to a file in a temporary folder and MkDocs reads it from
there (File.generated with `abs_src_path`, the documented way of a generated file backed by a
temporary file). The folder is removed when the build ends, fails or the plugin shuts down.
"""

from __future__ import annotations

import os
import shutil
import tempfile

SPOOL_ABOVE = 256 * 1024 * 1024
"""Bytes of generated Markdown held in memory before the next pages are written to disk instead
(an organisation of 10,000 people in team mode makes about 200 MB: all of it stays in memory)."""


class Spool:
    """Where the generated pages' sources past SPOOL_ABOVE are written (one build's)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = SPOOL_ABOVE if limit is None else limit
        self.held = 0  # bytes kept in memory so far
        self.spooled = 0  # pages written to disk
        self.folder: str | None = None

    def path_for(self, src_uri: str, data: bytes) -> str | None:
        """None: keep `data` in memory; else the path of the file it was written to (for abs_src_path)."""
        if self.held + len(data) <= self.limit:
            self.held += len(data)
            return None
        if self.folder is None:
            self.folder = tempfile.mkdtemp(prefix="truenorth-pages-")
        self.spooled += 1
        path = os.path.join(self.folder, f"{self.spooled}.md")  # (src_uri stays the page's: only the bytes live here)
        with open(path, "wb") as out:
            out.write(data)
        return path

    def remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
