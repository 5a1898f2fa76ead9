"""Keep a submission from changing its own grade, from inside the test process.

Installed by the plugin before the learner's module is imported, when the grader runs the
suite (``--outcomes-file``):

- an audit hook (which code cannot remove) that refuses to open the reference solutions,
  to write to the grader, the tests or the outcomes file, and, unless allowed, to connect
  to any address but loopback; each refusal is reported as tampering;
- a snapshot of the functions a submission could patch to fake its results (asyncio's
  sleeps and gathers, the clocks, pytest's reporting), checked after every test and put
  back if changed;
- a record of ``os._exit`` calls, so the report can say why the process ended.
"""

from __future__ import annotations

import asyncio
import inspect
import ipaddress
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

import _pytest.runner
import pytest

from grader.catalog import ROOT

# Writing here could change how this or a later topic is graded: the project (but for the
# learner's own exercises/) and the Python installation the grader runs on.
PROTECTED_WRITES = (ROOT, Path(sys.prefix), Path(sys.base_prefix))
LEARNER_WRITABLE = (ROOT / "exercises",)
SOLUTIONS = ROOT / "solutions"
INTROSPECTION_EVENTS = {"gc.get_objects", "gc.get_referrers", "gc.get_referents"}

# What a submission could replace to fake a pass: (module, attribute).
WATCHED = [
    (asyncio, "sleep"),
    (asyncio, "gather"),
    (asyncio, "wait"),
    (asyncio, "wait_for"),
    (asyncio, "create_task"),
    (time, "monotonic"),
    (time, "perf_counter"),
    (time, "time"),
    (pytest, "fail"),
    (_pytest.runner, "call_and_report"),
    (_pytest.runner, "runtestprotocol"),
    (_pytest.runner.CallInfo, "from_call"),
    (_pytest.runner.TestReport, "from_item_and_call"),
]


class Guard:
    """The child process's protections; ``report(kind, text)`` records what it catches."""

    def __init__(
        self,
        submission: Path,
        outcomes_file: Path,
        report: Callable[[str, str], None],
        allow_network: bool = False,
    ):
        self.submission = submission.resolve()
        self.outcomes_file = outcomes_file.resolve()
        self.report = report
        self.allow_network = allow_network
        self.pid = os.getpid()
        self.armed = False
        self.snapshot = {(id(owner), name): _static(owner, name) for owner, name in WATCHED}

    def install(self) -> None:
        """Add the audit hook and wrap ``os._exit``; both last for the whole process."""
        sys.addaudithook(self._audit)
        real_exit = os._exit

        def recorded_exit(code: int) -> None:
            if os.getpid() == self.pid:
                self.report("exit", f"os._exit({code})")
            real_exit(code)

        os._exit = recorded_exit
        self.armed = True

    def check_patches(self) -> None:
        """Report and undo any change to the watched functions."""
        for owner, name in WATCHED:
            original = self.snapshot[(id(owner), name)]
            if _static(owner, name) is not original:
                label = getattr(owner, "__name__", type(owner).__name__)
                self.report("tamper", f"replaced {label}.{name}")
                setattr(owner, name, original)

    def _audit(self, event: str, args: tuple) -> None:
        if not self.armed or os.getpid() != self.pid:
            return
        if event == "open":
            self._check_open(args)
        elif event == "socket.connect" and not self.allow_network:
            self._check_connect(args)
        elif event in INTROSPECTION_EVENTS and self._called_from_submission():
            self._refuse(f"called {event}() to search the grader's memory")

    def _called_from_submission(self) -> bool:
        frame = sys._getframe(2)
        while frame is not None:
            if _inside(Path(frame.f_code.co_filename), self.submission):
                return True
            frame = frame.f_back
        return False

    def _check_open(self, args: tuple) -> None:
        path, mode, flags = args
        if not isinstance(path, str | bytes | os.PathLike):
            return
        target = Path(os.path.abspath(os.fsdecode(path)))
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)
        )
        if target == self.outcomes_file:
            self._refuse("opened the grader's results file")
        if _inside(target, SOLUTIONS) and not _inside(target, self.submission):
            self._refuse(f"opened the reference solution {target.relative_to(ROOT)}")
        if (
            writing
            and any(_inside(target, folder) for folder in PROTECTED_WRITES)
            and not any(_inside(target, folder) for folder in LEARNER_WRITABLE)
            and not _inside(target, self.submission)
        ):
            self._refuse(f"wrote to {target}")

    def _check_connect(self, args: tuple) -> None:
        sock, address = args
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0] if isinstance(address, tuple) else address
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise PermissionError(
                f"the grader allows connections to loopback (127.0.0.1) only, not {host}"
            )

    def _refuse(self, what: str) -> None:
        self.report("tamper", what)
        raise PermissionError(f"the grader does not allow this: your code {what}")


def _static(owner: object, name: str) -> object:
    """The attribute as stored (a classmethod itself, not a new bound method each time)."""
    return inspect.getattr_static(owner, name, None)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
