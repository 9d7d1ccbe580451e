"""The generated pages made on two cores: a forked child makes every other page, in order.

A site build is one MkDocs process on one core, and making the pages of a large organisation
takes seconds before MkDocs can start on them (about 5 s at 10,000 people). From
:func:`iter_made`, the parent makes pages 0, 2, 4, ... while a forked child makes 1, 3, 5, ...
and streams them back through a pipe; the parent yields them in the original order, so the pages,
and the site, are the same as made in one process (tested).

The child shares the parent's memory (copy-on-write), so it needs nothing sent to it. Should it
fail, the parent makes the rest of the pages itself. There is no fork from a process with other
threads (`mkdocs serve`), nor for small organisations, nor with `jobs` = 1.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

PAIRS_MIN_PAGES = 1000
"""Below this many pages a fork costs more than it saves."""

_LENGTH = 8  # bytes of each page's length on the pipe


def iter_made(jobs: Sequence[tuple[str, Callable[[], str]]], *, workers: int | None = None,
              min_pages: int | None = None) -> Iterator[tuple[str, str]]:
    """(path, make()) for each (path, make) of jobs, in order; on two cores when that pays."""
    from truenorth.load.organisation import can_fork, default_jobs

    workers = default_jobs() if workers is None else workers
    min_pages = PAIRS_MIN_PAGES if min_pages is None else min_pages
    if workers < 2 or len(jobs) < min_pages or not can_fork():
        for path, make in jobs:
            yield path, make()
        return
    read_end, write_end = os.pipe()
    try:  # room for the child to run a few pages ahead (Linux; the default is 64 KiB)
        import fcntl

        fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass
    pid = os.fork()
    if pid == 0:  # the child: every other page, then gone without running the parent's exit handlers
        os.close(read_end)
        code = 1
        try:
            with os.fdopen(write_end, "wb", buffering=0) as out:  # each page sent as soon as it is made
                for index in range(1, len(jobs), 2):
                    data = jobs[index][1]().encode("utf-8", "surrogatepass")
                    out.write(len(data).to_bytes(_LENGTH, "little") + data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    source = os.fdopen(read_end, "rb", buffering=1 << 20)
    child_alive = True
    try:
        for index, (path, make) in enumerate(jobs):
            text = None
            if index % 2 and child_alive:
                text = _read_page(source)
                child_alive = text is not None
            yield path, text if text is not None else make()
    finally:
        source.close()  # a child still writing gets a broken pipe and exits
        os.waitpid(pid, 0)


def _read_page(source) -> str | None:
    """The child's next page; None once the child has stopped (finished, failed or killed)."""
    head = source.read(_LENGTH)
    if len(head) < _LENGTH:
        return None
    size = int.from_bytes(head, "little")
    data = source.read(size)
    if len(data) < size:
        return None
    return data.decode("utf-8", "surrogatepass")
