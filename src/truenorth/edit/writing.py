"""Atomic writes: a temporary file in the same folder (hidden, so a check running meanwhile never reads
it), flushed and fsynced, then renamed over the target with os.replace; the target's file mode kept."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from truenorth.edit.errors import EditError, FileChanged, FilesExist

__all__ = ["write_atomic", "write_files", "write_new_files"]


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(file: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `file` all at once: readers see the old bytes or the new ones, never a part.
    `mode`: the permission bits (default: those of the file it replaces, else 0666 less the umask).
    A symbolic link is written through (its target is replaced, the link stays)."""
    target = Path(os.path.realpath(file))
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = _default_mode()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    try:  # the rename itself survives a crash once the folder is synced (best effort: not every system can)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:
        pass


def write_files(changes: list[tuple[str, Path, bytes | None, bytes]], force: bool = False) -> list[str]:
    """Write every (shown path, file, bytes read or None for a new file, new bytes), each atomically.

    Before anything is written: a file whose bytes differ from those read raises FileChanged naming it;
    new files that already exist raise FilesExist naming every one (unless `force`). Should a write fail
    part-way (a full disk), the files already written get their old bytes back and the error is raised
    as an EditError. Returns the shown paths written."""
    existing = []
    for shown, file, original, _data in changes:
        if original is None:
            if file.exists() and not force:
                existing.append(shown)
            continue
        try:
            now = file.read_bytes()
        except OSError:
            raise FileChanged(shown) from None
        if now != original:
            raise FileChanged(shown)
    if existing:
        raise FilesExist(existing)
    done: list[tuple[str, Path, bytes | None]] = []
    try:
        for shown, file, original, data in changes:
            if original is None:
                file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(file, data)
            done.append((shown, file, original))
    except OSError as exc:
        for _shown, file, original in reversed(done):
            try:
                if original is None:
                    file.unlink()
                else:
                    write_atomic(file, original)
            except OSError:
                pass
        raise EditError(f"cannot write {exc.filename or shown}: {exc.strerror or exc}; "
                        "nothing was changed") from None
    return [shown for shown, _file, _original in done]


def write_new_files(root: Path, files: dict[str, bytes | str], force: bool = False) -> list[str]:
    """Write a set of new files (paths relative to `root`, '/'-separated; str is written as UTF-8), each
    atomically, folders made as needed. Without `force`, when any of them exists, nothing is written and
    FilesExist names every one that does (exit 2). For `truenorth init` and other writers of whole files
    that are not goals edits checked by a ChangeSet."""
    changes = []
    for shown, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        changes.append((shown, root / shown, None, data))
    return write_files(changes, force=force)
