"""A control group for each confined run, capping the processes and threads it may hold.

Linux counts every process and thread of a group against its ``pids.max``: a fork bomb
stops there and never reaches the machine, the grader or another topic's run. The groups
are made where the grader may write cgroups (as root, under cgroup v1's ``pids`` hierarchy
or cgroup v2 with its ``pids`` controller); elsewhere :func:`available` is false and the
count is not capped.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

TASKS_MAX = 256  # processes and threads one topic's run may hold at once
HOME = "asyncio-katas"  # the folder, in the hierarchy, that holds one group per run
HIERARCHIES = Path("/sys/fs/cgroup")
# Moves the shell into the group named by its first argument, then becomes the command.
ENTER = 'echo $$ > "$0/cgroup.procs" && exec "$@"'


def available() -> bool:
    """Whether runs here can be given a group of their own."""
    return home() is not None


@functools.cache
def home() -> Path | None:
    """The folder the run groups go in, made on first use; None where none can be."""
    for folder in _candidates():
        try:
            folder.mkdir(exist_ok=True)
            if (folder / "cgroup.subtree_control").exists():  # v2: children get pids.max
                (folder / "cgroup.subtree_control").write_text("+pids")
            probe = folder / f"probe-{os.getpid()}"
            probe.mkdir(exist_ok=True)
            usable = (probe / "pids.max").exists()
            probe.rmdir()
        except OSError:
            continue
        if usable:
            return folder
    return None


def _candidates() -> Iterator[Path]:
    """Where a home may be: beside this process's group in v1's pids hierarchy, or at the
    top of the v2 hierarchy when the pids controller is handed down from there."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return
    for line in lines:
        _number, controllers, path = line.split(":", 2)
        if "pids" in controllers.split(","):
            yield HIERARCHIES / "pids" / path.lstrip("/") / HOME
    with contextlib.suppress(OSError):
        if "pids" in (HIERARCHIES / "cgroup.subtree_control").read_text().split():
            yield HIERARCHIES / HOME


@contextlib.contextmanager
def capped(tasks_max: int = TASKS_MAX) -> Iterator[list[str]]:
    """A new group for one run, removed afterwards with anything left in it.

    Yields the words to put before the run's command, which move it into the group before
    it starts (nothing where no group can be made).
    """
    folder = home()
    if folder is None:
        yield []
        return
    group = folder / f"run-{uuid.uuid4().hex}"
    group.mkdir()
    try:
        (group / "pids.max").write_text(str(tasks_max))
        yield ["sh", "-c", ENTER, str(group)]
    finally:
        _remove(group)


def _remove(group: Path, patience: float = 5.0) -> None:
    """Kill what is left in ``group`` (only this run's processes are there), then remove it."""
    deadline = time.monotonic() + patience
    while True:
        with contextlib.suppress(OSError):
            for pid in (group / "cgroup.procs").read_text().split():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
        try:
            group.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() > deadline:
                return  # left for the next look: an empty group costs nothing
            time.sleep(0.01)
