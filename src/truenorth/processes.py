"""Child processes that never outlive the command that started them, and commands stopped cleanly.

truenorth forks children for large work: the worker processes that read a large goals folder
(truenorth.load.organisation) and the child that shares a large site build (truenorth.mkdocs_plugin.speedups.fork).
However the command ends, they end with it:

* Each child, first thing after the fork, calls :func:`child_started`. On Linux it asks the kernel
  to send it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), then checks that its parent
  is still the one that forked it: the parent may have died between the fork and that request, and
  then the child exits at once. So even a parent killed by SIGKILL, which runs no code of its own,
  leaves no child behind. (The kernel sends the signal when the *thread* that forked the child
  ends; truenorth forks only from a process with one thread, its main thread: see
  truenorth.load.organisation.can_fork.)
* Where there is no prctl (macOS, the BSDs), each child instead watches its parent from a small
  thread and exits within half a second of the parent's death. A SIGTERM or Ctrl-C still stops the
  children at once (below); only after a SIGKILL of the parent do they linger for that half second.
* A child ignores Ctrl-C (SIGINT, which a terminal sends to the whole process group): its parent
  handles it and stops its children, so that one short line is printed rather than a traceback
  from every child. Children are forked with SIGINT and SIGTERM held (:func:`forking`), so that
  neither reaches one before child_started has set it up.
* In the parent, the children in flight are listed here (:func:`started` / :func:`ended`); when
  a command is stopped, :func:`stop_children` kills and reaps them before it exits. The command line
  (truenorth.cli.app.run) turns SIGTERM into :class:`Stopped` (raised where the main thread is, so that
  cleanup code runs: a site build's temporary folder is removed) and Ctrl-C too, and exits with the
  conventional code, 128 + the signal's number (143 for SIGTERM, 130 for Ctrl-C), after one line.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1  # linux/prctl.h

_prctl: Callable[..., int] | None = None
_prctl_looked_up = False

_children: dict[int, Callable[[], None]] = {}  # token -> how to kill and reap that child (or pool)
_next_token = 0


class Stopped(BaseException):
    """The command was stopped by a signal (SIGTERM; SIGINT, a Ctrl-C). A BaseException, as
    KeyboardInterrupt is, so that no `except Exception` takes it for an error to report."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum  # the shell's convention for a process ended by a signal

    @property
    def reason(self) -> str:
        return "interrupted" if self.signum == signal.SIGINT else "terminated"


def _stop(signum: int, _frame) -> None:
    signal.signal(signum, signal.SIG_DFL)  # a second one stops the process at once (children: see above)
    raise Stopped(signum)


def stop_on_sigterm() -> None:
    """Make SIGTERM raise :class:`Stopped` in the main thread (once; a second SIGTERM kills)."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _stop)


def _lookup_prctl() -> Callable[..., int] | None:
    global _prctl, _prctl_looked_up
    if not _prctl_looked_up:
        _prctl_looked_up = True
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _prctl = ctypes.CDLL(None, use_errno=True).prctl
            except (ImportError, OSError, AttributeError):  # pragma: no cover - a libc without prctl
                _prctl = None
    return _prctl


_HELD = {getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)}


@contextmanager
def forking() -> Iterator[int]:
    """Around the fork of children, in the parent: yields the pid they are given for
    :func:`child_started`. SIGINT and SIGTERM are held (blocked) meanwhile, so that none reaches a
    child before it has set itself up (a child made with them held starts with them held: its
    child_started lets them through); in the parent they arrive as soon as the fork is done.
    ctypes is imported here, once, not in every child."""
    _lookup_prctl()
    held = hasattr(signal, "pthread_sigmask")
    if held:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    parent = os.getpid()
    try:
        yield parent
    finally:
        if held and os.getpid() == parent:  # a child made by os.fork() leaves this too: it keeps them held
            signal.pthread_sigmask(signal.SIG_SETMASK, before)


def child_started(parent: int) -> None:
    """First thing in a forked child of `parent`: die with it, ignore Ctrl-C (see the module's doc)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: a SIGTERM ends a child at once
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held since the fork (see forking)
    _children.clear()  # the parent's, not this process's
    prctl = _lookup_prctl()
    if prctl is None or prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        _watch_parent(parent)
    if os.getppid() != parent:  # the parent died before the kernel was asked to tell us
        os._exit(1)


def _watch_parent(parent: int) -> None:
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="truenorth-parent-watch", daemon=True).start()


def started(kill: Callable[[], None]) -> int:
    """Note a child (or a pool of them) in flight, with how to kill and reap it; a token for :func:`ended`."""
    global _next_token
    _next_token += 1
    _children[_next_token] = kill
    return _next_token


def ended(token: int) -> None:
    _children.pop(token, None)


def stop_children() -> None:
    """Kill and reap every child still in flight (a command that is stopping)."""
    while _children:
        _token, kill = _children.popitem()
        try:
            kill()
        except Exception:  # noqa: BLE001 - stopping: the others still have to go
            pass


def kill_pool(pool) -> None:
    """Kill a concurrent.futures ProcessPoolExecutor's workers at once and reap them; drop its
    queued tasks. (Its own shutdown would first run every task already queued.)"""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError):  # already gone, or closed
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.join(timeout=5)
        except (OSError, ValueError, AssertionError):
            pass
    # A worker killed while it sent a result leaves the pool's thread waiting for the rest of it,
    # for ever (and the interpreter's exit waits for that thread): with every worker gone, closing
    # this process's own end of that pipe gives it an end of file, and it stops.
    writer = getattr(results, "_writer", None)
    if writer is not None and not any(process.is_alive() for process in processes):
        try:
            writer.close()
        except OSError:
            pass


_LENGTH = 8  # bytes of each frame's length on a ChildStream's pipe


class ChildStream:
    """A forked child running `produce(send)`, each `send(frame)` a frame of bytes for the parent.

    The parent reads the frames in order with :meth:`read` (None once the child has stopped, for
    whatever reason) and must :meth:`close` the stream. The child exits without running the
    parent's exit handlers or flushing its buffers.
    """

    def __init__(self, produce: Callable[[Callable[[bytes], None]], None]) -> None:
        read_end, write_end = os.pipe()
        try:  # room for the child to run a few pages ahead (Linux; the default is 64 KiB)
            import fcntl

            fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except (ImportError, OSError):
            pass
        with forking() as parent:
            self.pid = os.fork()
        if self.pid == 0:
            code = 1
            try:
                child_started(parent)  # dies with the parent, however it ends
                os.close(read_end)
                with os.fdopen(write_end, "wb", buffering=0) as out:  # each frame sent as soon as it is made
                    produce(lambda frame: out.write(len(frame).to_bytes(_LENGTH, "little") + frame))
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._source = os.fdopen(read_end, "rb", buffering=1 << 20)
        self.alive = True
        self._token = started(self.kill)

    def read(self) -> bytes | None:
        if not self.alive:
            return None
        head = self._source.read(_LENGTH)
        frame = self._source.read(int.from_bytes(head, "little")) if len(head) == _LENGTH else b""
        if len(head) < _LENGTH or len(frame) < int.from_bytes(head, "little"):
            self.alive = False
            return None
        return frame

    def close(self) -> None:
        if self._source.closed:
            return
        self.alive = False
        self._source.close()  # a child still writing gets a broken pipe and exits
        os.waitpid(self.pid, 0)
        ended(self._token)

    def kill(self) -> None:
        """Stop the child now, whatever it is doing (the command is stopping), and reap it."""
        if self._source.closed:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.close()
