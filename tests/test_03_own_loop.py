"""Hidden tests for topic 03: a loop of your own.

Tasks 1 and 2 need no clock. Tasks 3 and 4 run on a fake clock that only moves when the loop
calls ``wait_until``, so wake-up times are exact and no time passes. Tasks 4 to 6 also run
real threads on the real clock, scaled small: a 0.2 s upload beside a heartbeat every
0.02 s. A starved heartbeat misses beats for the whole upload (gap >= 0.2 s); a healthy one
never pauses for more than a couple of beats (gap about 0.03 s), so the line between them
sits at 0.1 s; a gap over it is measured once more before failing (a busy machine).
"""

import heapq
import inspect
import itertools
import threading
import time
from collections import deque

import pytest

from grader import check, expect_result, fail, same, show, task

PROMISES = {
    1: {
        "round-robin-one-step-each-in-turn": "round_robin advances the first task one step "
        "with next and puts it back at the end: 3, 1 and 2 steps run as a0 b0 c0 a1 c1 a2",
        "round-robin-runs-every-task-to-its-end": "every task runs to its end, finished ones "
        "are dropped; one task or none works too",
    },
    2: {
        "collect-returns-every-result": "run_and_collect returns the dict {name: what the "
        "task returned}, None and yield from included",
        "collect-runs-round-robin": "it runs the tasks with the same round-robin as task 1",
    },
    3: {
        "sleeps-overlap": "a sleeping task is parked until clock() + seconds: sleeps of 3, 1 "
        "and 2 s wake at 1, 2 and 3 s, 3 s in all",
        "ready-tasks-run-while-others-sleep": "the ready tasks keep running in turn while "
        "others sleep",
        "wait-until-once-never-spin": "when none is ready it calls wait_until(earliest "
        "wake-up time) once, never spinning on the clock",
        "due-together-wake-in-sleep-order": "tasks due at the same time wake in the order "
        "they went to sleep, and two generators are never compared",
        "sleeps-return-every-result": "it returns {name: result} like task 2 ({} for no "
        "tasks, without waiting)",
    },
    4: {
        "heartbeat-stamps-and-sleeps-between-beats": "heartbeat appends clock() beats times, "
        "yielding Sleep(interval) between two beats (one more after the last does no harm)",
        "heartbeat-returns-beats": "heartbeat returns beats",
        "longest-gap": "longest_gap is the longest time between two consecutive stamps, the "
        "float 0.0 with fewer than two",
    },
    5: {
        "upload-runs-work-once-in-a-thread": "threaded_upload calls work() once, in a "
        "threading.Thread",
        "upload-yields-sleep-poll-while-alive": "it yields Sleep(poll) while the thread is "
        "alive, so a heartbeat beside it keeps beating",
        "upload-returns-work-result": "it returns what work() returned, once work() is done",
        "upload-raises-work-error": "if work() raised, the task raises the same exception",
    },
    6: {
        "uwh-returns-result-and-gap": "upload_with_heartbeat returns the tuple (upload "
        "result, longest gap between beats)",
        "uwh-heartbeat-keeps-beating": "on run_with_sleeps with the real clock the heartbeat "
        "keeps beating beside the upload: 0.2 s of upload, beats every 0.02 s, gap under 0.1 s",
        "uwh-heartbeat-as-asked": "the heartbeat runs beats beats every interval seconds, as asked",
    },
}

UPLOAD_SECONDS = 0.2  # the blocking work's length; smaller makes the suite faster
BEAT_INTERVAL = 0.02  # the heartbeat's period
BEATS = 12  # 11 intervals: 0.22 s, so the heartbeat outlives the upload
STARVED_GAP = 0.18  # a gap at least this long means the heartbeat was starved
HEALTHY_GAP = 0.1  # a gap under this means it kept beating
SYNC_LIMIT = 3  # seconds of real time before a test of a sync loop is stopped

quick = pytest.mark.timeout(SYNC_LIMIT)


# Tasks made by the tests: they record what ran, and when, in a trace.


def stepper(name, steps, trace):
    """A task of ``steps`` steps named a0, a1, ...; it returns ``"<name> finished"``."""
    for number in range(steps):
        trace.append(f"{name}{number}")
        yield f"yielded {name}{number}"
    return f"{name} finished"


def relay(name, steps, trace):
    """A task that delegates to a stepper with ``yield from`` and shouts its result."""
    inner = yield from stepper(name, steps, trace)
    return inner.upper()


def instant(value):
    """A task that returns ``value`` on its first step, never yielding."""
    return value
    yield  # makes this a generator function


def spell(trace):
    return " ".join(trace) if trace else "(nothing)"


class Spinning(BaseException):
    """The loop kept reading the fake clock without ever waiting."""


class FakeClock:
    """A clock that stands still until the loop calls ``wait_until(deadline)``."""

    READ_LIMIT = 100_000

    def __init__(self):
        self.now = 0.0
        self.waits = []
        self.reads = 0

    def clock(self):
        self.reads += 1
        if self.reads > self.READ_LIMIT:
            raise Spinning
        return self.now

    def wait_until(self, deadline):
        self.waits.append(deadline)
        self.now = max(self.now, deadline)


def sleeper(name, naps, fake, trace, sleep_type):
    """A task that yields ``Sleep(nap)`` for each nap, noting (name, time) at each wake-up."""
    for nap in naps:
        yield sleep_type(nap)
        trace.append((name, fake.now))
    return f"{name} slept {len(naps)} times"


def ticker(name, ticks, fake, trace):
    """A task that only yields (never sleeps), noting (name, time) at each step."""
    for _ in range(ticks):
        trace.append((name, fake.now))
        yield
    return f"{name} ticked {ticks} times"


def show_wakes(trace):
    return ", ".join(f"{name} at {when:g}" for name, when in trace) or "(nothing)"


def run_sleeps(topic, tasks, fake, call):
    """Call the learner's run_with_sleeps on the fake clock, explaining the usual crashes."""
    try:
        return topic.run_with_sleeps(tasks, clock=fake.clock, wait_until=fake.wait_until)
    except Spinning:
        fail(
            f"Called {call}. Your loop read the clock {FakeClock.READ_LIMIT} times and never "
            "called wait_until, so this fake clock never moved: the loop spins while it "
            "waits. When no task is ready, call wait_until(earliest wake-up time) once."
        )
    except TypeError as error:
        if "not supported between instances" in str(error):
            fail(
                f"Called {call}. It raised TypeError: {error}. Two tasks were due at the "
                "same time, so heapq compared the next items of their entries. Put a "
                "counter between the wake-up time and the task: (when, count, name, task)."
            )
        raise


# The reference loop, for the tasks of Tasks 4 and 5 on the real clock. Any yielded object
# with a ``seconds`` attribute is a sleep, so it works with the learner's Sleep and ours.


class Nap:
    def __init__(self, seconds):
        self.seconds = seconds


def reference_loop(tasks, clock=time.perf_counter):
    results = {}
    ready = deque(tasks.items())
    sleeping = []
    order = itertools.count()
    for _ in range(1_000_000):
        if not (ready or sleeping):
            return results
        if not ready:
            delay = sleeping[0][0] - clock()
            if delay > 0:
                time.sleep(delay)
        now = clock()
        while sleeping and sleeping[0][0] <= now:
            ready.append(heapq.heappop(sleeping)[2:])
        if not ready:
            continue
        name, job = ready.popleft()
        try:
            request = next(job)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        seconds = getattr(request, "seconds", None)
        if seconds is not None:
            heapq.heappush(sleeping, (clock() + seconds, next(order), name, job))
        else:
            ready.append((name, job))
    fail("The tasks were still running after a million steps: one of them never ends.")


def our_heartbeat(stamps, beats=BEATS, interval=BEAT_INTERVAL):
    for beat in range(beats):
        if beat:
            yield Nap(interval)
        stamps.append(time.perf_counter())
    return beats


def our_blocking_upload(work):
    yield
    return work()


def our_gap(stamps):
    return max((b - a for a, b in itertools.pairwise(stamps)), default=0.0)


class SlowWork:
    """The blocking work: sleeps ``seconds`` with time.sleep, recording each call's thread."""

    def __init__(self, seconds=UPLOAD_SECONDS, result="uploaded", error=None):
        self.seconds = seconds
        self.result = result
        self.error = error
        self.threads = []
        self.__name__ = "work"

    @property
    def calls(self):
        return len(self.threads)

    def __call__(self):
        self.threads.append(threading.current_thread())
        time.sleep(self.seconds)
        if self.error is not None:
            raise self.error
        return self.result

    def join_threads(self):
        """Wait for every thread the learner started, so none outlives the test."""
        for thread in self.threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2)

    def check_ran_once_in_a_thread(self, call):
        check(
            self.calls == 1,
            f"Called {call}. work() was called {self.calls} times; expected once."
            + (
                " The seed's example calls the slow function again inside its waiting "
                "loop: start work() once, in the thread, and only yield while you wait."
                if self.calls > 1
                else ""
            ),
        )
        check(
            self.threads[0] is not threading.main_thread(),
            f"Called {call}. work() ran in the main thread, so it blocked the loop. Start "
            "it in a threading.Thread.",
        )


# Task 1


@task(1, checks=("round-robin-one-step-each-in-turn",))
@quick
def test_round_robin_runs_one_step_of_each_in_turn(topic):
    """round_robin([a, b, c]) with 3, 1 and 2 steps runs a0 b0 c0 a1 c1 a2."""
    trace = []
    tasks = [stepper("a", 3, trace), stepper("b", 1, trace), stepper("c", 2, trace)]
    call = "round_robin([a, b, c]), tasks of 3, 1 and 2 steps"
    topic.round_robin(tasks)
    expected = ["a0", "b0", "c0", "a1", "c1", "a2"]
    hint = ""
    if trace == ["a0", "a1", "a2", "b0", "c0", "c1"]:
        hint = (
            " Each task ran to its end before the next one started: advance a task by one "
            "step (next) and put it back at the end of the queue."
        )
    elif trace and trace[0] == "c0":
        hint = (
            " The last task ran first: take tasks from the front of the queue and put "
            "them back at its end (first in, first out)."
        )
    check(
        trace == expected,
        f"Called {call}. The steps ran in the order {spell(trace)}; expected "
        f"{spell(expected)}: one step of each task in turn, the finished ones dropped.{hint}",
    )


@task(1, checks=("round-robin-runs-every-task-to-its-end",))
@quick
def test_round_robin_of_one_task(topic):
    """round_robin([a]) runs a's 4 steps."""
    trace = []
    topic.round_robin([stepper("a", 4, trace)])
    check(
        trace == ["a0", "a1", "a2", "a3"],
        f"Called round_robin([a]), a task of 4 steps. The steps ran as {spell(trace)}; "
        "expected a0 a1 a2 a3.",
    )


@task(1, checks=("round-robin-runs-every-task-to-its-end",))
@quick
def test_round_robin_of_no_task(topic):
    """round_robin([]) returns at once."""
    topic.round_robin([])


# Task 2


COLLECT_CALL = "run_and_collect({'a': ..., 'b': ..., 'c': ..., 'd': ..., 'e': ...})"


def collect_five(topic):
    """Run five tasks (one delegating, two returning at once) with run_and_collect."""
    trace = []
    tasks = {
        "a": stepper("a", 2, trace),
        "b": relay("b", 2, trace),
        "c": instant(7),
        "d": stepper("d", 1, trace),
        "e": instant(None),
    }
    return topic.run_and_collect(tasks), trace


@task(2, checks=("collect-returns-every-result",))
@quick
def test_run_and_collect_returns_every_tasks_result(topic):
    """run_and_collect({...}) returns each task's return value, None and yield from included."""
    call = COLLECT_CALL
    results, _ = collect_five(topic)
    expected = {
        "a": "a finished",
        "b": "B FINISHED",
        "c": 7,
        "d": "d finished",
        "e": None,
    }
    check(
        isinstance(results, dict),
        f"Called {call}. It returned {show(results)}; expected a dict {{name: result}}.",
    )
    hint = ""
    if results.get("a") == "yielded a1":
        hint = (
            " That is the last value each task yielded. A task's result is what it "
            "returns, and it arrives as the StopIteration's .value."
        )
    elif "e" not in results and "c" in results:
        hint = " Task 'e' returned None: keep every task's result, even None."
    check(
        same(results, expected),
        f"Called {call}. It returned {show(results)}; expected {show(expected)}.{hint}",
    )


@task(2, checks=("collect-runs-round-robin",))
@quick
def test_run_and_collect_runs_round_robin(topic):
    """run_and_collect({...}) runs one step of each task in turn: a0 b0 d0 a1 b1."""
    call = COLLECT_CALL
    _, trace = collect_five(topic)
    expected_trace = ["a0", "b0", "d0", "a1", "b1"]
    check(
        trace == expected_trace,
        f"Called {call}. The steps ran in the order {spell(trace)}; expected "
        f"{spell(expected_trace)}: the same round-robin as task 1, one step each in turn.",
    )


@task(2, checks=("collect-returns-every-result",))
@quick
def test_run_and_collect_of_nothing(topic):
    """run_and_collect({}) returns an empty dict."""
    expect_result(topic.run_and_collect({}), {}, call="run_and_collect({})")


# Task 3


def expect_waits(fake, expected, call):
    """Fail unless the loop called wait_until once for each wake-up time, in order."""
    check(
        fake.waits == expected,
        f"Called {call}. Your loop called wait_until with "
        f"{', '.join(f'{when:g}' for when in fake.waits) or 'nothing'}; expected "
        f"{', '.join(f'{when:g}' for when in expected)}: when no task is ready, wait once "
        "for the earliest wake-up time itself (not in small steps), then move every task "
        "that is due back to the ready queue.",
    )


@task(3, checks=("sleeps-overlap", "sleeps-return-every-result"))
@quick
def test_sleepers_wake_in_order_of_wake_up_time(topic):
    """Tasks asleep for 3, 1 and 2 s wake at 1, 2 and 3 s: 3 s in all, not 6."""
    fake, trace = FakeClock(), []
    tasks = {
        name: sleeper(name, [nap], fake, trace, topic.Sleep)
        for name, nap in (("a", 3.0), ("b", 1.0), ("c", 2.0))
    }
    call = "run_with_sleeps({a: Sleep(3), b: Sleep(1), c: Sleep(2)}) on a fake clock"
    results = run_sleeps(topic, tasks, fake, call)
    expected = [("b", 1.0), ("c", 2.0), ("a", 3.0)]
    if fake.now > 3.0:
        fail(
            f"Called {call}. The clock ended at {fake.now:g} s; expected 3 s. The tasks "
            f"woke as: {show_wakes(trace)}. Your loop waited for a sleeping task while "
            "others were still ready to run, so the sleeps happened one after another. Park "
            "a sleeping task on the heap, run the others, and call wait_until only when no "
            "task is ready."
        )
    check(
        trace == expected,
        f"Called {call}. The tasks woke as: {show_wakes(trace)}; expected "
        f"{show_wakes(expected)}: each at its own wake-up time, earliest first.",
    )
    expected_results = {name: f"{name} slept 1 times" for name in "abc"}
    check(
        same(results, expected_results),
        f"Called {call}. It returned {show(results)}; expected {show(expected_results)}: "
        "every task's return value, by name.",
    )


@task(3, checks=("wait-until-once-never-spin",))
@quick
def test_the_loop_waits_once_per_wake_up(topic):
    """Tasks asleep for 3, 1 and 2 s: wait_until is called with 1, 2 and 3, once each."""
    fake, trace = FakeClock(), []
    tasks = {
        name: sleeper(name, [nap], fake, trace, topic.Sleep)
        for name, nap in (("a", 3.0), ("b", 1.0), ("c", 2.0))
    }
    call = "run_with_sleeps({a: Sleep(3), b: Sleep(1), c: Sleep(2)}) on a fake clock"
    run_sleeps(topic, tasks, fake, call)
    expect_waits(fake, [1.0, 2.0, 3.0], call)


@task(3, checks=("ready-tasks-run-while-others-sleep",))
@quick
def test_ready_tasks_run_while_others_sleep(topic):
    """A task that only yields runs all its steps at time 0 while another sleeps 1 s."""
    fake, trace = FakeClock(), []
    tasks = {
        "nap": sleeper("nap", [1.0], fake, trace, topic.Sleep),
        "tick": ticker("tick", 3, fake, trace),
    }
    call = "run_with_sleeps({nap: Sleep(1), tick: 3 bare yields}) on a fake clock"
    results = run_sleeps(topic, tasks, fake, call)
    expected = [("tick", 0.0), ("tick", 0.0), ("tick", 0.0), ("nap", 1.0)]
    hint = ""
    if any(name == "tick" and when > 0 for name, when in trace):
        hint = (
            " The ticking task, which never sleeps, had to wait for the sleeper: only "
            "call wait_until when no task at all is ready."
        )
    check(
        trace == expected,
        f"Called {call}. The steps ran as: {show_wakes(trace)}; expected "
        f"{show_wakes(expected)}.{hint}",
    )
    check(
        fake.now == 1.0,
        f"Called {call}. The clock ended at {fake.now:g} s; expected 1 s.",
    )
    expected_results = {"nap": "nap slept 1 times", "tick": "tick ticked 3 times"}
    check(
        same(results, expected_results),
        f"Called {call}. It returned {show(results)}; expected {show(expected_results)}.",
    )


@task(3, checks=("due-together-wake-in-sleep-order", "wait-until-once-never-spin"))
@quick
def test_tasks_due_together_wake_in_the_order_they_slept(topic):
    """a sleeps 1 s three times, b 1.5 s twice: both are due at 3 s, b first (it slept first)."""
    fake, trace = FakeClock(), []
    tasks = {
        "a": sleeper("a", [1.0, 1.0, 1.0], fake, trace, topic.Sleep),
        "b": sleeper("b", [1.5, 1.5], fake, trace, topic.Sleep),
    }
    call = "run_with_sleeps({a: Sleep(1) three times, b: Sleep(1.5) twice}) on a fake clock"
    run_sleeps(topic, tasks, fake, call)
    expected = [("a", 1.0), ("b", 1.5), ("a", 2.0), ("b", 3.0), ("a", 3.0)]
    hint = ""
    if trace == [("a", 1.0), ("b", 1.5), ("a", 2.0), ("a", 3.0), ("b", 3.0)]:
        hint = (
            " At 3 s, a woke before b, but b went to sleep first (at 1.5 s, a at 2 s). "
            "Order heap entries by (wake-up time, a counter that grows with each push)."
        )
    check(
        trace == expected,
        f"Called {call}. The tasks woke as: {show_wakes(trace)}; expected "
        f"{show_wakes(expected)}.{hint}",
    )
    expect_waits(fake, [1.0, 1.5, 2.0, 3.0], call)


def pairs_made_both_ways(fake, trace, sleep_type):
    """Pairs of sleepers a (1.5 s twice) and b (1 s three times): one pair with a at the lower
    address, one with a at the higher, so that no tie-break by id() or by creation can pass."""
    made, kept = {}, []
    for attempt in range(20):
        pair = {}
        for name in "ab" if attempt % 2 == 0 else "ba":
            naps = [1.5, 1.5] if name == "a" else [1.0, 1.0, 1.0]
            pair[name] = sleeper(name, naps, fake, trace, sleep_type)
        kept.append(pair)
        made.setdefault(id(pair["a"]) < id(pair["b"]), {"a": pair["a"], "b": pair["b"]})
        if len(made) == 2:
            break
    return list(made.values())


@task(3, checks=("due-together-wake-in-sleep-order",))
@quick
def test_tasks_due_together_wake_in_sleep_order_whichever_was_made_first(topic):
    """a sleeps 1.5 s twice, b 1 s three times: both are due at 3 s, a first (it slept first)."""
    call = "run_with_sleeps({a: Sleep(1.5) twice, b: Sleep(1) three times}) on a fake clock"
    expected = [("b", 1.0), ("a", 1.5), ("b", 2.0), ("a", 3.0), ("b", 3.0)]
    fake, trace = FakeClock(), []
    for tasks in pairs_made_both_ways(fake, trace, topic.Sleep):
        fake.now, fake.reads, trace[:] = 0.0, 0, []
        run_sleeps(topic, tasks, fake, call)
        check(
            trace == expected,
            f"Called {call}. The tasks woke as: {show_wakes(trace)}; expected "
            f"{show_wakes(expected)}. At 3 s, a went to sleep first (at 1.5 s, b at 2 s), so "
            "it wakes first: order heap entries by (wake-up time, a counter that grows with "
            "each push), not by anything about the task itself.",
        )


@task(3, checks=("sleeps-overlap",))
@quick
def test_sleep_zero(topic):
    """Sleep(0) lets the others run without moving the clock."""
    fake, trace = FakeClock(), []
    tasks = {
        "zero": sleeper("zero", [0.0, 0.0], fake, trace, topic.Sleep),
        "done": instant("at once"),
    }
    call = "run_with_sleeps({zero: Sleep(0) twice, done: returns at once}) on a fake clock"
    results = run_sleeps(topic, tasks, fake, call)
    expected = {"zero": "zero slept 2 times", "done": "at once"}
    check(
        results == expected,
        f"Called {call}. It returned {show(results)}; expected {show(expected)}.",
    )
    check(fake.now == 0.0, f"Called {call}. The clock moved to {fake.now:g} s; expected 0.")


@task(3, checks=("sleeps-return-every-result",))
@quick
def test_sleepers_results_include_none(topic):
    """run_with_sleeps keeps every task's result, None included: {nap: ..., quiet: None}."""
    fake, trace = FakeClock(), []
    tasks = {"nap": sleeper("nap", [1.0], fake, trace, topic.Sleep), "quiet": instant(None)}
    call = "run_with_sleeps({nap: Sleep(1), quiet: returns None at once}) on a fake clock"
    results = run_sleeps(topic, tasks, fake, call)
    expect_result(
        results,
        {"nap": "nap slept 1 times", "quiet": None},
        call=call,
        meaning="every task's result by name, even None",
    )


@task(3, checks=("sleeps-return-every-result",))
@quick
def test_no_tasks(topic):
    """run_with_sleeps({}) returns {} at once, without waiting."""
    fake = FakeClock()
    results = run_sleeps(topic, {}, fake, "run_with_sleeps({})")
    expect_result(results, {}, call="run_with_sleeps({})")
    check(
        not fake.waits,
        f"Called run_with_sleeps({{}}). It called wait_until{tuple(fake.waits)}; there was "
        "nothing to wait for.",
    )


# Task 4


@task(4, checks=("heartbeat-stamps-and-sleeps-between-beats", "heartbeat-returns-beats"))
@quick
def test_heartbeat_stamps_the_clock_and_sleeps_between_beats(topic):
    """heartbeat(stamps, 4, 0.5, clock) yields Sleep(0.5) between beats; stamps 0, 0.5, 1, 1.5."""
    fake, stamps = FakeClock(), []
    call = "heartbeat(stamps, 4, 0.5, clock=fake_clock)"
    beat = topic.heartbeat(stamps, 4, 0.5, clock=fake.clock)
    check(
        inspect.isgenerator(beat),
        f"Called {call}. It returned {show(beat)}; expected a generator (a task): write "
        "heartbeat with `yield Sleep(interval)` between the beats.",
    )
    yielded = []
    try:
        for _ in range(10):
            request = next(beat)
            yielded.append(request)
            check(
                isinstance(request, topic.Sleep) and request.seconds == 0.5,
                f"Called {call}. It yielded {show(request)}; expected Sleep(0.5).",
            )
            fake.now += 0.5  # what a loop does: resume it once the sleep is over
        fail(f"Called {call}. It was still beating after 10 sleeps; expected 4 beats.")
    except StopIteration as stop:
        result = stop.value
    check(
        stamps == [0.0, 0.5, 1.0, 1.5],
        f"Called {call} and resumed it after each sleep. The stamps were {show(stamps)}; "
        "expected [0.0, 0.5, 1.0, 1.5]: clock() at each of the 4 beats.",
    )
    check(
        len(yielded) in (3, 4),
        f"Called {call}. It slept {len(yielded)} times; expected 3, between the beats (a "
        "fourth after the last beat does no harm).",
    )
    check(same(result, 4), f"Called {call}. It returned {show(result)}; expected 4 (the beats).")


@task(4, checks=("longest-gap",))
@quick
def test_longest_gap_between_stamps(topic):
    """longest_gap([0, 0.5, 0.7, 1.5]) is 0.8; with fewer than two stamps it is 0.0."""
    cases = [([0.0, 0.5, 0.7, 1.5], 0.8), ([2.0, 2.25], 0.25), ([3.0], 0.0), ([], 0.0)]
    for stamps, expected in cases:
        gap = topic.longest_gap(list(stamps))
        check(
            type(gap) is float and abs(gap - expected) < 1e-9,
            f"Called longest_gap({stamps}). It returned {show(gap)} ({type(gap).__name__}); "
            f"expected the float {expected}.",
        )


@task(4, checks=("heartbeat-stamps-and-sleeps-between-beats", "longest-gap"))
@quick
def test_a_blocking_task_starves_the_heartbeat(topic):
    """Beside a blocking 0.2 s upload, your heartbeat misses beats and longest_gap shows it."""
    stamps, work = [], SlowWork()
    beats = 3  # enough to see the pause: beat, upload (blocking), beat, beat
    beat = topic.heartbeat(stamps, beats, BEAT_INTERVAL, clock=time.perf_counter)
    reference_loop({"heartbeat": beat, "upload": our_blocking_upload(work)})
    real_gap = our_gap(stamps)
    gap = topic.longest_gap(stamps)
    call = (
        f"heartbeat(stamps, {beats}, {BEAT_INTERVAL}) beside blocking_upload(work) on a "
        f"round-robin loop with the real clock, work() blocking for {UPLOAD_SECONDS} s"
    )
    check(
        len(stamps) == beats,
        f"Ran {call}. The heartbeat stamped {len(stamps)} times; expected {beats}.",
    )
    check(
        real_gap >= STARVED_GAP,
        f"Ran {call}. The longest pause between beats was {real_gap:.3f} s; a heartbeat "
        f"blocked by the upload pauses for about {UPLOAD_SECONDS} s. Does heartbeat yield "
        "Sleep(interval) between the beats, and stamp with clock()?",
    )
    check(
        abs(gap - real_gap) < 1e-9,
        f"Ran {call}. longest_gap(stamps) returned {show(gap)}; the longest pause between "
        f"two stamps was {real_gap:.3f} s.",
    )


# Task 5


def run_upload_beside_heartbeat(upload):
    """Run our heartbeat and the learner's upload task on the reference loop; time it."""
    stamps = []
    started = time.perf_counter()
    results = reference_loop({"heartbeat": our_heartbeat(stamps), "upload": upload})
    return results, our_gap(stamps), time.perf_counter() - started


@task(
    5,
    checks=(
        "upload-runs-work-once-in-a-thread",
        "upload-yields-sleep-poll-while-alive",
        "upload-returns-work-result",
    ),
)
@quick
def test_threaded_upload_lets_the_heartbeat_beat(topic):
    """threaded_upload(work) runs a 0.2 s work() in a thread; a heartbeat beside it beats on."""
    call = f"threaded_upload(work), work() taking {UPLOAD_SECONDS} s, beside a heartbeat"

    def attempt():
        work = SlowWork()
        try:
            upload = topic.threaded_upload(work)
            check(
                inspect.isgenerator(upload),
                f"Called threaded_upload(work). It returned {show(upload)}; expected a "
                "generator (a task), which yields Sleep(poll) while the thread works.",
            )
            return (work, *run_upload_beside_heartbeat(upload))
        finally:
            work.join_threads()

    work, results, gap, elapsed = attempt()
    if gap >= HEALTHY_GAP and work.calls == 1:
        # A busy machine can delay one beat; a blocked loop misses beats every time.
        work, results, gap, elapsed = attempt()
    check(
        work.calls > 0,
        f"Called {call}. work() was never called: start a thread that calls it.",
    )
    work.check_ran_once_in_a_thread(call)
    check(
        same(results["upload"], "uploaded"),
        f"Called {call}. The task returned {show(results['upload'])}; expected 'uploaded', "
        "what work() returned.",
    )
    check(
        elapsed >= UPLOAD_SECONDS * 0.95,
        f"Called {call}. The task finished after {elapsed:.3f} s, before work() was done: "
        "yield while the thread is alive, then join it.",
    )
    check(
        gap < HEALTHY_GAP,
        f"Called {call}. The heartbeat paused for {gap:.3f} s; expected under {HEALTHY_GAP} "
        f"s (it beats every {BEAT_INTERVAL} s). Something blocked the loop: yield "
        "Sleep(poll) while the thread is alive instead of waiting for it (join blocks).",
    )


@task(5, checks=("upload-yields-sleep-poll-while-alive",))
@quick
def test_threaded_upload_yields_sleep_poll(topic):
    """threaded_upload(work, poll=0.05) yields Sleep(0.05) each time, while work() runs."""
    work = SlowWork(seconds=0.12)
    call = "threaded_upload(work, poll=0.05), work() taking 0.12 s"
    yielded = []
    try:
        upload = topic.threaded_upload(work, poll=0.05)
        check(
            inspect.isgenerator(upload),
            f"Called {call}. It returned {show(upload)}; expected a generator (a task).",
        )
        try:
            for _ in range(200):
                request = next(upload)
                yielded.append(request)
                if not (isinstance(request, topic.Sleep) and request.seconds == 0.05):
                    break
                time.sleep(request.seconds)  # what a loop does with Sleep(0.05)
        except StopIteration:
            pass
    finally:
        work.join_threads()
    wrong = [request for request in yielded if not isinstance(request, topic.Sleep)]
    check(
        not wrong,
        f"Called {call}. It yielded {show(wrong[0]) if wrong else ''} while the thread "
        "worked; expected Sleep(0.05): a bare yield keeps the task ready, so the loop "
        "spins on it instead of parking it for poll seconds.",
    )
    other = [request.seconds for request in yielded if request.seconds != 0.05]
    check(
        not other,
        f"Called {call}. It yielded Sleep({other[0] if other else ''}); expected "
        "Sleep(poll), Sleep(0.05) here.",
    )
    check(
        yielded,
        f"Called {call}. It never yielded: yield Sleep(poll) while the thread is alive.",
    )


@task(5, checks=("upload-raises-work-error",))
@quick
def test_threaded_upload_raises_what_work_raised(topic):
    """When work() raises ValueError('disk full'), the threaded_upload task raises it too."""
    work = SlowWork(seconds=0.02, error=ValueError("disk full"))
    call = "threaded_upload(work), work() raising ValueError('disk full')"
    raised = None
    try:
        reference_loop({"upload": topic.threaded_upload(work)})
    except ValueError as error:
        raised = error
    finally:
        work.join_threads()
    work.check_ran_once_in_a_thread(call)
    check(
        raised is not None and str(raised) == "disk full",
        f"Called {call} and ran it to its end. "
        + (f"It raised {raised!r}" if raised else "It raised nothing")
        + "; expected ValueError('disk full'). An exception in a thread is lost unless you "
        "keep it (in the thread's function) and raise it again in the task.",
    )


# Task 6


class Parts:
    """Known-good heartbeat, threaded_upload and longest_gap for Task 6, recording their calls.

    Tasks 4 and 5 are graded on their own: here upload_with_heartbeat composes parts known to
    be right, on the learner's run_with_sleeps, so only the composition is graded.
    """

    def __init__(self, topic, monkeypatch):
        self.sleep_type = topic.Sleep
        self.heartbeats = []  # (beats, interval, stamps) of each heartbeat made
        self.uploads = []  # the work given to each threaded_upload
        monkeypatch.setattr(topic.module, "heartbeat", self.heartbeat)
        monkeypatch.setattr(topic.module, "threaded_upload", self.threaded_upload)
        monkeypatch.setattr(topic.module, "longest_gap", our_gap)

    def heartbeat(self, stamps, beats, interval, clock=time.perf_counter):
        self.heartbeats.append((beats, interval, stamps))
        for beat in range(beats):
            if beat:
                yield self.sleep_type(interval)
            stamps.append(clock())
        return beats

    def threaded_upload(self, work, poll=0.01):
        self.uploads.append(work)
        outcome = {}

        def run():
            try:
                outcome["result"] = work()
            except BaseException as error:
                outcome["error"] = error

        thread = threading.Thread(target=run, name="upload")
        thread.start()
        while thread.is_alive():
            yield self.sleep_type(poll)
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]


def run_upload_with_heartbeat(topic, work, beats, interval):
    """Call the learner's upload_with_heartbeat; return (outcome, elapsed real seconds)."""
    started = time.perf_counter()
    try:
        outcome = topic.upload_with_heartbeat(work, beats, interval)
    finally:
        work.join_threads()
    return outcome, time.perf_counter() - started


@task(6, checks=("uwh-returns-result-and-gap", "uwh-heartbeat-keeps-beating"))
@quick
def test_upload_with_heartbeat_on_your_loop(topic, monkeypatch):
    """upload_with_heartbeat(work, 12, 0.02): 'uploaded', and no pause of 0.1 s between beats."""
    call = (
        f"upload_with_heartbeat(work, {BEATS}, {BEAT_INTERVAL}), work() taking {UPLOAD_SECONDS} s"
    )

    def attempt():
        Parts(topic, monkeypatch)
        work = SlowWork()
        return (work, *run_upload_with_heartbeat(topic, work, BEATS, BEAT_INTERVAL))

    work, outcome, elapsed = attempt()
    if isinstance(outcome, tuple) and len(outcome) == 2 and work.calls == 1:
        gap = outcome[1]
        if isinstance(gap, int | float) and gap >= HEALTHY_GAP:
            # A busy machine can delay one beat; a blocked loop misses beats every time.
            work, outcome, elapsed = attempt()
    check(
        type(outcome) is tuple and len(outcome) == 2,
        f"Called {call}. It returned {show(outcome)}; expected a tuple (result, gap).",
    )
    result, gap = outcome
    check(work.calls > 0, f"Called {call}. work() was never called.")
    work.check_ran_once_in_a_thread(call)
    check(
        same(result, "uploaded"),
        f"Called {call}. The result was {show(result)}; expected 'uploaded'.",
    )
    heartbeat_time = (BEATS - 1) * BEAT_INTERVAL
    check(
        elapsed >= heartbeat_time * 0.95,
        f"Called {call}. It returned after {elapsed:.3f} s; the heartbeat alone takes "
        f"{heartbeat_time:.2f} s. Did the loop really sleep (real_wait_until)?",
    )
    shown = f"{gap:.3f} s" if isinstance(gap, int | float) else show(gap)
    check(
        type(gap) is float and BEAT_INTERVAL * 0.95 <= gap < HEALTHY_GAP,
        f"Called {call}. The longest gap between beats was {shown}; expected at least "
        f"{BEAT_INTERVAL} s (the interval) and under {HEALTHY_GAP} s: the heartbeat keeps "
        "beating while the thread uploads.",
    )


@task(6, checks=("uwh-heartbeat-as-asked",))
@quick
def test_upload_with_heartbeat_beats_as_asked(topic, monkeypatch):
    """upload_with_heartbeat(work, 5, 0.04) runs one heartbeat of 5 beats every 0.04 s."""
    parts = Parts(topic, monkeypatch)
    work = SlowWork(seconds=0.1)
    call = "upload_with_heartbeat(work, 5, 0.04), work() taking 0.1 s"
    outcome, _ = run_upload_with_heartbeat(topic, work, 5, 0.04)
    asked = [(beats, interval) for beats, interval, _ in parts.heartbeats]
    check(
        asked == [(5, 0.04)],
        f"Called {call}. It made heartbeat(stamps, beats, interval) with "
        f"{', '.join(f'beats={b!r}, interval={i!r}' for b, i in asked) or 'nothing'}; "
        "expected one heartbeat with beats=5, interval=0.04: pass on what you were given.",
    )
    stamps = parts.heartbeats[0][2]
    check(
        len(stamps) == 5,
        f"Called {call}. The heartbeat stamped {len(stamps)} times; expected 5: run it to "
        "its end on run_with_sleeps.",
    )
    if type(outcome) is tuple and len(outcome) == 2:
        check(
            outcome[1] == our_gap(stamps),
            f"Called {call}. It returned the gap {show(outcome[1])}; the longest gap between "
            f"the heartbeat's stamps was {our_gap(stamps):.3f} s: longest_gap(stamps).",
        )
