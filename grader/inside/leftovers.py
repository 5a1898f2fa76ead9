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
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from grader.i18n import _

THREAD_GRACE = 0.5  # seconds a new thread gets to finish on its own
_loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()


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
    children: set[int] = field(default_factory=set)
    sockets: set[int] = field(default_factory=set)  # inodes of this process's sockets
    loops: set[int] = field(default_factory=set)


def take_snapshot() -> Snapshot:
    return Snapshot(
        threads={thread.ident for thread in threading.enumerate()},
        children=set(_children()),
        sockets=set(_socket_fds()),
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
            found.append(_("a thread ({name}) still running").format(name=thread.name))
    for pid in _children():
        if pid in before.children:
            continue
        if _state(pid) != "Z":
            found.append(
                _("a child process (pid {pid}: {command}) still running").format(
                    pid=pid, command=_command(pid)
                )
            )
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
    new_sockets = {inode: fd for inode, fd in _socket_fds().items() if inode not in before.sockets}
    for fd, address in _listening(new_sockets):
        found.append(_("a server still listening on {address}").format(address=address))
        with contextlib.suppress(OSError), open(os.devnull, "rb") as devnull:
            os.dup2(devnull.fileno(), fd)  # closes the socket; its object keeps a harmless fd
    for loop in list(_loops):
        if id(loop) in before.loops or loop.is_closed():
            continue
        found.append(_("an event loop that was never closed (call loop.close() when done)"))
        if not loop.is_running():
            with contextlib.suppress(Exception):
                loop.close()
    return found


def _children() -> list[int]:
    pids = []
    for children in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            pids.extend(int(pid) for pid in children.read_text().split())
    return pids


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "?"


def _command(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    return command if len(command) <= 60 else command[:57] + "..."


def _socket_fds() -> dict[int, int]:
    """This process's sockets: {inode: fd}."""
    sockets = {}
    for fd_path in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError, ValueError):
            target = os.readlink(fd_path)
            if target.startswith("socket:["):
                sockets[int(target[8:-1])] = int(fd_path.name)
    return sockets


def _listening(sockets: dict[int, int]) -> list[tuple[int, str]]:
    """Those of ``sockets`` that listen on TCP: [(fd, "host:port")]."""
    if not sockets:
        return []
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if len(fields) > 9 and fields[3] == "0A" and int(fields[9]) in sockets:  # LISTEN
                    found.append((sockets[int(fields[9])], _address(fields[1])))
    return found


def _address(field_text: str) -> str:
    host, port = field_text.split(":")
    if len(host) == 8:  # IPv4, little-endian hex
        octets = [str(int(host[i : i + 2], 16)) for i in range(6, -1, -2)]
        return f"{'.'.join(octets)}:{int(port, 16)}"
    return f"[ipv6]:{int(port, 16)}"
