"""Speedup `fork`: work on the generated pages shared with a forked child, the second core of a site build.

Off in mkdocs.yml: `speedups: {fork: false}` (then no child at all: nor shared_converter's convert
child, nor child_templates). Self-check: the pages a child makes are compared with the parent's own
for the first pages each step takes (shared_converter.CHECKED, child_templates.CHECKED); a child that
differs is dropped and the parent does the rest. Measured gain (architecture review 2026-12, §2.3):
10,000 people 24.7 -> 20.4 s (-17%) on 2 vCPUs, 2,000 people none. Measured again (December 2026,
10,000 people, `truenorth build` of scripts/bench.py's organisation, single runs on two cores shared
with other jobs; bare build 14.3 s): all on 19.8 / 20.3 / 25.6 / 29.4 / 31.2 s, fork off (no child
at all) 26.4 / 34.1 / 36.2 s, each slower than the all-on run beside it; build / bare without it
above 1.5. With the cores busier still (bare 22.8 s) fork off was no slower: it pays only when
the second core is free.

A site build is one MkDocs process on one core. For a large organisation three steps of it are
spent on the generated pages, one page at a time: making their Markdown (about 5 s at 10,000
people), converting it to HTML and rendering the theme's template around it (truenorth.mkdocs_plugin.speedups).
Each is split the same way: a forked child takes a share of the pages (every other one for the
Markdown, three in five to convert, two in three to render, as the parent has more to do beside)
and streams its results back through a pipe (:class:`ChildStream`), the parent does the rest and
takes the child's results in order. The output is the same as from one process (tested).

The child shares the parent's memory (copy-on-write), so nothing is sent to it. Should it fail,
the parent does the rest itself; should the parent die or be stopped, the child goes with it
(truenorth.processes). There is no fork from a process with other threads (`mkdocs
serve`), nor for small organisations, nor with one worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from truenorth.processes import ChildStream

PAIRS_MIN_PAGES = 1000
"""Below this many pages a fork costs more than it saves."""

CHILD_SHARE = 2 / 3
"""Of the pages rendered into the theme's template in a build (truenorth.mkdocs_plugin.speedups), the share a
child takes: the parent also runs every plugin's events on every page, indexes them for search and
writes them."""

CONVERT_SHARE = 3 / 5
"""Of the pages converted to HTML, the share a child takes (the parent reads every page's Markdown
and runs the plugins on it; with two in three it waited on the child, measured at 10k)."""


def childs_share(items: Sequence, share: float = CHILD_SHARE) -> list:
    """The items a child takes, `share` of them spread evenly (1/2: every other one, from the second)."""
    return [item for index, item in enumerate(items) if int((index + 1) * share) > int(index * share)]


def worth_a_child(pages: int, workers: int | None = None, min_pages: int | None = None) -> bool:
    """Whether to share work on this many pages with a forked child."""
    from truenorth.load.organisation import can_fork, default_jobs

    workers = default_jobs() if workers is None else workers
    return workers >= 2 and pages >= (PAIRS_MIN_PAGES if min_pages is None else min_pages) and can_fork()


class KeyedChild:
    """A forked child (ChildStream) that sends a result per key, one frame each: `send(key, body)`.

    The parent takes them in any order it reaches the keys: :meth:`take` reads frames until that
    key's, keeping the others for later. A key is taken once; None for a key the child was not
    given, or did not send before it stopped.
    """

    def __init__(self, keys: Iterable[str], produce: Callable[[Callable[[str, bytes], None]], None]) -> None:
        self._keys = set(keys)
        self._arrived: dict[str, bytes] = {}
        self._stream = ChildStream(
            lambda send: produce(lambda key, body: send(key.encode("utf-8", "surrogatepass") + b"\0" + body)))

    def take(self, key: str) -> bytes | None:
        if key not in self._keys:
            return None
        self._keys.discard(key)
        body = self._arrived.pop(key, None)
        while body is None:
            frame = self._stream.read()
            if frame is None:
                return None
            theirs, _, rest = frame.partition(b"\0")
            theirs = theirs.decode("utf-8", "surrogatepass")
            if theirs == key:
                body = rest
            else:
                self._arrived[theirs] = rest
        return body

    def close(self) -> None:
        self._stream.close()
        self._arrived, self._keys = {}, set()


def iter_made(jobs: Sequence[tuple[str, Callable[[], str]]], *, workers: int | None = None,
              min_pages: int | None = None) -> Iterator[tuple[str, str]]:
    """(path, make()) for each (path, make) of jobs, in order; on two cores when that pays."""
    if not worth_a_child(len(jobs), workers, min_pages):
        for path, make in jobs:
            yield path, make()
        return

    def produce(send: Callable[[bytes], None]) -> None:
        for index in range(1, len(jobs), 2):
            send(jobs[index][1]().encode("utf-8", "surrogatepass"))

    child = ChildStream(produce)
    try:
        for index, (path, make) in enumerate(jobs):
            frame = child.read() if index % 2 else None
            yield path, frame.decode("utf-8", "surrogatepass") if frame is not None else make()
    except BaseException:  # failed, stopped or abandoned: the child's pages are not wanted
        child.kill()
        raise
    finally:
        child.close()


class LogCounter(logging.Handler):
    """In a child: counts the warnings logged (the parent does the logging, and redoes a page that warned)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    @classmethod
    def take_over_logging(cls) -> LogCounter:
        """In the child: every logger's output replaced by a count of its warnings."""
        counter = cls()
        loggers = [logging.getLogger()] + [logger for logger in logging.Logger.manager.loggerDict.values()
                                           if isinstance(logger, logging.Logger)]
        for logger in loggers:
            logger.handlers = [counter] if logger.handlers or logger is loggers[0] else []
        return counter

