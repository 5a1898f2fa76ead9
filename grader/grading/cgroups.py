"""A control group for each confined run, capping the processes and the memory it may hold.

Linux counts every process and thread of a group against its process cap, and every page
its processes hold (their memory, and what they write to a tmpfs such as /dev/shm) against
its memory cap: a fork bomb, or many processes that each stay under their own address-space
limit, stops there and never reaches the machine, the grader or another topic's run. The
groups are made where the grader may write cgroups (as root, under cgroup v1's ``pids`` and
``memory`` hierarchies, or cgroup v2 with those controllers); :func:`available` says whether
both can be capped here.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

TASKS_MAX = 256  # processes and threads one topic's run may hold at once
HOME = "asyncio-katas"  # the folder, in each hierarchy, that holds one group per run
HIERARCHIES = Path("/sys/fs/cgroup")
# What each controller caps: a file in v1's hierarchy of that name, and in v2's group.
CAP_FILES = {"pids": ("pids.max", "pids.max"), "memory": ("memory.limit_in_bytes", "memory.max")}
# Moves the shell into each group named before "--", then becomes the command after it.
ENTER = (
    'while [ "$1" != -- ]; do echo $$ > "$1/cgroup.procs" || exit 125; shift; done; '
    'shift; exec "$@"'
)


@dataclass
class RunGroup:
    """One run's groups (one per hierarchy), and what they saw."""

    folders: list[Path] = field(default_factory=list)

    @property
    def enter(self) -> list[str]:
        """The words to put before the run's command: they move it into the groups before
        it starts (nothing where no group could be made)."""
        if not self.folders:
            return []
        return ["sh", "-c", ENTER, "sh", *map(str, self.folders), "--"]

    def memory_ran_out(self) -> bool:
        """Whether the kernel ended a process of the run because the run held its memory cap."""
        for folder in self.folders:
            for name in ("memory.oom_control", "memory.events"):  # v1, v2
                with contextlib.suppress(OSError):
                    for line in (folder / name).read_text().splitlines():
                        key, _space, count = line.partition(" ")
                        if key == "oom_kill" and int(count) > 0:
                            return True
        return False


def available() -> bool:
    """Whether runs here can be given groups capping both their processes and their memory."""
    return all(home(controller) is not None for controller in CAP_FILES)


@functools.cache
def home(controller: str) -> Path | None:
    """The folder the run groups of ``controller`` go in, made on first use; None where
    none can be."""
    cap_v1, cap_v2 = CAP_FILES[controller]
    for folder, cap in ((f, cap_v1) for f in _v1_candidates(controller)):
        if _usable(folder, cap):
            return folder
    folder = HIERARCHIES / HOME
    with contextlib.suppress(OSError):
        if controller in (HIERARCHIES / "cgroup.subtree_control").read_text().split():
            with contextlib.suppress(OSError):
                folder.mkdir(exist_ok=True)
                (folder / "cgroup.subtree_control").write_text(f"+{controller}")
            if _usable(folder, cap_v2):
                return folder
    return None


def _v1_candidates(controller: str) -> Iterator[Path]:
    """Beside this process's own group in v1's hierarchy of ``controller``."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return
    for line in lines:
        _number, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            yield HIERARCHIES / controller / path.lstrip("/") / HOME


def _usable(folder: Path, cap: str) -> bool:
    """Whether a group made in ``folder`` (made if need be) has the file ``cap``."""
    try:
        folder.mkdir(exist_ok=True)
        probe = folder / f"probe-{os.getpid()}"
        probe.mkdir(exist_ok=True)
        usable = (probe / cap).exists()
        probe.rmdir()
    except OSError:
        return False
    return usable


@contextlib.contextmanager
def capped(tasks_max: int = TASKS_MAX, memory_mib: int | None = None) -> Iterator[RunGroup]:
    """New groups for one run, removed afterwards with anything left in them: at most
    ``tasks_max`` processes and threads, and ``memory_mib`` MiB of memory (all its processes
    together), where each can be capped."""
    caps = {"pids": str(tasks_max)}
    if memory_mib is not None:
        caps["memory"] = str(memory_mib * 1024 * 1024)
    group = RunGroup()
    name = f"run-{uuid.uuid4().hex}"
    try:
        for controller, value in caps.items():
            folder = home(controller)
            if folder is None:
                continue
            run = folder / name
            try:
                if run not in group.folders:
                    run.mkdir()
                    group.folders.append(run)
                _set_cap(run, controller, value)
            except (OSError, StopIteration):
                continue  # this cap cannot be set here: the run goes on without it
        yield group
    finally:
        for folder in group.folders:
            _remove(folder)


def _set_cap(group: Path, controller: str, value: str) -> None:
    """Write ``value`` into the group's cap of ``controller`` (and its swap, if counted)."""
    cap = next(name for name in CAP_FILES[controller] if (group / name).exists())
    (group / cap).write_text(value)
    # No swapping out past the cap, where the kernel counts swap: v1 caps memory and swap
    # together, v2 swap alone.
    swap = {"memory.limit_in_bytes": ("memory.memsw.limit_in_bytes", value)}
    swap["memory.max"] = ("memory.swap.max", "0")
    name, swap_value = swap.get(cap, ("", ""))
    if name and (group / name).exists():
        (group / name).write_text(swap_value)


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
