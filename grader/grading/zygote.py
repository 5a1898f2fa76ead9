"""A warm process that forks one test process per grading run, for the harness's many runs.

Starting Python and importing pytest and its plugins costs about half a second of CPU,
more than most topic suites take to run, and the harness grades some 800 known
submissions (variants, per-task mutants) each test run. A :class:`Zygote` is a separate,
single-threaded Python process that has imported them once; for each run it forks a child
that takes the run's descriptors, folder and environment, then calls ``pytest.main`` with
the runner's arguments. The learner's module, the suite and the grader's plugin are
imported only in that child, so every run starts from the same state, as a new process
would; the plugin ends the child with ``os._exit``.

Only an unconfined run of this very Python goes through it (a confined run must start the
confinement tool): the grader itself always starts a new process, and so do the harness's
tests of confinement and of the solutions and stubs. A test opts in with :func:`warm`.

Most of those runs grade one of 17 suites: a grading run of a suite it has seen before is
forked later, after pytest has started and collected the suite
(``grader/grading/collected.py``),
which spares about half of the child's work. Only what is the run's own comes after the
fork: its folder, descriptors and environment, the submission, the outcome channel and the
guard (``grader.inside.plugin.start_grading``), each as a new process sets them up.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project (not from grader.catalog: see serve)

# Imported once in the zygote, with pytest's own plugins: the libraries every test process
# imports (the grader's plugin itself is left to each child: it installs the guard).
PRELOAD = (
    "asyncio",
    "pytest",
    "pytest_asyncio.plugin",
    "pytest_timeout",
    "looptime",
    "blockbuster",
    "psutil",
    "ctypes",  # the guard's watchers
)
# What every test process runs with, forked or not: the project importable, no bytecode
# written, only the plugins the command names, and one hash seed, so that code whose result
# hangs on the order of a set gets the same verdict at every grade.
TEST_PROCESS_ENVIRONMENT = {
    "PYTHONPATH": str(ROOT),
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    "PYTHONHASHSEED": "0",
    # glibc gives each new thread a malloc arena of 64 MiB of address space: under the
    # address-space cap (--memory), code starting a few dozen threads (Python 3.11 watches
    # each child process with one) would be refused them for arenas it never fills.
    "MALLOC_ARENA_MAX": "2",
}
MAX_MESSAGE = 1 << 20  # bytes of one request: the command and the environment
STARTUP_TIMEOUT = 60.0  # seconds for the zygote to import PRELOAD and say it is ready
FAILED_START = 70  # the exit code of a child that could not start pytest at all

_active: Zygote | None = None


def start_child(
    command: Sequence[str], *, cwd: Path, env: dict[str, str], output: int, pass_fds: Sequence[int]
) -> subprocess.Popen | ForkedChild:
    """Start the test process: forked by the active zygote when it can run ``command``,
    else a new process, in its own session, stdin from /dev/null, stdout and stderr to
    ``output``, keeping ``pass_fds`` open at the same numbers."""
    if _active is not None and _active.accepts(command):
        return _active.spawn(command, cwd=cwd, env=env, output=output, pass_fds=pass_fds)
    return subprocess.Popen(
        list(command), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=output,
        stderr=subprocess.STDOUT, pass_fds=tuple(pass_fds), start_new_session=True,
    )  # fmt: skip


@contextlib.contextmanager
def warm(zygote: Zygote) -> Iterator[Zygote]:
    """Within this block, this process's unconfined runs are forked by ``zygote``."""
    global _active
    previous, _active = _active, zygote
    try:
        yield zygote
    finally:
        _active = previous


class ForkedChild:
    """A test process forked by the zygote: the part of ``subprocess.Popen`` the runner uses."""

    def __init__(self, zygote: Zygote, args: list[str], pid: int, collected: bool = False):
        self._zygote, self.args, self.pid = zygote, args, pid
        self.collected = collected  # forked after its suite was collected, by another run
        self.returncode: int | None = None

    def wait(self, timeout: float | None = None) -> int:
        """Its exit code (negative for a signal), as the zygote reaped it."""
        if self.returncode is None:
            reply = self._zygote.receive(timeout)
            if reply is None:
                raise subprocess.TimeoutExpired(self.args, timeout or 0.0)
            self.returncode = int(reply["code"])
        return self.returncode

    def poll(self) -> int | None:
        try:
            return self.wait(timeout=0)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def pytest_args(command: Sequence[str], python: str) -> list[str] | None:
    """The pytest arguments of a test process's command, ``python [-P] -m pytest ...``;
    None for any other command."""
    for head in ([python, "-P", "-m", "pytest"], [python, "-m", "pytest"]):
        if list(command[: len(head)]) == head:
            return list(command[len(head) :])
    return None


class Zygote:
    """The client's end: starts the zygote process, hands it runs one at a time."""

    def __init__(self, python: str = sys.executable):
        self.python = python
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**os.environ, **TEST_PROCESS_ENVIRONMENT}
        self.process = subprocess.Popen(
            [python, "-m", "grader.grading.zygote", str(theirs.fileno())],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),),
        )  # fmt: skip
        theirs.close()
        self._socket = ours
        self.current: ForkedChild | None = None  # the child it forked last
        ready = self.receive(STARTUP_TIMEOUT)
        if not ready or "ready" not in ready:
            self.close()
            raise RuntimeError(f"the grading zygote did not start: {ready}")

    def accepts(self, command: Sequence[str]) -> bool:
        """Whether ``command`` is a test process of this Python, started unconfined."""
        return pytest_args(command, self.python) is not None and self.process.poll() is None

    def spawn(
        self,
        command: Sequence[str],
        *,
        cwd: Path,
        env: dict[str, str],
        output: int,
        pass_fds: Sequence[int],
    ) -> ForkedChild:
        """Fork a child that runs ``command``'s pytest arguments; see :func:`start_child`."""
        if self.current is not None and self.current.returncode is None:
            raise RuntimeError("the grading zygote runs one test process at a time")
        request = {
            "args": pytest_args(command, self.python),
            "safe_path": command[1] == "-P",
            "cwd": str(cwd),
            "env": env,
            "fds": list(pass_fds),
        }
        socket.send_fds(self._socket, [json.dumps(request).encode()], [output, *pass_fds])
        reply = self.receive(STARTUP_TIMEOUT)
        if not reply or "pid" not in reply:
            raise RuntimeError(f"the grading zygote could not fork: {reply}")
        self.current = ForkedChild(
            self, list(command), int(reply["pid"]), bool(reply.get("collected"))
        )
        return self.current

    def receive(self, timeout: float | None) -> dict | None:
        """The zygote's next reply; None if none came within ``timeout`` seconds."""
        self._socket.settimeout(timeout)
        try:
            data = self._socket.recv(MAX_MESSAGE)
        except TimeoutError:
            return None
        if not data:
            raise RuntimeError("the grading zygote ended")
        return json.loads(data)

    def close(self) -> None:
        """End the zygote (it exits when its socket closes) and wait for it."""
        self._socket.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --- the zygote process ---------------------------------------------------------------


def serve(channel: socket.socket) -> None:
    """Import PRELOAD, then fork a child for each request until the client closes.

    Nothing of the grader but its package files and ``collected.py`` is imported here: the
    children import the rest themselves, as a new test process would.
    """
    for name in PRELOAD:
        __import__(name)
    from _pytest.config import default_plugins

    for name in default_plugins:
        __import__(f"_pytest.{name}")
    gc.freeze()  # what is loaded now lives as long as any child: no collection looks at it
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C ends the client; then this ends
    from grader.grading.collected import CollectedSuite, suite_key

    channel.send(json.dumps({"ready": True}).encode())
    suites: dict[tuple, CollectedSuite | None] = {}
    try:
        while True:
            try:
                data, fds, _flags, _address = socket.recv_fds(channel, MAX_MESSAGE, 16)
            except ConnectionError:
                return
            if not data:
                return
            request = json.loads(data)
            if threading.active_count() != 1:  # never fork a process that has threads
                raise RuntimeError("the grading zygote started a thread")
            key = suite_key(request["args"])
            if key is not None and key not in suites:
                held = [suite.fileno() for suite in suites.values() if suite is not None]
                suites[key] = CollectedSuite.start(request, close=[channel.fileno(), *held])
            suite = suites.get(key) if key is not None else None
            pid = suite.spawn(request, fds) if suite is not None else None
            if pid is None:
                if suite is not None:  # it stopped serving: every later run starts anew
                    suites[key] = None
                    suite = None
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    _child(channel, request, fds)
            for fd in fds:
                os.close(fd)
            channel.send(json.dumps({"pid": pid, "collected": suite is not None}).encode())
            if suite is not None:
                code = suite.wait()
            else:
                code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            channel.send(json.dumps({"code": code}).encode())
    finally:
        for suite in suites.values():
            if suite is not None:
                suite.close()  # it ends when its channel closes


def _child(channel: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: become the test process the request describes; never returns."""
    code = FAILED_START
    try:
        channel.close()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a new process
        import pytest

        sys.argv = [str(Path(pytest.__file__).with_name("__main__.py")), *request["args"]]
        take_over(request, fds)
        sys.dont_write_bytecode = True
        code = int(pytest.main(request["args"]))
    except BaseException as error:  # reported in the output, and by the exit code
        with contextlib.suppress(Exception):
            print(f"the grading zygote's child could not run: {error!r}", file=sys.stderr)
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def take_over(
    request: dict,
    fds: list[int],
    moving: contextlib.AbstractContextManager | None = None,
    stale: str = "close",
) -> None:
    """Become the run's process: a session of its own, the descriptors ``fds`` (the output,
    then the others at the numbers the request names), inside ``moving`` if given, then the
    run's folder, environment and ``sys.path[0]``. Every other descriptor is closed, or with
    ``stale="null"`` left open on /dev/null (objects made before the fork may still hold
    them: what they write then goes nowhere, and closing them closes nothing of the run's)."""
    os.setsid()
    with moving or contextlib.nullcontext():
        output, *passed = fds
        _place(output, passed, request["fds"], stale)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if not request.get("safe_path"):
        sys.path[0] = os.getcwd()  # as ``python -m pytest`` has it (``-P``: not at all)


def _place(output: int, received: list[int], numbers: list[int], stale: str = "close") -> None:
    """Put /dev/null on stdin, ``output`` on stdout and stderr, and each received
    descriptor at the number the command names; close every other one (``stale="null"``:
    put /dev/null on it)."""
    floor = max([2, *numbers]) + 1
    moved = [fcntl.fcntl(fd, fcntl.F_DUPFD, floor) for fd in (output, *received)]
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(moved[0], 1)
    os.dup2(moved[0], 2)
    for source, number in zip(moved[1:], numbers, strict=True):
        os.dup2(source, number)  # inheritable, as subprocess's pass_fds leaves them
    keep = {0, 1, 2, *numbers}
    for fd in [int(name) for name in os.listdir("/proc/self/fd")]:
        if fd not in keep:
            with contextlib.suppress(OSError):
                if stale == "null" and fd not in moved:
                    os.dup2(null, fd)
                else:
                    os.close(fd)


def main() -> None:
    channel = socket.socket(fileno=int(sys.argv[1]))
    serve(channel)


if __name__ == "__main__":
    main()
