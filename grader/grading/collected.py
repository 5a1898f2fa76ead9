"""Grading runs forked after their suite is collected: the zygote's second, warmer stage.

For the first run of a suite, the zygote forks a process that starts pytest with the suite's
arguments and collects it, then waits (:class:`CollectedSuite`). Each run of that suite is
then a child of that process, forked right before the tests run. What is the run's own comes
after the fork, as a new process would set it up: the folder, descriptors and environment,
the submission, the outcome channel and the guard (``grader.inside.plugin.start_grading``).
No learner code has run before the fork: the learner's module is imported by the tests.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import json
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.grading.zygote import FAILED_START, MAX_MESSAGE, ROOT, STARTUP_TIMEOUT, take_over

# The options that differ from one grading run of a suite to the next: a run that has each
# once, in this form, is forked after collection; the rest of its arguments are the suite's.
# The harness's may come too, at most once each (``grader/inside/reach.py``).
RUN_OPTIONS = ("--submission", "--outcomes-fd", "--outcomes-key-fd")
HARNESS_OPTIONS = ("--record-reach", "--only-tests")


def suite_key(args: list[str]) -> tuple | None:
    """What a run shares with the other runs of its suite: its arguments but the run's own
    options, and the suite file's identity (a suite rewritten is collected again). None for
    a run that cannot be forked after collection: one that is not the runner's grading run,
    whose configuration is named outright (``--rootdir``, ``-c``), not found from its folder.
    """
    own = [
        arg
        for arg in args
        if arg.startswith(tuple(f"{name}=" for name in RUN_OPTIONS))
        or arg.partition("=")[0] in HARNESS_OPTIONS
    ]
    named = [arg.partition("=")[0] for arg in own]
    required = sorted(name for name in named if name in RUN_OPTIONS)
    if required != sorted(RUN_OPTIONS) or len(set(named)) != len(named):
        return None
    if any(arg.startswith("--outcomes-file") for arg in args):
        return None
    if "-c" not in args or not any(arg.startswith("--rootdir=") for arg in args):
        return None
    try:
        status = os.stat(args[0])
    except (OSError, IndexError):
        return None
    shared = tuple(arg for arg in args if arg not in own)
    return (shared, status.st_ino, status.st_mtime_ns, status.st_size)


def run_options(args: list[str]) -> dict[str, str | bool | None]:
    """The run's own options, by pytest's name for each (``outcomes_fd``...); None for a
    harness option the run does not have."""
    values: dict[str, str | bool] = {}
    for arg in args:
        name, equals, value = arg.partition("=")
        values[name] = value if equals else True  # a flag (--record-reach)
    return {name[2:].replace("-", "_"): values.get(name) for name in RUN_OPTIONS + HARNESS_OPTIONS}


class CollectedSuite:
    """The zygote's end of a process that has started pytest with a suite and collected it,
    then forks one child per grading run of that suite, right before its tests run."""

    def __init__(self, pid: int, channel: socket.socket):
        self.pid, self._channel = pid, channel

    @classmethod
    def start(cls, request: dict, close: list[int]) -> CollectedSuite | None:
        """Fork the process (which closes the zygote's descriptors ``close``) and wait until
        it has collected the suite; None if it could not (its run then goes the usual way,
        and says why)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            ours.close()
            for fd in close:
                os.close(fd)
            _collect(theirs, request)
        theirs.close()
        suite = cls(pid, ours)
        ready = suite._receive(STARTUP_TIMEOUT)
        if not ready or "ready" not in ready:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # it may still be collecting
            suite.close()
            return None
        return suite

    def spawn(self, request: dict, fds: list[int]) -> int | None:
        """Hand it a run; the child's pid, or None if it no longer serves."""
        try:
            socket.send_fds(self._channel, [json.dumps(request).encode()], fds)
            reply = self._receive(STARTUP_TIMEOUT)
        except OSError:
            reply = None
        if not reply or "pid" not in reply:
            self.close()
            return None
        return int(reply["pid"])

    def wait(self) -> int:
        """The exit code of the child it forked last, once it ended."""
        reply = self._receive(None)
        return int(reply["code"]) if reply and "code" in reply else FAILED_START

    def fileno(self) -> int:
        """The zygote's end of its channel."""
        return self._channel.fileno()

    def close(self) -> None:
        """Close its channel (it then ends) and reap it."""
        self._channel.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def _receive(self, timeout: float | None) -> dict | None:
        self._channel.settimeout(timeout)
        try:
            data = self._channel.recv(MAX_MESSAGE)
        except (TimeoutError, OSError):
            return None
        return json.loads(data) if data else None


def _collect(channel: socket.socket, request: dict) -> None:
    """In the forked process: start pytest with the suite's arguments and collect it, then
    serve its runs (:class:`_ForkAfterCollection`); never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(ROOT)
        os.environ.clear()
        os.environ.update(request["env"])
        import pytest

        own = (*RUN_OPTIONS, *HARNESS_OPTIONS)
        args = [arg for arg in request["args"] if arg.partition("=")[0] not in own]
        sys.argv = [str(Path(pytest.__file__).with_name("__main__.py")), *args]
        sys.path[0] = str(ROOT)
        sys.dont_write_bytecode = True
        pytest.main(args, plugins=[_ForkAfterCollection(channel)])
    except BaseException as error:
        code = FAILED_START
        with contextlib.suppress(Exception):
            print(f"the grading zygote could not collect a suite: {error!r}", file=sys.stderr)
    finally:
        os._exit(code)  # only a run's child goes on from the fork


class _ForkAfterCollection:
    """The pytest plugin of a :class:`CollectedSuite`'s process: once the suite is collected,
    it forks a child per run; the child goes on to run the tests, the process never does."""

    def __init__(self, channel: socket.socket):
        self._channel = channel

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtestloop(self, session):
        self._serve(session)  # returns in a run's child only
        return (yield)

    def _serve(self, session) -> None:
        gc.collect()
        gc.freeze()  # the collected suite lives as long as any child
        self._channel.send(json.dumps({"ready": True}).encode())
        while True:
            data, fds, _flags, _address = socket.recv_fds(self._channel, MAX_MESSAGE, 16)
            if not data or threading.active_count() != 1:
                os._exit(0)
            request = json.loads(data)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                self._become_run(session, request, fds)
                return
            for fd in fds:
                os.close(fd)
            self._channel.send(json.dumps({"pid": pid}).encode())
            _pid, status = os.waitpid(pid, 0)
            self._channel.send(json.dumps({"code": os.waitstatus_to_exitcode(status)}).encode())

    def _become_run(self, session, request: dict, fds: list[int]) -> None:
        """In the run's child: take the run's descriptors, folder, environment and options,
        then start grading (submission, outcome channel, guard) as configure would have."""
        try:
            self._channel.close()
            config = session.config
            # The run's descriptors go above every one this process holds: an object made
            # before the fork (pytest's log file, say) may hold a number the run's pipe would
            # otherwise take, and write into it or close it.
            top = max(int(name) for name in os.listdir("/proc/self/fd"))
            numbers = range(top + 1, top + 1 + len(request["fds"]))
            fresh = dict(zip(request["fds"], numbers, strict=True))
            request = {**request, "fds": list(fresh.values())}
            take_over(request, fds, _captures_moved(config), stale="null")
            if faulthandler.is_enabled():
                faulthandler.enable(file=sys.stderr)
            sys.argv[1:] = request["args"]
            for name, value in run_options(request["args"]).items():
                setattr(config.option, name, fresh[int(value)] if name.endswith("_fd") else value)
            from grader.inside.plugin import keep_only_chosen, start_grading

            keep_only_chosen(config, session.items)
            before = config.pluginmanager.get_plugins()
            start_grading(config)
            # What the run's own plugins would have done at collection (list the tests,
            # seal what the grade relies on), and only theirs.
            collected = config.pluginmanager.subset_hook_caller("pytest_collection_finish", before)
            collected(session=session)
        except BaseException as error:
            with contextlib.suppress(Exception):
                print(f"the grading zygote's child could not run: {error!r}", file=sys.stderr)
                sys.stderr.flush()
            os._exit(FAILED_START)


@contextlib.contextmanager
def _captures_moved(config: pytest.Config) -> Iterator[None]:
    """pytest keeps copies of the process's stdout and stderr to capture into: while they
    move to the run's own, capturing stops, then starts again on them (and waits, as
    pytest's capturing does between tests)."""
    capture = config.pluginmanager.get_plugin("capturemanager")
    if capture is None:
        yield
        return
    capture.stop_global_capturing()
    yield
    capture.start_global_capturing()
    capture.suspend_global_capture()
