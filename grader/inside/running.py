"""What the learner's code left running, and stopping it once the checks are made.

A suite notes the tasks running before it calls the learner's code, checks what that code
left behind, and stops the leftovers only after its checks (so that a timeline drawn in a
message shows them as the learner's code left them)::

    async with leftovers_stopped() as started:
        result = await topic.first_response(mirrors, download)
        check_none_left(started.leftovers(), call=call, remedy=_("Cancel them and ..."))

To *settle* means one thing here: let the event loop run what is already scheduled
(callbacks sent from other threads, tasks just created) before looking at what runs. It
takes no time: no loop time and (almost) no real time.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from grader.i18n import N_, _
from grader.inside.loops import (
    VirtualLoop,
    callbacks_waiting_since,
    callbacks_waiting_under,
    mark_now,
    still_running_under,
    stopped_by_grader,
    task_name,
    thread_jobs_since,
    unclaimed_running_since,
)
from grader.inside.rules import CANCELLED, LEFT_RUNNING, LIMITS, quoted, rules_in_force
from grader.inside.suite import (
    STOP_PATIENCE,
    expect_result,
    fail,
    reraise_not_done,
    same,
    show,
    stop_tasks,
)
from grader.inside.timeline import slow_stops

THREAD_GRACE = 0.1  # seconds of real time a job handed to a thread gets to end on its own
SETTLE_TURNS = 3  # turns of the loop: a callback sent from a thread, the task it creates, its start


async def settle(turns: int = SETTLE_TURNS) -> None:
    """Let the loop run what is already scheduled, ``turns`` times over, without waiting."""
    for _turn in range(turns):
        await asyncio.sleep(0)


def thread_jobs_left(mark: int) -> list:
    """The learner's jobs handed to a thread since ``mark`` still running once they had
    :data:`THREAD_GRACE` of real time to end (blocking)."""
    jobs = thread_jobs_since(mark)
    if jobs:
        wait_until(lambda: all(job.finished for job in jobs), THREAD_GRACE)
    return thread_jobs_since(mark)


def wait_until(condition: Callable[[], object], timeout: float) -> bool:
    """Poll ``condition()`` (blocking) for up to ``timeout`` s of real time; True if it held."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.002)
    return True


async def cancel_other_tasks(patience: float | None = None) -> None:
    """Settle, then cancel every task on this loop but the current one and wait for them
    (up to ``patience`` seconds; for ever when None)."""
    await settle()
    current = asyncio.current_task()
    await stop_tasks([t for t in asyncio.all_tasks() if t is not current], patience)


def rescue_loop(loop: asyncio.AbstractEventLoop, threads=(), patience: float = 1.0) -> None:
    """Stop, join and close a loop running in another thread, however it was left: its tasks
    cancelled (and awaited), the loop stopped and closed, ``threads`` joined (blocking, up to
    ``patience`` seconds each)."""
    if not loop.is_closed() and loop.is_running() and getattr(loop, "_stopping", False):
        # loop.stop() was called from another thread: wake the loop up so that it sees it.
        loop.call_soon_threadsafe(lambda: None)
        wait_until(lambda: not loop.is_running(), patience)
    if not loop.is_closed() and loop.is_running():
        cancelling = cancel_other_tasks()
        with_tasks = asyncio.run_coroutine_threadsafe(cancelling, loop)
        wait_until(lambda: with_tasks.done() or not loop.is_running(), patience)
        with_tasks.cancel()
        if not loop.is_running():  # it stopped first, maybe before starting our coroutine
            with contextlib.suppress(BaseException):
                cancelling.close()
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        wait_until(lambda: loop.is_closed() or not loop.is_running(), patience)
    for thread in threads:
        if thread is not threading.current_thread():
            thread.join(patience)
    if not loop.is_closed() and not loop.is_running():
        loop.close()


def forget(tasks) -> None:
    """Close the coroutines of tasks left pending on a closed loop, without log noise."""
    for pending in tasks:
        if not pending.done():
            pending._log_destroy_pending = False  # asyncio's own switch for this warning
            with contextlib.suppress(BaseException):  # their cleanup needs a loop, now gone
                pending.get_coro().close()


@dataclass(frozen=True)
class Leftover:
    """A task the learner's code started and left running (or a callback of its own it left
    scheduled): its name, and whether it was asked to cancel (``task.cancel()`` only asks)."""

    name: str
    cancel_requested: bool
    callback: bool = False  # a callback of the learner's still scheduled, not a task
    thread: bool = False  # a job of the learner's handed to a thread, still running


class Started:
    """The tasks started on this loop since this object was made."""

    def __init__(self) -> None:
        self.before = asyncio.all_tasks()
        self.mark = mark_now()

    def running(self) -> list[asyncio.Task]:
        """Those still running (the current task aside)."""
        current = asyncio.current_task()
        return [t for t in asyncio.all_tasks() - self.before if not t.done() and t is not current]

    def leftovers(self) -> list[Leftover]:
        """What :meth:`running` gives, as names and whether each was asked to cancel; the
        callbacks still scheduled and the jobs handed to a thread still running, once those
        jobs had :data:`THREAD_GRACE` of real time to end (what they send back to the loop,
        ``call_soon_threadsafe(...)``, is then scheduled, and told)."""
        threads = [Leftover(job.name, False, thread=True) for job in thread_jobs_left(self.mark)]
        tasks = [Leftover(task_name(t), t.cancelling() > 0) for t in self.running()]
        return tasks + self.scheduled() + threads

    def scheduled(self) -> list[Leftover]:
        """The callbacks of the learner's code scheduled since this object was made that
        still wait to run (call_soon, call_later, a done callback)."""
        waiting = callbacks_waiting_since(self.mark)
        return [Leftover(name, False, callback=True) for _handle, name in waiting]

    def cancel_scheduled(self) -> None:
        """Cancel what :meth:`scheduled` gives: none of it runs on the grader's time."""
        for handle, _name in callbacks_waiting_since(self.mark):
            handle.cancel()

    async def stop(self, patience: float = STOP_PATIENCE) -> None:
        """Cancel what still runs and give it ``patience`` seconds to end (the grader's clean-up:
        what those tasks leave running is not the learner's to answer for)."""
        self.cancel_scheduled()  # told already, if the test looked
        running = self.running()
        for task in running:
            stopped_by_grader(task)
        await stop_tasks(running, patience)


@contextlib.asynccontextmanager
async def leftovers_stopped():
    """Yield a :class:`Started`; on the way out, stop what the learner's code left running."""
    started = Started()
    try:
        yield started
    finally:
        await started.stop()


async def finish_within(awaitable, seconds: float) -> tuple[bool, object]:
    """Await ``awaitable`` for up to ``seconds`` (loop time): ``(True, result)`` if it
    finished, ``(False, None)`` if it was still running then (it is cancelled)."""
    deadline = asyncio.timeout(seconds)
    try:
        async with deadline:
            return True, await awaitable
    except TimeoutError:
        if not deadline.expired():
            raise
        return False, None


def check_nothing_scheduled(started: Started, *, call: str, remedy: str) -> None:
    """Fail when ``call`` returned with callbacks of the learner's code still scheduled to run
    later (a connection opened, a server started after the call, where no check looks); they
    are cancelled first."""
    waiting = started.scheduled()
    started.cancel_scheduled()
    check_none_left(waiting, call=call, remedy=remedy)


def check_none_left(leftovers: list[Leftover], *, call: str, remedy: str) -> None:
    """Fail when ``call`` returned with tasks it started still running, saying whether they
    had been asked to cancel (then they were not awaited) or never stopped at all."""
    if not leftovers:
        return
    threads = [leftover for leftover in leftovers if leftover.thread]
    if threads:
        fail(
            _(
                "Called {call}. When it returned, {count} job(s) of yours handed to a thread "
                "({names}) were still running: what they do, and send back to the loop, would "
                "go on after the call. {remedy}"
            ),
            call=call,
            count=len(threads),
            names=", ".join(sorted({leftover.name for leftover in threads})),
            remedy=remedy,
        )
    callbacks = [leftover for leftover in leftovers if leftover.callback]
    if len(callbacks) == len(leftovers):
        fail(
            _(
                "Called {call}. When it returned, {count} callback(s) of yours ({names}) were "
                "still scheduled to run later (call_soon, call_later, a done callback): the "
                "work they start would go on after the call. {remedy}"
            ),
            call=call,
            count=len(callbacks),
            names=", ".join(sorted({leftover.name for leftover in callbacks})),
            remedy=remedy,
        )
    leftovers = [leftover for leftover in leftovers if not leftover.callback]
    names = ", ".join(sorted({leftover.name for leftover in leftovers}))
    if all(leftover.cancel_requested for leftover in leftovers):
        fail(
            _(
                "Called {call}. When it returned, {count} task(s) it started ({names}) had "
                "been cancelled but had not finished yet: cancel() only asks a task to stop. "
                "Await them after cancelling, for example "
                "`await asyncio.gather(*tasks, return_exceptions=True)`, so that they have "
                "really stopped before you return."
            ),
            call=call,
            count=len(leftovers),
            names=names,
        )
    fail(
        _(
            "Called {call}. When it returned, {count} task(s) it started ({names}) were still "
            "running. {remedy}"
        ),
        call=call,
        count=len(leftovers),
        names=names,
        remedy=remedy,
    )


class Identities(list):
    """A list whose ``in`` asks for the very object: an object of the learner's cannot pass
    for one of them by an ``__eq__`` of its own."""

    __slots__ = ()

    def __contains__(self, item: object) -> bool:
        return any(each is item for each in self)


# A group's exceptions as the group itself holds them, whatever a subclass's property says.
_held = vars(BaseExceptionGroup)["exceptions"].__get__


def leaves(error: BaseException) -> Identities:
    """The exceptions inside ``error``, nested groups flattened (``[error]`` for no group);
    ``in`` on them asks for the very object."""
    if issubclass(type(error), BaseExceptionGroup):
        return Identities(leaf for inner in _held(error) for leaf in leaves(inner))
    return Identities([error])


def expect_in_input_order(results: object, expected: list, *, call: str) -> None:
    """Fail unless ``call`` returned ``expected``; say so when only the order is wrong (the
    order the work finished in, rather than the order of the input)."""
    if (
        isinstance(results, list | tuple)
        and not same(list(results), expected)
        and sorted(map(str, results)) == sorted(map(str, expected))
    ):
        fail(
            _(
                "Called {call}. It returned {got}: the right results, in the order they "
                "finished; expected them in the order of the input: {want}."
            ),
            call=call,
            got=show(results),
            want=show(expected),
        )
    expect_result(results, expected, call=call)


def reraise_failed(tasks) -> None:
    """Raise the error of the first of ``tasks`` that failed (not cancelled), as it is: a stub's
    NotImplementedError then reads "Not done yet"."""
    for each in tasks:
        if each.done() and not each.cancelled() and each.exception() is not None:
            raise each.exception()


def peak_of(intervals, tolerance: float = 0.0) -> int:
    """The most ``(start, end)`` intervals open at one moment; one that ends (within
    ``tolerance``) as another starts does not overlap it."""
    intervals = list(intervals)
    edges = sorted(
        [(start, 1) for start, _end in intervals]
        + [(end - tolerance, -1) for _start, end in intervals]
    )
    peak = running = 0
    for _at, step in edges:
        running += step
        peak = max(peak, running)
    return peak


class ThreadCall(threading.Thread):
    """``function(*args)`` called at once in a new daemon thread; its result or error kept."""

    result = error = None

    def __init__(self, function: Callable, *args: object, name: str = "worker"):
        super().__init__(target=self._call, args=(function, *args), name=name, daemon=True)
        self.start()

    def _call(self, function: Callable, *args: object) -> None:
        try:
            self.result = function(*args)
        except BaseException as error:
            self.error = error

    def ended(self, timeout: float) -> bool:
        """Wait (blocking) up to ``timeout`` s; True when the call has returned or raised."""
        self.join(timeout)
        return not self.is_alive()

    async def wait(self, timeout: float) -> bool:
        """:meth:`ended`, but without blocking the running loop."""
        deadline = time.perf_counter() + timeout
        while self.is_alive() and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        return not self.is_alive()

    def outcome(self) -> object:
        """What the call returned; what it raised is raised again."""
        if self.error is not None:
            raise self.error
        return self.result


def check_all_at_once(scene, count: int, what: str) -> None:
    """Fail unless the peak of ``scene``'s timeline is ``count``: all the operations at once
    (``what`` names them in the plural: "At most 2 fetches ran at once; expected all 5.")."""
    peak = scene.timeline.peak
    text = _("At most {peak} {what} ran at once; expected all {count}.")
    scene.check(peak == count, text, draw=True, peak=peak, what=what, count=count)


async def timed(awaitable, timeline=None, catch: type | tuple = ()) -> tuple:
    """Await ``awaitable`` from ``timeline``'s time zero (set when given): what it returned,
    the ``catch`` exception it raised (or None) and the seconds of loop time it took."""
    if timeline is not None:
        timeline.start_clock()
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        return await awaitable, None, loop.time() - start
    except catch as error:
        return None, error, loop.time() - start


# Waits of hours on the virtual clock (free): code with a deadline of its own gives up first.
HOUR = 3600.0  # seconds of loop time
NO_DEADLINE = N_(
    "It raised {error} after {minutes} min of loop time, though nothing had failed. The "
    "statements' rule: {rule}"
)
KEEPS_WAITING = N_(
    "Nothing failed: wait as long as the operations take, with no timeout of your own."
)
STILL_RUNNING = N_(
    "It was still running after {hours} h of loop time; expected it to finish after {expected} h."
)
# What fakes that take hours give: results that are falsy for n0 to n3, which code that
# waits as long as it takes hands back as they are.
FALSY_RESULTS = {"n0": "", "n1": 0, "n2": None, "n3": []}


def long_result(name: str) -> object:
    """What a fake gives for ``name``: a falsy value for n0 to n3, else a string."""
    return FALSY_RESULTS.get(name, f"handled {name}")


def expect_same(scene, got: object, want: object, hint: str) -> None:
    """Fail unless ``got`` is exactly ``want``: "It returned {got}; expected {want}.{hint}"."""
    text = _("It returned {got}; expected {want}.{hint}")
    scene.check(same(got, want), text, draw=True, got=show(got), want=show(want), hint=hint)


async def as_long_as_it_takes(scene, running, patience=None, expected=None, when_late=None):
    """What ``running`` returned, however long it took; failing with NO_DEADLINE if it raised.

    With ``patience`` (loop seconds), a call still running then is stopped; ``when_late()``
    may fail with a better reason (a cap of the learner's own) before STILL_RUNNING does."""
    async with leftovers_stopped():
        try:
            async with asyncio.timeout(patience):
                returned, error, elapsed = await timed(running, scene.timeline, Exception)
        except TimeoutError:
            if when_late is not None:
                when_late()
            scene.fail(_(STILL_RUNNING), draw=True, hours=f"{patience / HOUR:g}", expected=expected)
    if error is not None:
        fail_on_own_deadline(scene, error, elapsed)
    return returned


def fail_on_own_deadline(scene, error: BaseException, elapsed: float) -> None:
    """Fail with NO_DEADLINE: the call raised ``error`` after ``elapsed`` loop seconds, though
    nothing it awaited had failed (a stub's NotImplementedError is raised again as it is)."""
    reraise_not_done(error)
    minutes = f"{elapsed / 60:g}"
    scene.fail(_(NO_DEADLINE), draw=True, error=show(error), minutes=minutes, rule=quoted(LIMITS))


NO_DEADLINE_SET = N_(
    "Your code called {calls}: a time limit the statement does not set. No function sets a "
    "limit its task does not give: {name} waits as long as the work takes."
)
NO_OTHER_DEADLINE = N_(
    "Your code called {calls}: a time limit the statement does not set. No function sets a "
    "limit its task does not give: the only one {name} has is the seconds it is given, for the "
    "whole call."
)


def check_no_deadline(scene, seen: list[str], name: str, text: str = NO_DEADLINE_SET) -> None:
    """Fail ``scene`` unless ``seen`` (filled by ``spies.deadlines_set``) is empty: ``name``
    set a deadline of its own, ``text`` says so."""
    calls = ", ".join(dict.fromkeys(seen))  # each deadline once
    scene.check(not seen, _(text), calls=calls, name=name)


# The CANCELLED rule, for a coroutine no other check cancels: cancelled while it waits.
DAY = 24 * HOUR  # loop seconds a cancelled call may take to clean up (free on the virtual clock)
CLEANUP_GUARD = DAY + HOUR  # the hang guard of a test that waits as long for a clean-up
ENDED_BEFORE_CANCEL = N_(
    "It had already {ended} when it was to be cancelled, after {after:g} s; expected it still "
    "waiting then."
)
KEPT_RUNNING = N_(
    "Cancelled after {after:g} s, it was still running {later} later. The statements' rule: {rule}"
)
RETURNED_INSTEAD = N_(
    "Cancelled after {after:g} s, it returned {got} instead of ending cancelled. The "
    "statements' rule: {rule}"
)
LEFT_BEHIND = N_(
    "Cancelled after {after:g} s, it ended cancelled but left {count} task(s) it started "
    "({names}) running. The statements' rule: {rule}"
)
LEFT_SCHEDULED = N_(
    "Cancelled after {after:g} s, it ended cancelled but left {count} callback(s) of yours "
    "({names}) scheduled to run later (call_soon, call_later, a done callback), so the work "
    "they start goes on after the call has ended. The statements' rule: {rule}"
)
LEFT_IN_THREADS = N_(
    "Cancelled after {after:g} s, it ended cancelled while {count} job(s) of yours handed to "
    "a thread ({names}) were still running, so what they do, and send back to the loop, goes "
    "on after the call has ended. The statements' rule: {rule}"
)
LEFT_ASKED = N_(
    "Cancelled after {after:g} s, it ended cancelled while {count} task(s) it started "
    "({names}) had been cancelled but had not ended yet: cancel() only asks a task to stop. "
    "The statements' rule: {rule}"
)
RAISED_INSTEAD = N_(
    "Cancelled after {after:g} s, it raised {error} instead of ending cancelled. The "
    "statements' rule: {rule}"
)


def _virtual(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether ``loop`` runs on the virtual clock, where waiting costs no real time."""
    return isinstance(loop, VirtualLoop) and loop.looptime_on


def _ended(task: asyncio.Task) -> str:
    """How a finished task that was not cancelled ended, in words."""
    if task.exception() is not None:
        return _("raised {error}").format(error=show(task.exception()))
    return _("returned {got}").format(got=show(task.result()))


async def check_cancelled_while_waiting(
    scene,
    running,
    after: float,
    patience: float = DAY,
    ready: Callable[[], object] | None = None,
    hint: str = "",
):
    """Run ``running`` as a task and cancel it while it waits: ``after`` seconds in, or as soon
    as ``ready()`` is true. It must end cancelled within ``patience`` seconds, however long its
    clean-up takes until then (a test on the real clock gives a few seconds), and where the
    rule is in force (``rules_in_force``) with none of the tasks it started still running. A
    failure ends with ``hint``, and draws the scene's timeline."""

    def fail(message: str, rule: str = CANCELLED, **values: object) -> None:
        reraise_not_done(
            waiting.exception() if waiting.done() and not waiting.cancelled() else None
        )
        text = _(message) + (" {hint}" if hint else "")
        scene.fail(text, draw=True, after=when, rule=quoted(rule), hint=hint, **values)

    loop = asyncio.get_running_loop()
    start = loop.time()
    async with leftovers_stopped():
        mark = mark_now()
        waiting = asyncio.ensure_future(running)
        if ready is None:
            await asyncio.wait({waiting}, timeout=after)
        else:
            while not (ready() or waiting.done()) and loop.time() < start + after:
                await asyncio.sleep(0.01)
            await settle()  # it has gone on to the wait that ready() announced
        when = round(loop.time() - start, 2)
        if waiting.done():
            fail(ENDED_BEFORE_CANCEL, ended=_ended(waiting))
        # On the virtual clock, the tests' operations take a while to stop once cancelled.
        with slow_stops() if _virtual(loop) else contextlib.nullcontext():
            waiting.cancel()
            await asyncio.wait({waiting}, timeout=patience)
            if thread_jobs_since(mark):  # what a job sends back to the loop comes now, or never
                thread_jobs_left(mark)
                await settle()
            jobs = thread_jobs_since(mark)
            left = (
                [*still_running_under(waiting), *unclaimed_running_since(waiting)]
                if waiting.cancelled()
                else []
            )
            scheduled = callbacks_waiting_under(waiting) if waiting.cancelled() else []
        if not waiting.done():
            later = f"{patience / HOUR:g} h" if patience >= HOUR else f"{patience:g} s"
            fail(KEPT_RUNNING, later=later)
        if waiting.cancelled():
            if rules_in_force.left_running:
                _check_none_left_running(left, fail)
                if jobs:
                    names = ", ".join(sorted({job.name for job in jobs}))
                    fail(LEFT_IN_THREADS, LEFT_RUNNING, count=len(jobs), names=names)
                if scheduled:
                    names = ", ".join(sorted(set(scheduled)))
                    fail(LEFT_SCHEDULED, LEFT_RUNNING, count=len(scheduled), names=names)
            return
    if waiting.exception() is not None:
        fail(RAISED_INSTEAD, error=show(waiting.exception()))
    fail(RETURNED_INSTEAD, got=show(waiting.result()))


def _check_none_left_running(left: list[asyncio.Future], fail: Callable[..., None]) -> None:
    """Fail when a cancelled call ended with tasks it started (``left``) still running."""
    if not left:
        return
    names = ", ".join(sorted({task_name(task) for task in left}))
    asked = all(task.cancelling() > 0 for task in left)
    fail(LEFT_ASKED if asked else LEFT_BEHIND, LEFT_RUNNING, count=len(left), names=names)
