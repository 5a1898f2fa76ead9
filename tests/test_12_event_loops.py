"""Hidden tests for topic 12: event loops.

The learner's functions make, run and close their own loops: plain ``def`` tests, with no
loop running in the test's thread. The ``loops`` fixture makes ``asyncio.new_event_loop``
(in ``asyncio``, in ``asyncio.events`` where ``Runner`` finds it, and the learner's own
binding) hand out ``GradedLoop``s, and closes every loop left open afterwards.
"""

import asyncio
import itertools
import sys
import warnings
from pathlib import Path

import looptime
import pytest
from blockbuster import BlockingError

from grader import N_, _, expect_result, fail, same, show, show_call, task
from grader.inside.evidence import record
from grader.inside.loops import LOOP_WRITE
from grader.inside.running import HOUR, fail_on_own_deadline
from grader.inside.spies import ApiSpy, replace_in_asyncio
from grader.inside.suite import called, reraise_not_done

PROMISES = {
    1: {
        "run-once-by-hand": "run_once runs coro on a loop from new_event_loop, not asyncio.run",
        "run-once-returns-the-result": "it returns what the coroutine returned",
        "run-once-closes": "it closes the loop",
        "run-once-error-propagates": "the coroutine's exception goes to the caller",
        "run-once-closes-on-error": "the loop is closed when the coroutine raises too",
        "run-once-thread-as-found": "it leaves the thread's current loop as it found it",
    },
    2: {
        "countdown-on-time": "it says start, start - 1 ... 0, one every interval, from callbacks",
        "countdown-callbacks-only": "say is called from callbacks, never from a coroutine's task",
        "countdown-run-forever": "it runs the loop with loop.run_forever()",
        "countdown-stops-at-zero": "the loop stops as soon as 0 is said",
        "countdown-closes": "it closes the loop when run_forever returns",
        "countdown-thread-as-found": "it leaves the thread's current loop as it found it",
    },
    3: {
        "metronome-on-the-grid": "beat i comes at start + i * interval of loop.time(): no drift",
        "metronome-stops-after-the-last-beat": "the loop stops with the last beat",
        "metronome-closes": "it closes the loop",
        "metronome-thread-as-found": "it leaves the thread's current loop as it found it",
        "metronome-no-beats-returns": "with 0 beats, it calls nothing and returns at once",
    },
    4: {
        "steps-one-runner-loop": "run_steps runs every step on one asyncio.Runner's loop",
        "steps-loop-factory": "the Runner gets loop_factory",
        "steps-results-in-order": "it returns a list of the steps' results in order",
        "steps-failure-propagates": "a failing step's error reaches the caller; no later step runs "
        "(nor is called)",
        "steps-closed": "the Runner's loop is closed at the end",
        "steps-closed-even-on-failure": "it is closed when a step fails too",
        "steps-thread-as-found": "it leaves the thread's current loop as it found it",
    },
    5: {
        "report-no-get-event-loop": "run_report does not call get_event_loop()",
        "report-loop-closed": "each call runs make_report() on a loop of its own, closed after",
        "report-new-event-loop": "that loop comes from asyncio.new_event_loop(), not a loop class",
        "report-returns-the-result": "it returns what make_report() returned, call after call",
        "report-closed-on-error": "a failing make_report()'s error reaches the caller, loop closed",
        "report-thread-as-found": "it leaves the thread's current loop as it found it",
    },
}

EXACT = 1e-6  # the virtual clock is exact; this only absorbs float rounding
START = 1000.0  # where a graded loop's clock starts: like a real loop's, not at 0
GUARD = 600.0  # seconds of loop time after which a graded loop stops itself
GUARDED = f"{GUARD:g}"  # as messages show it
SPEND_REFUSED = N_(
    "loop.spend is the grader's own: the tests' callbacks spend loop time with it, as their "
    "work takes time. Your code may not move the loop's clock: schedule with call_soon, "
    "call_later or call_at, and let the loop's time pass."
)
SYNC_LIMIT = 5  # seconds of real time before a test is stopped (they take milliseconds)

BLOCKING_PREFIX = "Blocking call to "  # how blockbuster's errors begin
quick = pytest.mark.timeout(SYNC_LIMIT)
_VirtualLoop = looptime.make_event_loop_class(asyncio.SelectorEventLoop)


class GradedLoop(_VirtualLoop):
    """A looptime loop (every timer exact and free) that records who made it and how it was
    run, stops itself after GUARD s of loop time (a ``run_forever()`` nobody stops ends with a
    message, not a hang), keeps what its callbacks raise for the test to raise again, and lets
    a test's callback ``spend`` loop time, as real work takes real time.

    What the checks read is kept in private attributes that only its own methods change, and
    shown through read-only properties; every attribute set on it is told to the guard, as a
    grader's loop's is (``grader.inside.loops``), which refuses the learner's code."""

    def __init__(self, made_by, guard=GUARD):
        super().__init__(start=START)
        self._made_by = made_by  # "new_event_loop", "a Runner" or "loop_factory"
        self.guard = guard  # loop seconds a run may last before the loop stops itself
        self.errors = record()  # contexts of the errors the loop reported
        self._guard_fired = False
        self._run_forever_calls = 0  # direct calls, not the ones inside run_until_complete
        self._completing = 0
        self._spent = 0  # microseconds of loop time spent by callbacks
        self._stopped_at = None  # loop time when run_forever last returned

    def __setattr__(self, name, value):
        sys.audit(LOOP_WRITE, name, "frame")
        super().__setattr__(name, value)

    def __delattr__(self, name):
        sys.audit(LOOP_WRITE, name, "frame")
        super().__delattr__(name)

    @property
    def made_by(self):
        return self._made_by

    @property
    def guard_fired(self):
        """Whether the guard stopped the loop, in any of its runs."""
        return self._guard_fired

    @property
    def run_forever_calls(self):
        return self._run_forever_calls

    @property
    def stopped_at(self):
        return self._stopped_at

    def time(self):
        return (round(super().time() * 1_000_000) + self._spent) / 1_000_000

    def spend(self, seconds):
        """Move the clock on, as a callback busy for ``seconds`` would: only for a test's
        callback (a Recorder's call), never back."""
        if sys._getframe(1).f_code is not _RECORDER_CALL or not seconds >= 0:
            raise RuntimeError(_(SPEND_REFUSED))
        self._spent += round(seconds * 1_000_000)

    def run_forever(self):
        if not self._completing:
            self._run_forever_calls += 1
        if self.is_closed() or self.is_running():
            return super().run_forever()  # raises the usual RuntimeError
        guard = self.call_at(self.time() + self.guard, self._guard)
        try:
            return super().run_forever()
        finally:
            guard.cancel()
            self._stopped_at = self.time()

    def run_until_complete(self, future):
        self._completing += 1
        try:
            return super().run_until_complete(future)
        finally:
            self._completing -= 1

    def _guard(self):
        self._guard_fired = True
        self.stop()

    def call_exception_handler(self, context):
        self.errors.append(context)
        if self.is_running():
            self.stop()

    def raise_errors(self):
        """Re-raise the first exception a callback raised, so its message reaches the learner."""
        for context in self.errors:
            error = context.get("exception")
            if isinstance(error, BlockingError):
                message = _(
                    "A callback made a blocking call, {call}(): while it blocked, no timer "
                    "and no other callback could run. Never wait in a callback: schedule "
                    "the next step with loop.call_later or loop.call_at, and return."
                )
                fail(message, call=str(error).removeprefix(BLOCKING_PREFIX).strip())
            if error is not None:
                raise error


class LoopSpy:
    """Stands in for ``asyncio.new_event_loop`` and keeps every loop it made."""

    def __init__(self):
        self.loops = record()
        self.seen = record()  # loops the test met some other way (recorded by its callbacks)
        self.guard = GUARD  # what the loops it makes from now on get as their guard

    def new_event_loop(self):
        caller = Path(sys._getframe(1).f_code.co_filename)
        by_runner = caller.name == "runners.py" and caller.parent.name == "asyncio"
        return self.make("a Runner" if by_runner else "new_event_loop")

    def make(self, made_by):
        loop = GradedLoop(made_by, self.guard)
        self.loops.append(loop)
        return loop

    def factory(self):
        """A ``loop_factory`` for Runner; its loops are marked as made by it."""
        return self.make("loop_factory")

    def meet(self, loop):
        """Remember a loop the learner's code made some other way, to close it afterwards."""
        if loop is not None and loop not in self.loops:
            self.seen.append(loop)


@pytest.fixture
def loops(topic, monkeypatch):
    """Every ``asyncio.new_event_loop()`` gives a GradedLoop; all are closed afterwards."""
    spy = LoopSpy()
    replace_in_asyncio(
        monkeypatch, topic.module, "new_event_loop", spy.new_event_loop, asyncio.events
    )
    try:
        yield spy
    finally:
        for loop in [*spy.loops, *spy.seen]:
            if not loop.is_running() and not loop.is_closed():
                loop.close()
        asyncio.set_event_loop(None)


class Recorder:
    """A callback that records each call: its argument, the running loop and its time."""

    def __init__(self, name, spy, work=0.0):
        self.__name__ = name
        self.spy = spy
        self.work = work
        self.calls = record()  # (argument, loop or None, time on that loop or None)
        self.in_tasks = record()  # (argument, task) of the calls made by a running task's coroutine

    def __call__(self, value):
        loop = asyncio._get_running_loop()
        self.calls.append((value, loop, loop.time() if loop is not None else None))
        task = asyncio.current_task(loop) if loop is not None else None
        if task is not None:
            self.in_tasks.append((value, task))
        self.spy.meet(loop)
        if isinstance(loop, GradedLoop) and self.work:
            loop.spend(self.work)

    @property
    def values(self):
        return [value for value, _loop, _at in self.calls]

    def times(self):
        """When each call came, in seconds after its loop was made."""
        return [None if at is None else round(at - START, 6) for _value, _loop, at in self.calls]


_RECORDER_CALL = Recorder.__call__.__code__  # the one caller GradedLoop.spend obeys


def seconds(times):
    return "[" + ", ".join("?" if t is None else f"{t:g}" for t in times) + "]"


MAKE_A_LOOP = N_("Make the loop with asyncio.new_event_loop() (the grader's has a virtual clock).")
CLOSE_IT = N_("call loop.close() in a finally, so that an exception cannot skip it.")
CLOSE_THE_RUNNER = N_("use the Runner in a with block: leaving it closes the loop, even on errors.")


def loop_of(spy, recorder, scene):
    """The one graded loop the recorder's calls ran on, with a message for every other case."""
    outside = [value for value, loop, _at in recorder.calls if loop is None]
    message = _(
        "{name}({value}) was called while no loop was running: every call must come from a "
        "callback that the loop runs (scheduled with call_soon, call_later or call_at)."
    )
    scene.check(
        not outside, message, name=recorder.__name__, value=show(outside[0]) if outside else ""
    )
    used = {id(loop): loop for _value, loop, _at in recorder.calls}
    foreign = [loop for loop in used.values() if not isinstance(loop, GradedLoop)]
    message = _("Its callbacks ran on a loop not made by asyncio.new_event_loop() ({type}). {hint}")
    scene.check(
        not foreign, message, type=type(foreign[0]).__name__ if foreign else "", hint=_(MAKE_A_LOOP)
    )
    message = _("Its callbacks ran on {count} different loops; expected all of them on one loop.")
    scene.check(len(used) <= 1, message, count=len(used))
    for loop in spy.loops:
        loop.raise_errors()
    message = _("It never made a loop with asyncio.new_event_loop(). {hint}")
    scene.check(spy.loops, message, hint=_(MAKE_A_LOOP))
    return next(iter(used.values())) if used else spy.loops[-1]


def expect_error_reaches_caller(run, error, scene):
    """Call ``run()``; fail unless it raises ``error`` itself, as the caller must learn of it."""
    kind = type(error).__name__
    try:
        result = run()
    except type(error) as raised:
        message = _("It raised a different {kind}: {raised}.")
        scene.check(raised is error, message, kind=kind, raised=raised)
    else:
        message = _("It returned {result}; expected the {kind} to reach the caller.")
        scene.fail(message, kind=kind, result=show(result))


def expect_closed(loop, scene, fix, after_raising=False):
    if after_raising:
        message = _("It raised the error, as it should, but left its loop open: {fix}")
    else:
        message = _("After it returned, the loop it had used was still open: {fix}")
    scene.check(loop.is_closed(), message, fix=_(fix))


def current_loop():
    """The loop set as this thread's current one, or None; read without making one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the policy API, from 3.14
        return asyncio.get_event_loop_policy()._local._loop


def expect_thread_as_found(before, scene):
    """Fail unless the thread's current loop is still ``before``, what the test found."""
    after = current_loop()
    if after is before:
        return
    if after is None:
        message = _(
            "It unset this thread's current loop (asyncio.set_event_loop(None)), which it had "
            "found set: leave the thread's current loop as you found it."
        )
        scene.fail(message)
    state = _("closed") if after.is_closed() else _("still open")
    message = _(
        "It returned with its loop ({state}) left as this thread's current loop: "
        "asyncio.set_event_loop(loop) was never undone, and the next asyncio.get_event_loop() "
        "in this thread would hand out that loop. After set_event_loop(loop), call "
        "asyncio.set_event_loop(None) before you return (in the finally), as asyncio.run does."
    )
    scene.fail(message, state=state)


# Task 1: new_event_loop, run_until_complete, close --------------------------------------


class ReportFailed(Exception):
    """The error a test's coroutine raises."""


class ReportAborted(BaseException):
    """What a test's coroutine raises that is no Exception (``except Exception`` lets it by)."""


def check_made_by_hand(ran_on, scene):
    hint = _(
        "Drive the loop by hand, as asyncio.run does: loop = asyncio.new_event_loop(), "
        "loop.run_until_complete(coro), loop.close()."
    )
    scene.check(ran_on, _("The coroutine never ran: run it with loop.run_until_complete(coro)."))
    loop = ran_on[0]
    message = _("The coroutine ran on a loop not made by asyncio.new_event_loop() ({type}). {hint}")
    scene.check(isinstance(loop, GradedLoop), message, type=type(loop).__name__, hint=hint)
    message = _(
        "The coroutine ran on a loop that {maker} made: asyncio.run (or a Runner) did the "
        "work. {hint}"
    )
    maker = _("a Runner") if loop.made_by == "a Runner" else loop.made_by
    scene.check(loop.made_by == "new_event_loop", message, maker=maker, hint=hint)
    return loop


RUN_ONCE_SCENES = {
    False: "run_once(job('done', delay=2))",
    True: N_("run_once(job(...)), where the job raises ReportFailed('disk full') after 1 s"),
}


@task(
    1,
    checks=(
        "run-once-by-hand",
        "run-once-returns-the-result",
        "run-once-closes",
        "run-once-error-propagates",
        "run-once-closes-on-error",
        "run-once-thread-as-found",
    ),
)
@quick
@pytest.mark.parametrize("fails", [False, True], ids=["returns", "raises"])
def test_run_once_returns_the_result_and_closes_the_loop(topic, loops, fails):
    """run_once(job) returns the job's result or raises its error, and closes its new loop."""
    ran_on = record()
    scene = called(_(RUN_ONCE_SCENES[fails]))
    error = ReportFailed("disk full") if fails else None

    async def job():
        ran_on.append(asyncio.get_running_loop())
        await asyncio.sleep(1.0 if fails else 2.0)
        if error is not None:
            raise error
        return "done"

    coro = job()
    before = current_loop()
    try:
        result = topic.run_once(coro)
    except ReportFailed as raised:
        message = _("It raised a different ReportFailed: {raised}.")
        scene.check(raised is error, message, raised=raised)
    else:
        check_made_by_hand(ran_on, scene)
        message = _(
            "It returned normally, so the caller never learned of the error: close the "
            "loop in a finally, with no except that swallows the error."
        )
        scene.check(not fails, message)
    finally:
        coro.close()  # no "never awaited" warning when the learner's code did not run it
    loop = check_made_by_hand(ran_on, scene)
    if not fails:
        message = _(
            "It returned {result}; expected 'done', what run_until_complete(coro) returned."
        )
        scene.check(same(result, "done"), message, result=show(result))
        message = _("The loop's clock moved {moved} s; expected 2 s: the coroutine's sleep, once.")
        scene.check(
            abs(loop.time() - START - 2.0) < EXACT, message, moved=f"{loop.time() - START:g}"
        )
    expect_closed(loop, scene, CLOSE_IT, after_raising=fails)
    expect_thread_as_found(before, scene)


@task(
    1, checks=("run-once-error-propagates", "run-once-closes-on-error", "run-once-thread-as-found")
)
@quick
def test_run_once_closes_the_loop_when_the_coroutine_is_cancelled(topic, loops):
    """run_once(job) whose job is cancelled: CancelledError reaches the caller, loop closed."""
    ran_on = record()
    scene = called(_("run_once(job(...)), where the job is cancelled after 1 s"))

    async def job():
        ran_on.append(asyncio.get_running_loop())
        await asyncio.sleep(1.0)
        raise asyncio.CancelledError

    coro = job()
    before = current_loop()
    try:
        result = topic.run_once(coro)
    except asyncio.CancelledError:
        pass
    else:
        message = _(
            "It returned {result}; expected the job's asyncio.CancelledError to reach the "
            "caller, as run_until_complete raises it."
        )
        scene.fail(message, result=show(result))
    finally:
        coro.close()
    loop = check_made_by_hand(ran_on, scene)
    message = _(
        "The job's asyncio.CancelledError reached the caller, as it should, but the loop was "
        "left open. CancelledError is a BaseException, not an Exception, so an `except "
        "Exception:` that closes the loop misses it: {fix}"
    )
    scene.check(loop.is_closed(), message, fix=_(CLOSE_IT))
    expect_thread_as_found(before, scene)


# Task 2: run_forever, stop from a callback, call_soon and call_later --------------------


def check_stopped(loop, recorder, scene, expected):
    """The loop ended because the learner stopped it, not because the guard did."""
    message = _(
        "{name} was called with {values}; then the loop ran idle until the grader stopped it "
        "after {guard} s of loop time. Call loop.stop() from the last callback, right after "
        "{name}({last}): run_forever() returns only then."
    )
    name, values, last = recorder.__name__, show(recorder.values), show(expected[-1])
    scene.check(not loop.guard_fired, message, name=name, values=values, guard=GUARDED, last=last)


def check_stopped_with_the_last_call(loop, recorder, scene, work=0.0):
    """The loop stopped in the same instant as the last call (plus that call's own work)."""
    if not recorder.calls or loop.stopped_at is None:
        return
    last_value, _loop, last_at = recorder.calls[-1]
    late = loop.stopped_at - (last_at + work)
    message = _(
        "The loop stopped {late} s after {name}({last}), the last call: call loop.stop() "
        "in that very callback, not on a timer of its own."
    )
    scene.check(
        late < EXACT, message, late=f"{late:g}", name=recorder.__name__, last=show(last_value)
    )


def on_time(times, grid):
    return len(times) == len(grid) and all(
        got is not None and abs(got - want) < EXACT for got, want in zip(times, grid, strict=True)
    )


@task(
    2,
    checks=(
        "countdown-on-time",
        "countdown-callbacks-only",
        "countdown-run-forever",
        "countdown-stops-at-zero",
        "countdown-closes",
        "countdown-thread-as-found",
    ),
)
@quick
@pytest.mark.parametrize(("start", "interval"), [(3, 0.25), (2, 0.75), (0, 1.0)])
def test_countdown_says_each_number_on_time(topic, loops, start, interval):
    """countdown(3, 0.25, say), (2, 0.75, say), (0, 1.0, say): each number on time, stop, close."""
    say = Recorder("say", loops)
    scene = called(show_call("countdown", start, interval, say))
    before = current_loop()
    topic.countdown(start, interval, say)
    loop = loop_of(loops, say, scene)
    expected = list(range(start, -1, -1))
    check_stopped(loop, say, scene, expected)
    stopped_early = _(" The loop stopped too soon: call loop.stop() from the callback that says 0.")
    message = _("say was called with {values}; expected {expected}.{early}")
    early = stopped_early if say.values and same(say.values, expected[: len(say.values)]) else ""
    values = show(say.values)
    scene.check(
        same(say.values, expected), message, values=values, expected=show(expected), early=early
    )
    message = _(
        "say was called at {times} s after the loop was made; expected {grid}: the first at "
        "once (call_soon), then one every {interval} s (call_later from the one before)."
    )
    times, grid = say.times(), [i * interval for i in range(start + 1)]
    every = f"{interval:g}"
    scene.check(
        on_time(times, grid), message, times=seconds(times), grid=seconds(grid), interval=every
    )
    message = _(
        "say({value}) was called by a coroutine ({coroutine}, run as a task), not by a "
        "callback: the countdown is made of callbacks only. call_soon a plain function that "
        "says the number and books the next one with loop.call_later."
    )
    value, in_task = say.in_tasks[0] if say.in_tasks else (None, None)
    coroutine = getattr(in_task and in_task.get_coro(), "__qualname__", "?")
    scene.check(not say.in_tasks, message, value=show(value), coroutine=coroutine)
    message = _("The countdown was right, but the loop never ran through loop.run_forever().")
    scene.check(loop.run_forever_calls >= 1, message)
    check_stopped_with_the_last_call(loop, say, scene)
    expect_closed(loop, scene, CLOSE_IT)
    expect_thread_as_found(before, scene)


# Task 3: call_at against loop.time() -----------------------------------------------------

BEAT_WORK = 0.3  # loop time each on_beat takes


@task(
    3,
    checks=(
        "metronome-on-the-grid",
        "metronome-stops-after-the-last-beat",
        "metronome-closes",
        "metronome-thread-as-found",
    ),
)
@pytest.mark.parametrize(("beats", "interval"), [(4, 1.0), (3, 0.5), (1, 2.0)])
@quick
def test_metronome_stays_on_the_grid(topic, loops, beats, interval):
    """metronome(beats, interval, on_beat), on_beat taking 0.3 s: beats on the grid, no drift."""
    on_beat = Recorder("on_beat", loops, work=BEAT_WORK)
    scene = called(show_call("metronome", beats, interval, on_beat))
    before = current_loop()
    topic.metronome(beats, interval, on_beat)
    loop = loop_of(loops, on_beat, scene)
    expected = list(range(beats))
    times = on_beat.times()
    grid = [i * interval for i in expected]
    right = same(on_beat.values, expected) and on_time(times, grid)
    message = _(
        "on_beat was called with {values} at {times} s after the loop was made; then the "
        "loop waited until the grader stopped it after {guard} s of loop time: a beat due far "
        "ahead? call_at wants the loop's clock: call_at(loop.time() + ...), not time.time()."
    )
    if not on_beat.values:
        message = _(
            "on_beat was never called: the loop waited until the grader stopped it after "
            "{guard} s of loop time, so every beat was due far ahead. call_at wants the loop's "
            "own clock, whose origin is its own: call_at(loop.time() + ...), not time.time() "
            "or time.monotonic()."
        )
    values, shown = show(on_beat.values), seconds(times)
    scene.check(right or not loop.guard_fired, message, values=values, times=shown, guard=GUARDED)
    check_stopped(loop, on_beat, scene, expected)
    message = _("on_beat was called with {values}; expected {expected}.")
    scene.check(
        same(on_beat.values, expected),
        message,
        values=show(on_beat.values),
        expected=show(expected),
    )
    steps = [round(b - a, 6) for a, b in itertools.pairwise(times)]
    hint = ""
    if steps and all(abs(step - interval - BEAT_WORK) < EXACT for step in steps):
        hint = _(
            " Each beat came {work} s later than the last (on_beat's work): call_later inside a "
            "beat counts from its end. Read start = loop.time() once, then "
            "loop.call_at(start + i * interval, ...)."
        )
    elif steps and all(abs(step - BEAT_WORK) < EXACT for step in steps):
        hint = _(
            " The beats came one right after another, their times already past: call_at wants "
            "loop.time() + i * interval (the loop's clock does not start at 0)."
        )
    message = _(
        "on_beat takes {work} s. It was called at {times} s after the loop was made; "
        "expected {grid}.{hint}"
    )
    work = f"{BEAT_WORK:g}"
    hint = hint.format(work=work)
    scene.check(right, message, work=work, times=shown, grid=seconds(grid), hint=hint)
    check_stopped_with_the_last_call(loop, on_beat, scene, work=BEAT_WORK)
    expect_closed(loop, scene, CLOSE_IT)
    expect_thread_as_found(before, scene)


@task(3, checks=("metronome-no-beats-returns", "metronome-closes"))
@quick
def test_metronome_of_no_beats_returns_at_once(topic, loops):
    """metronome(0, 1.0, on_beat) calls nothing and returns, with no loop left open."""
    on_beat = Recorder("on_beat", loops, work=BEAT_WORK)
    scene = called(show_call("metronome", 0, 1.0, on_beat))
    before = current_loop()
    try:
        topic.metronome(0, 1.0, on_beat)
    except RuntimeError:  # run_until_complete, its loop stopped by the grader's guard
        if not any(loop.guard_fired for loop in loops.loops):
            raise
    message = _("on_beat was called with {values}; with 0 beats, expected no call at all.")
    scene.check(not on_beat.values, message, values=show(on_beat.values))
    message = _(
        "It ran its loop, with nothing to call, until the grader stopped it after {guard} s "
        "of loop time: with 0 beats no last beat comes to stop it. Run the loop only when "
        "there is a beat to call, and return at once otherwise."
    )
    idle = any(loop.guard_fired for loop in loops.loops)
    scene.check(not idle, message, guard=GUARDED)
    for loop in loops.loops:
        expect_closed(loop, scene, CLOSE_IT)
    expect_thread_as_found(before, scene)


# Task 4: asyncio.Runner ------------------------------------------------------------------


class StepFailed(Exception):
    """The error a test's step raises."""


def shared_steps(record):
    """Steps that share a task: the first starts it, the second awaits it."""
    shared = {}

    async def start_job():
        record.append(asyncio.get_running_loop())
        shared["job"] = asyncio.create_task(asyncio.sleep(1.0, result="job done"))
        return "started"

    async def join_job():
        record.append(asyncio.get_running_loop())
        return await shared["job"]

    async def count_tasks():
        record.append(asyncio.get_running_loop())
        await asyncio.sleep(0.5)
        return "counted"

    return [start_job, join_job, count_tasks]


def run_steps_or_explain(topic, steps, record, scene, **kwargs):
    """Call run_steps; when it fails, say first whether the steps shared a loop."""
    try:
        return topic.run_steps(steps, **kwargs)
    except (Exception, asyncio.CancelledError) as error:
        reraise_not_done(error)
        check_one_loop(record, scene, error)
        raise


def check_one_loop(record, scene, error=None):
    distinct = list({id(loop): loop for loop in record}.values())
    why = _(" Hence {error}: the first step's task belonged to a loop closed by then.")
    message = _(
        "Its steps ran on {count} different loops (asyncio.run makes a new one each call); "
        "expected all on one.{why} Make one asyncio.Runner and runner.run(...) every step."
    )
    because = why.format(error=type(error).__name__) if error is not None else ""
    scene.check(len(distinct) <= 1, message, count=len(distinct), why=because)


@task(
    4,
    checks=(
        "steps-one-runner-loop",
        "steps-loop-factory",
        "steps-results-in-order",
        "steps-closed",
        "steps-thread-as-found",
    ),
)
@quick
@pytest.mark.parametrize("factory", [False, True], ids=["runner", "loop_factory"])
def test_run_steps_share_one_runner_loop(topic, loops, factory):
    """run_steps([start_job, join_job, count_tasks]) runs all three on one Runner's loop."""
    record = []
    steps = shared_steps(record)
    options = {"loop_factory": loops.factory} if factory else {}
    scene = called(show_call("run_steps", steps, **options))
    before = current_loop()
    results = run_steps_or_explain(topic, steps, record, scene, **options)
    check_one_loop(record, scene)
    message = _("{ran} of the {count} steps ran; expected every step, one after another.")
    scene.check(record and len(record) == len(steps), message, ran=len(record), count=len(steps))
    loop = record[0]
    made = [made for made in loops.loops if made.made_by == "loop_factory"]
    if factory:
        message = _("The factory was never called: pass it on, asyncio.Runner(loop_factory=...).")
        scene.check(made, message)
        message = _("The factory was called {count} times; expected once: one Runner, one loop.")
        scene.check(len(made) == 1, message, count=len(made))
        scene.check(loop is made[0], _("The steps did not run on the loop the factory made."))
    maker = loop.made_by if isinstance(loop, GradedLoop) else "your code"
    message = _(
        "The steps ran on a loop that {maker} made; expected the loop of one asyncio.Runner, as "
        "the statement asks (a loop made and run by hand is refused here): `with "
        "asyncio.Runner(loop_factory=loop_factory) as runner:`, then runner.run(step())."
    )
    shown = _("your code") if maker == "your code" else maker
    scene.check(factory or maker == "a Runner", message, maker=shown)
    message = _("It returned {results}; expected the steps' results in order, as a list: {want}.")
    want = ["started", "job done", "counted"]
    scene.check(same(results, want), message, results=show(results), want=show(want))
    expect_closed(loop, scene, CLOSE_THE_RUNNER)
    expect_thread_as_found(before, scene)


@task(4, checks=("steps-results-in-order",))
@quick
def test_run_steps_with_no_step(topic, loops):
    """run_steps([]) returns [], an empty list of results."""
    expect_result(topic.run_steps([]), [], call="run_steps([])", meaning=_("no step, no result"))


@task(
    4,
    checks=(
        "steps-failure-propagates",
        "steps-closed-even-on-failure",
        "steps-thread-as-found",
        "steps-results-in-order",
    ),
)
@quick
def test_run_steps_closes_the_loop_when_a_step_fails(topic, loops):
    """run_steps([ok, broken, never]) raises broken's error, skips never, and closes the loop."""
    ran_on = record()
    error = StepFailed("step 2 broke")

    async def ok():
        ran_on.append(asyncio.get_running_loop())
        return "ok"

    async def broken():
        ran_on.append(asyncio.get_running_loop())
        await asyncio.sleep(0.1)
        raise error

    async def never_body():
        ran_on.append(asyncio.get_running_loop())
        return "ran"

    made = record()  # the coroutines never() made: none, when each step is called in its turn

    def never():
        """An async function's stand-in that notes each call: calling it makes the coroutine."""
        made.append(never_body())
        return made[-1]

    steps = [ok, broken, never]
    scene = called(
        _("{call}, where broken raises StepFailed").format(call=show_call("run_steps", steps))
    )
    before = current_loop()
    expect_error_reaches_caller(lambda: topic.run_steps(steps), error, scene)
    message = _("{count} steps ran; expected 2: after a step fails, the steps after it do not run.")
    scene.check(len(ran_on) == 2, message, count=len(ran_on))
    for coroutine in made:
        coroutine.close()  # no "never awaited" warning from the test's side
    message = _(
        "never() was called, though its step never came: its coroutine was made and never "
        "awaited (Python warns: coroutine 'never' was never awaited). Expected no call: call "
        "each step when its turn comes, runner.run(step()), not all of them before the first "
        "runs."
    )
    scene.check(not made, message)
    check_one_loop(ran_on, scene)
    expect_closed(ran_on[0], scene, CLOSE_THE_RUNNER, after_raising=True)
    expect_thread_as_found(before, scene)


# Task 5: no get_event_loop ---------------------------------------------------------------


def get_event_loop_message(error=None):
    """Why run_report must not call get_event_loop(), with what it did this time."""
    if isinstance(error, DeprecationWarning):
        happened = _("Python warned: {error}. ").format(error=error)
    elif isinstance(error, RuntimeError) and "closed" in str(error):
        happened = _(
            "It raised RuntimeError: {error}. get_event_loop() gave back this thread's loop, "
            "closed by the call before. "
        ).format(error=str(error).rstrip("."))
    elif isinstance(error, RuntimeError) and "no current event loop" in str(error):
        happened = _(
            "It raised RuntimeError: {error}. Whether get_event_loop() makes a loop depends on "
            "what ran before in the thread (here asyncio.run unset the current loop). "
        ).format(error=str(error).rstrip("."))
    elif error is not None:
        happened = _("It raised {type}: {error}. ").format(type=type(error).__name__, error=error)
    else:
        happened = ""
    return _(
        "It calls asyncio.get_event_loop(). {happened}With no loop running, that hands out a "
        "hidden per-thread loop nobody owns (a warning since 3.12, RuntimeError from 3.14). "
        "Give each call its own loop: asyncio.run(make_report()), or an asyncio.Runner."
    ).format(happened=happened)


@task(
    5,
    checks=(
        "report-no-get-event-loop",
        "report-loop-closed",
        "report-new-event-loop",
        "report-returns-the-result",
        "report-thread-as-found",
    ),
)
@quick
def test_run_report_runs_each_call_on_a_closed_loop_of_its_own(topic, loops, monkeypatch):
    """run_report(make_report), twice: no get_event_loop(), each run's loop closed after."""
    ran_on = record()
    spy = ApiSpy(monkeypatch, topic.module, "get_event_loop")

    async def make_report():
        loop = asyncio.get_running_loop()
        ran_on.append(loop)
        loops.meet(loop)
        await asyncio.sleep(0)
        return f"report {len(ran_on)}"

    for number in (1, 2):
        call = "run_report(make_report)"
        if number == 2:
            call = _("{call} a second time").format(call=call)
        scene = called(call)
        before = current_loop()
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            try:
                result = topic.run_report(make_report)
            except Exception as error:
                reraise_not_done(error)
                if spy.used():
                    scene.fail(get_event_loop_message(error))
                message = _(
                    "It raised RuntimeError: {error}. It ran on a loop the first call had "
                    "closed: give each call a fresh loop, asyncio.run(make_report())."
                )
                closed = isinstance(error, RuntimeError) and "closed" in str(error)
                scene.check(not closed, message, error=error)
                raise
        scene.check(not spy.used(), get_event_loop_message())
        message = _("make_report() ran {count} times in all; expected once per call.")
        scene.check(len(ran_on) == number, message, count=len(ran_on))
        expect_result(
            result, f"report {number}", call=call, meaning=_("what make_report() returned")
        )
        message = _(
            "After it returned, the loop that ran make_report() was still open, and nobody "
            "else will close it: use a loop that gets closed, as asyncio.run's does."
        )
        scene.check(ran_on[-1].is_closed(), message)
        message = _(
            "The coroutine ran on a loop not made by asyncio.new_event_loop() ({type}). {hint}"
        )
        kind = type(ran_on[-1]).__name__
        scene.check(isinstance(ran_on[-1], GradedLoop), message, type=kind, hint=_(MAKE_A_LOOP))
        expect_thread_as_found(before, scene)


@task(5, checks=("report-closed-on-error", "report-thread-as-found"))
@quick
@pytest.mark.parametrize(
    "error", [ReportFailed("no data"), ReportAborted("stop")], ids=["Exception", "BaseException"]
)
def test_run_report_closes_the_loop_when_the_report_fails(topic, loops, error):
    """run_report(make_report) whose report raises: the error reaches the caller, loop closed."""
    ran_on = record()

    async def make_report():
        loop = asyncio.get_running_loop()
        ran_on.append(loop)
        loops.meet(loop)
        await asyncio.sleep(0)
        raise error

    call = _("run_report(make_report), where make_report() raises {error}, a kind of {kind}")
    kind = "Exception" if isinstance(error, Exception) else "BaseException"
    scene = called(call.format(error=type(error).__name__, kind=kind))
    before = current_loop()
    expect_error_reaches_caller(lambda: topic.run_report(make_report), error, scene)
    message = _("make_report() ran {count} times in all; expected once per call.")
    scene.check(len(ran_on) == 1, message, count=len(ran_on))
    message = _(
        "It raised the error, as it should, but left the loop that ran make_report() open: "
        "close it whatever happens (asyncio.run does, or a finally; `except Exception` lets "
        "a BaseException by)."
    )
    scene.check(ran_on[0].is_closed(), message)
    expect_thread_as_found(before, scene)


# Tasks 1, 4, 5: no deadline of their own, and a false result is a result ------------------

LONG_GUARD = 4 * HOUR  # loop seconds before a graded loop stops itself, in these tests
FALSE_RESULTS_TOO = N_(
    "It returned {got}; expected {want}. A false value ('', 0, None) is a result like any "
    "other: return it as it came, with no `if result:` or `result or ...`."
)


def run_however_long(run, loops, scene):
    """What ``run()`` returned, however long the loops it ran took; NO_DEADLINE if it raised
    (the blocking twin of running.as_long_as_it_takes)."""
    loops.guard = LONG_GUARD
    try:
        return run()
    except Exception as error:
        elapsed = max((loop.time() - START for loop in loops.loops), default=0.0)
        fail_on_own_deadline(scene, error, elapsed)


@task(1, checks=("run-once-returns-the-result",))
@quick
def test_run_once_waits_as_long_as_the_coroutine_takes(topic, loops):
    """run_once(job()), a job that takes two hours and returns 0: 0, however long it takes."""
    scene = called(_("run_once(job()), where the job takes two hours and returns 0"))

    async def job():
        await asyncio.sleep(2 * HOUR)
        return 0

    coro = job()
    try:
        result = run_however_long(lambda: topic.run_once(coro), loops, scene)
    finally:
        coro.close()  # no "never awaited" warning when the learner's code did not run it
    scene.check(same(result, 0), _(FALSE_RESULTS_TOO), got=show(result), want=show(0))


@task(4, checks=("steps-results-in-order",))
@quick
def test_run_steps_waits_as_long_as_the_steps_take(topic, loops):
    """run_steps([two_hours, one_hour, at_once]) gives ['', 0, None], however long they take."""

    async def two_hours():
        await asyncio.sleep(2 * HOUR)
        return ""

    async def one_hour():
        await asyncio.sleep(HOUR)
        return 0

    async def at_once():
        return None

    steps = [two_hours, one_hour, at_once]
    setting = _("{call}, where the steps take 2 h, 1 h and no time, and return '', 0 and None")
    scene = called(setting.format(call=show_call("run_steps", steps)))
    results = run_however_long(lambda: topic.run_steps(steps), loops, scene)
    want = ["", 0, None]
    scene.check(same(results, want), _(FALSE_RESULTS_TOO), got=show(results), want=show(want))


@task(5, checks=("report-returns-the-result",))
@quick
def test_run_report_waits_as_long_as_the_report_takes(topic, loops):
    """run_report(make_report), a report that takes an hour and returns '': ''."""
    scene = called(_("run_report(make_report), where make_report() takes an hour and returns ''"))

    async def make_report():
        loops.meet(asyncio.get_running_loop())
        await asyncio.sleep(HOUR)
        return ""

    result = run_however_long(lambda: topic.run_report(make_report), loops, scene)
    scene.check(same(result, ""), _(FALSE_RESULTS_TOO), got=show(result), want=show(""))
