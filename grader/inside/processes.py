"""Child processes the learner's code starts: a spy on asyncio's subprocess functions, what
became of each child, and every child ended and reaped when a test is over, whatever the
learner's code did.

A suite marks its children's command lines with a ``marker`` (a comment in the child's code),
so that children started some other way (``subprocess.Popen``) are found too::

    async with children_watched(monkeypatch, topic.module, MARKER) as spy:
        output = await spy.within(3.0, topic.output_of(command), slow_message)
        spy.expect_exec(call)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import traceback
from pathlib import Path
from types import ModuleType

import psutil
import pytest
from blockbuster import BlockingError

from grader.i18n import _
from grader.inside.leftovers import child_pids, has_ended
from grader.inside.loops import own_task
from grader.inside.suite import fail

REAP_PATIENCE = 1.0  # seconds to wait for a killed child's end, and for each waiting thread


class ChildSpy:
    """Wraps ``asyncio.create_subprocess_exec`` (and ``_shell``) to record every child."""

    def __init__(self, marker: str):
        self.marker = marker
        self.processes: list[asyncio.subprocess.Process] = []
        self.used_shell = False
        self.peak = 0  # the most children running at once
        self.others_at_start: list[int] = []  # how many others ran when each one started
        self.lifetimes: list[float] = []  # seconds from each child's start to its end
        self.waiters: list[asyncio.Future] = []

    def running(self) -> list[asyncio.subprocess.Process]:
        return [process for process in self.processes if process.returncode is None]

    def install(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType | None) -> None:
        """Put the spy where the learner's code finds asyncio's two subprocess functions."""
        for name in ("create_subprocess_exec", "create_subprocess_shell"):
            real = getattr(asyncio, name)
            spy = self._spying(real, name)
            for owner in (asyncio, asyncio.subprocess):
                monkeypatch.setattr(owner, name, spy)
            # ``from asyncio import create_subprocess_exec``, under any name, in the learner's
            # module.
            for attribute, value in list(vars(module or {}).items()):
                if value is real:
                    monkeypatch.setattr(module, attribute, spy)

    def _spying(self, real, name: str):
        async def spy(*args, **kwargs):
            self.used_shell |= name == "create_subprocess_shell"
            started = asyncio.get_running_loop().time()
            return self._record(await real(*args, **kwargs), started)

        spy.__name__ = name
        return spy

    def _record(self, process: asyncio.subprocess.Process, started: float):
        self.others_at_start.append(len(self.running()))
        self.processes.append(process)
        self.peak = max(self.peak, len(self.running()))
        loop = asyncio.get_running_loop()
        waiter = own_task(process.wait())
        waiter.add_done_callback(lambda done: self.lifetimes.append(loop.time() - started))
        self.waiters.append(waiter)
        return process

    def expect_exec(self, call: str) -> None:
        """Fail unless ``call`` started its children with create_subprocess_exec alone."""
        if self.used_shell:
            fail(
                _(
                    "Called {call}. It started the child with create_subprocess_shell; use "
                    "asyncio.create_subprocess_exec(*command, ...), which passes every argument "
                    "as it is, with no shell in between."
                ),
                call=call,
            )
        if not self.processes:
            fail(
                _(
                    "Called {call}. It never called asyncio.create_subprocess_exec: start the "
                    "child with it (subprocess.run or Popen would wait without letting the loop "
                    "run)."
                ),
                call=call,
            )

    async def within(self, seconds: float, awaitable, slow: str, pipes=("stdout",)):
        """Await ``awaitable``; fail with ``slow`` if it takes more than ``seconds``.

        A blocking call of the subprocess module, and an AttributeError from one of ``pipes``
        that was never asked for (``None``), get a plain explanation.
        """
        deadline = asyncio.timeout(seconds)
        try:
            async with deadline:
                return await awaitable
        except TimeoutError:
            if deadline.expired():
                fail(slow)
            raise
        except BlockingError as error:
            frames = traceback.extract_tb(error.__traceback__)
            if not any(Path(frame.filename).name == "subprocess.py" for frame in frames):
                raise
            fail(
                _(
                    "Your code ran the child with the subprocess module, which made a blocking "
                    "call, {call}(), inside a coroutine: it froze the event loop until the "
                    "child was done, and nothing else could run meanwhile. Start the child with "
                    "`await asyncio.create_subprocess_exec(...)` and await its results."
                ),
                call=str(error).removeprefix("Blocking call to "),
            )
        except AttributeError as error:
            missing = [
                name for name in pipes if any(getattr(p, name) is None for p in self.processes)
            ]
            if "NoneType" not in str(error) or not missing:
                raise
            fail(
                _(
                    "Your code raised AttributeError: {error}. The child's {pipes} had no pipe: "
                    "pass {arguments} to create_subprocess_exec."
                ),
                error=error,
                pipes=", ".join(missing),
                arguments=", ".join(f"{name}=asyncio.subprocess.PIPE" for name in missing),
            )

    async def clean_up(self) -> None:
        """Kill and reap every child still running, spied or not, and the threads waiting."""
        for process in self.running():
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        for process in self.processes:
            # wait() returns only once the pipes are closed too, and a pipe whose unread
            # data filled its buffer is never read to its end: communicate() drains them.
            try:
                async with asyncio.timeout(REAP_PATIENCE):
                    await process.communicate()
            except (Exception, asyncio.CancelledError):
                transport = getattr(process, "_transport", None)
                if transport is not None:
                    transport.close()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(REAP_PATIENCE):
                        await process.wait()
        for waiter in self.waiters:
            waiter.cancel()
        await asyncio.gather(*self.waiters, return_exceptions=True)
        spied = {process.pid for process in self.processes}
        for pid in marked_children(self.marker):
            if pid not in spied:  # started some other way (subprocess.Popen?): ours to reap
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
        # Python 3.11 waits for each child in a thread of its own ("waitpid-N").
        for thread in threading.enumerate():
            if thread.name.startswith("waitpid-"):
                thread.join(timeout=REAP_PATIENCE)


@contextlib.asynccontextmanager
async def children_watched(monkeypatch: pytest.MonkeyPatch, module: ModuleType, marker: str):
    """Yield a spy on the children started; on the way out, end and reap all of them."""
    spy = ChildSpy(marker)
    spy.install(monkeypatch, module)
    try:
        yield spy
    finally:
        await spy.clean_up()


def marked_children(marker: str) -> list[int]:
    """Pids of this process's children whose command line holds ``marker``.

    A child that has ended but was never waited for (a zombie) has lost its command line,
    so every zombie child counts.
    """
    found = []
    for pid in child_pids():
        with contextlib.suppress(psutil.Error):
            child = psutil.Process(pid)
            if child.status() == psutil.STATUS_ZOMBIE or marker in " ".join(child.cmdline()):
                found.append(pid)
    return found


async def fate(process: asyncio.subprocess.Process) -> str | None:
    """What became of a child when the function under test returned; None if it was reaped."""
    if process.returncode is not None:
        return None
    await asyncio.sleep(0.1)  # a child that was sent a signal has ended by now
    if process.returncode is not None or has_ended(process.pid):
        return _(
            "the child (pid {pid}) had been told to end but nobody waited for it: its "
            "returncode was still None. kill() only sends a signal; `await process.wait()` "
            "after it, which waits for the end and reaps the child."
        ).format(pid=process.pid)
    return _(
        "the child (pid {pid}) was still running: call process.kill(), then `await "
        "process.wait()` to reap it, in a `finally` so that it happens however the waiting ends."
    ).format(pid=process.pid)
