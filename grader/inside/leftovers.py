"""Find what a test left running: threads, child processes, listening sockets, event loops.

The plugin takes a :class:`Snapshot` before each graded test and, once the test and its
fixtures are torn down, asks :func:`clean_up_after` what is new. Whatever it finds is
stopped (where that can be done from outside) and reported, so it costs the learner that
task and does not leak into the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import stat
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from grader.i18n import _, ngettext
from grader.text import NAME_LENGTH, one_line

THREAD_GRACE = 0.5  # seconds a new thread gets to finish on its own
NATIVE_GRACE = 0.2  # seconds a thread threading has let go of gets to end in the kernel too
_loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def adopt_orphans() -> None:
    """Make this process the one a process it started, directly or not, is handed to when
    its parent ends (Linux's child subreaper): a grandchild left behind (``sh -c "sleep 9
    &"``) is then one of this process's children, which :func:`clean_up_after` finds. Not
    inherited across a fork: each test process asks for itself."""
    import ctypes  # (the guard's watchers load it anyway)

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def track_event_loops() -> None:
    """Record every event loop made from now on (once per process)."""
    base = asyncio.BaseEventLoop
    if getattr(base.__init__, "_tracked", False):
        return
    original = base.__init__

    def tracked_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _loops.add(self)

    tracked_init._tracked = True
    base.__init__ = tracked_init


@dataclass
class Snapshot:
    """What was running before a test."""

    threads: set[int] = field(default_factory=set)
    native_threads: set[int] = field(default_factory=set)  # the kernel's ids of all of them
    children: set[int] = field(default_factory=set)
    sockets: set[int] = field(default_factory=set)  # inodes of this process's sockets
    loops: set[int] = field(default_factory=set)


def take_snapshot() -> Snapshot:
    return Snapshot(
        threads={thread.ident for thread in threading.enumerate()},
        native_threads=native_thread_ids(),
        children=set(child_pids()),
        sockets=_socket_inodes(),
        loops={id(loop) for loop in _loops},
    )


def clean_up_after(before: Snapshot) -> list[str]:
    """Stop what appeared since ``before``; describe each thing, in plain words."""
    found = []
    deadline = time.monotonic() + THREAD_GRACE
    for thread in threading.enumerate():
        if thread.ident in before.threads or thread is threading.current_thread():
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            name = one_line(thread.name, NAME_LENGTH)  # the learner's code names its threads
            found.append(_("a thread ({name}) still running").format(name=name))
    strays = _stray_threads(before, max(deadline, time.monotonic() + NATIVE_GRACE))
    if strays:
        found.append(
            ngettext(
                "a thread started past the threading module still running",
                "{count} threads started past the threading module still running",
                len(strays),
            ).format(count=len(strays))
        )
    for pid in child_pids():
        if pid in before.children:
            continue
        if not has_ended(pid):
            found.append(
                _("a child process (pid {pid}: {command}) still running").format(
                    pid=pid, command=_command(pid)
                )
            )
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
    new_sockets = _socket_inodes() - before.sockets
    for inode, (fd, status, address) in (_tcp_sockets() if new_sockets else {}).items():
        if inode not in new_sockets or status != psutil.CONN_LISTEN:
            continue
        found.append(_("a server still listening on {address}").format(address=address))
        with contextlib.suppress(OSError), open(os.devnull, "rb") as devnull:
            os.dup2(devnull.fileno(), fd)  # closes the socket; its object keeps a harmless fd
    unclosed = [
        loop for loop in list(_loops) if id(loop) not in before.loops and not loop.is_closed()
    ]
    if unclosed:
        found.append(
            ngettext(
                "an event loop that was never closed (call loop.close() when done)",
                "{count} event loops that were never closed (call loop.close() when done)",
                len(unclosed),
            ).format(count=len(unclosed))
        )
    for loop in unclosed:
        if not loop.is_running():
            with contextlib.suppress(Exception):
                loop.close()
    return found


def native_thread_ids() -> set[int]:
    """The kernel's ids of this process's threads: those ``threading`` knows, and those it
    does not (``_thread.start_new_thread``'s)."""
    with contextlib.suppress(OSError):
        return {int(name) for name in os.listdir("/proc/self/task")}
    return set()


def _stray_threads(before: Snapshot, deadline: float) -> set[int]:
    """The threads new since ``before`` that ``threading`` does not know, still running at
    ``deadline`` (none can be stopped from outside: they are only told)."""
    while True:
        known = {thread.native_id for thread in threading.enumerate()}
        strays = native_thread_ids() - before.native_threads - known
        if not strays or time.monotonic() >= deadline:
            return strays
        time.sleep(0.01)


def child_pids() -> list[int]:
    """This process's children, from the kernel's own list: psutil's ``children()`` reads
    every process of the machine, each read checked by blockbuster on the event loop (50 ms
    and more on a busy machine)."""
    pids = []
    for children in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            pids.extend(int(pid) for pid in children.read_text().split())
    return pids


def has_ended(pid: int) -> bool:
    """Whether process ``pid`` has ended: it waits only to be reaped, or is gone."""
    try:
        return psutil.Process(pid).status() in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:
        return False


def _command(pid: int) -> str:
    try:
        command = " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return "?"
    return command if len(command) <= 60 else command[:57] + "..."


def _socket_inodes() -> set[int]:
    """The inodes of this process's sockets, of any kind: a cheap look at its descriptors,
    so that the machine's whole TCP table is read only when a test has opened a socket."""
    inodes = set()
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError, ValueError):
            status = os.fstat(int(name))
            if stat.S_ISSOCK(status.st_mode):
                inodes.add(status.st_ino)
    return inodes


def _tcp_sockets() -> dict[int, tuple[int, str, str]]:
    """This process's TCP sockets: {inode: (fd, status, "host:port")}."""
    sockets = {}
    for connection in psutil.Process().net_connections(kind="tcp"):
        with contextlib.suppress(OSError):
            inode = os.fstat(connection.fd).st_ino  # an fd number may be reused, an inode not
            host, port = connection.laddr or ("?", 0)
            sockets[inode] = (connection.fd, connection.status, f"{host}:{port}")
    return sockets
