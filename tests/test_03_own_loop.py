"""Hidden tests for topic 03: a loop of your own.

Tasks 3 and 4 run on a fake clock that moves only when the loop calls ``wait_until``; tasks 4
to 6 also run real threads on the real clock: a 0.2 s upload beside a heartbeat every 0.02 s.
A starved heartbeat pauses for the whole upload, a healthy one for a couple of beats (about
0.03 s): the line sits at 0.1 s, and a gap over it is measured once more (a busy machine).
"""

import heapq
import inspect
import itertools
import operator
import threading
import time
from collections import deque

import pytest

from grader import N_, _, check, expect_result, fail, same, show, task
from grader.inside.evidence import record
from grader.inside.running import ThreadCall
from grader.inside.suite import called, expect_equal, show_typed
from grader.inside.timeline import plain_value

PROMISES = {
    1: {
        "round-robin-one-step-each-in-turn": "round_robin advances the first task one step "
        "with next and puts it back at the end: 3, 1 and 2 steps run as a0 b0 c0 a1 c1 a2",
        "round-robin-runs-every-task-to-its-end": "every task runs to its end, finished ones "
        "are dropped; one task or none works too",
        "round-robin-leaves-the-list-alone": "the list of tasks it is given is left as it is",
        "round-robin-task-error-comes-out": "a task's other exception is never hidden: that "
        "same exception comes out of round_robin",
    },
    2: {
        "collect-returns-every-result": "run_and_collect returns the dict {name: what the "
        "task returned}, None and yield from included",
        "collect-runs-round-robin": "it runs the tasks with the same round-robin as task 1",
        "collect-leaves-the-dict-alone": "the dict of tasks it is given is left as it is",
        "collect-task-error-comes-out": "a task's exception comes out of run_and_collect, "
        "never kept as a result",
    },
    3: {
        "sleeps-overlap": "a sleeping task is parked until clock() + seconds: sleeps of 3, 1 "
        "and 2 s wake at 1, 2 and 3 s, 3 s in all",
        "ready-tasks-run-while-others-sleep": "the ready tasks keep running in turn while "
        "others sleep",
        "wait-until-once-never-spin": "when none is ready it calls wait_until(earliest "
        "wake-up time) once, never spinning on the clock",
        "wake-every-due-task": "after that wait, every task due by clock() goes back to the "
        "ready queue, not only the earliest (a wait may end late)",
        "due-together-wake-in-sleep-order": "tasks due at the same time wake in the order "
        "they went to sleep, and two generators are never compared",
        "sleeps-return-every-result": "it returns {name: result} like task 2 ({} for no "
        "tasks, without waiting)",
        "sleeps-leave-the-dict-alone": "the dict of tasks it is given is left as it is",
        "sleeps-task-error-comes-out": "a task's exception comes out of run_with_sleeps, "
        "never hidden",
    },
    4: {
        "heartbeat-stamps-and-sleeps-between-beats": "heartbeat appends clock() beats times, "
        "yielding Sleep(interval) between two beats (one more after the last does no harm)",
        "heartbeat-returns-beats": "heartbeat returns beats",
        "longest-gap": "longest_gap is the longest time between two consecutive stamps, the "
        "float 0.0 with fewer than two",
        "longest-gap-leaves-the-stamps-alone": "longest_gap leaves the list of stamps it is "
        "given as it is",
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
        "uwh-calls-the-parts-by-name": "it calls run_with_sleeps, heartbeat, threaded_upload "
        "and longest_gap by their names (the grader swaps in known-good parts)",
    },
}

UPLOAD_SECONDS = 0.2  # the blocking work's length; smaller makes the suite faster
BEAT_INTERVAL = 0.02  # the heartbeat's period
BEATS = 12  # 11 intervals: 0.22 s, so the heartbeat outlives the upload
STARVED_GAP = 0.18  # a gap at least this long means the heartbeat was starved
HEALTHY_GAP = 0.1  # a gap under this means it kept beating
OTHER_CLOCK = 60.0  # stamps this far from time.perf_counter() were read from another clock
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


def breaker(requests, error):
    """A task that yields each of ``requests`` in turn, then raises ``error``."""
    yield from requests
    raise error


def expect_task_error_comes_out(run, error, call):
    """Fail unless calling ``run()`` raises ``error`` itself, the exception one task raised."""
    try:
        returned = run()
    except Exception as raised:
        if raised is error:
            return
        if error not in (raised.__cause__, raised.__context__):
            raise  # an error of the loop's own, shown as it is
        message = _(
            "It raised {got}; expected the task's own {want}, as it is: let it go on, do not "
            "raise another exception in its place."
        )
        called(call).fail(message, got=show(raised), want=show(error))
    message = _(
        "It returned {got}: the task's {want} was hidden.{hint} Catch only StopIteration; "
        "any other exception must come out of the loop."
    )
    kept = isinstance(returned, dict) and any(value is error for value in returned.values())
    hint = " " + _("An exception is not a task's result.") if kept else ""
    called(call).fail(message, got=show(returned), want=show(error), hint=hint)


def spell(trace):
    return " ".join(trace) if trace else _("(nothing)")


def expect_steps(trace, expected, call, hint=""):
    """Fail unless the steps ran in the order ``expected``."""
    message = _("The steps ran in the order {got}; expected {want}. {hint}")
    called(call).check(
        trace == expected, message, got=spell(trace), want=spell(expected), hint=hint
    )


def expect_left_as_given(given, before, call, names=""):
    """Fail unless the list or dict of tasks ``given`` holds what it held ``before`` the call
    (the tasks of a list are shown by ``names``, in the order of ``before``)."""
    if isinstance(before, dict):
        kept = list(given) == list(before) and all(given[key] is before[key] for key in before)
        message = _(
            "Afterwards the dict of tasks it was given held the names {got}; expected it left "
            "as given, with {want}: run the tasks from a queue of your own (a deque of its items)."
        )
        got, want = show(list(given)), show(list(before))
    else:
        kept = len(given) == len(before) and all(map(operator.is_, given, before))
        message = _(
            "Afterwards the list of tasks it was given held {got}; expected it left as given, "
            "{want}: run the tasks from a queue of your own (a deque of them)."
        )
        named = {id(each): name for each, name in zip(before, names, strict=False)}
        got, want = (
            "[" + ", ".join(named.get(id(each), show(each)) for each in tasks) + "]"
            for tasks in (given, before)
        )
    called(call).check(kept, message, got=got, want=want)


# Task 1


ROUND_ROBINS = [((3, 1, 2), "a0 b0 c0 a1 c1 a2"), ((4,), "a0 a1 a2 a3"), ((), "")]


@task(
    1,
    checks=(
        "round-robin-one-step-each-in-turn",
        "round-robin-runs-every-task-to-its-end",
        "round-robin-leaves-the-list-alone",
    ),
)
@quick
@pytest.mark.parametrize(("steps", "expected"), ROUND_ROBINS, ids=["abc", "a", "none"])
def test_round_robin_runs_one_step_of_each_in_turn(topic, steps, expected):
    """round_robin runs one step of each task in turn, each to its end: a0 b0 c0 a1 c1 a2."""
    trace, names = [], "abc"[: len(steps)]
    given = [stepper(name, count, trace) for name, count in zip(names, steps, strict=True)]
    before = list(given)
    topic.round_robin(given)
    call = _("round_robin([{names}]), tasks of {steps} steps").format(
        names=", ".join(names), steps=", ".join(map(str, steps)) or "0"
    )
    expected = expected.split()
    hint = _("One step of each task in turn, the finished ones dropped.")
    if len(steps) > 1 and trace == sorted(expected):
        hint = _("Each task ran to its end before the next: advance one step, then requeue it.")
    elif len(steps) > 1 and trace and trace[0][0] == names[-1]:
        hint = _("The last task ran first: take from the queue's front, put back at its end.")
    expect_steps(trace, expected, call, hint)
    expect_left_as_given(given, before, call, names)


@task(1, checks=("round-robin-task-error-comes-out",))
@quick
def test_round_robin_lets_a_tasks_error_out(topic):
    """round_robin([a, b, c]), b raising ValueError on its second step: that error comes out."""
    trace, error = [], ValueError(_("b broke"))
    tasks = [stepper("a", 3, trace), breaker([None], error), stepper("c", 2, trace)]
    call = _("round_robin([a, b, c]), b raising {error} on its second step")
    call = call.format(error=show(error))
    expect_task_error_comes_out(lambda: topic.round_robin(tasks), error, call)


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
    before = dict(tasks)
    return topic.run_and_collect(tasks), trace, tasks, before


@task(
    2,
    checks=(
        "collect-returns-every-result",
        "collect-runs-round-robin",
        "collect-leaves-the-dict-alone",
    ),
)
@quick
def test_run_and_collect_returns_every_tasks_result(topic):
    """run_and_collect({...}) runs a step of each task in turn, returns what each one returned."""
    results, trace, tasks, before = collect_five(topic)
    expected = {"a": "a finished", "b": "B FINISHED", "c": 7, "d": "d finished", "e": None}
    message = _("Called {call}. It returned {got}; expected a dict {{name: result}}.")
    check(isinstance(results, dict), message, call=COLLECT_CALL, got=show(results))
    hint = ""
    if results.get("a") == "yielded a1":
        hint = _("That is the last value yielded; a task's result is its StopIteration's .value.")
    elif "e" not in results and "c" in results:
        hint = _("Task 'e' returned None: keep every task's result, even None.")
    expect_equal(results, expected, what=COLLECT_CALL, hint=hint)
    expect_result(topic.run_and_collect({}), {}, call="run_and_collect({})")
    hint = _("The same round-robin as task 1, one step each in turn.")
    expect_steps(trace, ["a0", "b0", "d0", "a1", "b1"], COLLECT_CALL, hint)
    expect_left_as_given(tasks, before, COLLECT_CALL)


@task(2, checks=("collect-task-error-comes-out",))
@quick
def test_run_and_collect_lets_a_tasks_error_out(topic):
    """run_and_collect({a, b, c}), b raising ValueError on its second step: that error comes out."""
    trace, error = [], ValueError(_("b broke"))
    tasks = {"a": stepper("a", 2, trace), "b": breaker([None], error), "c": instant(7)}
    call = _(
        "run_and_collect({{'a': ..., 'b': ..., 'c': ...}}), b raising {error} on its second step"
    )
    call = call.format(error=show(error))
    expect_task_error_comes_out(lambda: topic.run_and_collect(tasks), error, call)


# Tasks 1 to 3: many tasks, long ones and falsy results, with no cap of the loop's own

MANY_TASKS = 25  # more than any batch a loop might run at once
LONG_STEPS = 20_000  # more steps than any cap a loop might put on itself
FALSY_RESULTS = {"empty": "", "zero": 0, "nothing": [], "false": False, "none": None}


def many_and_one_long(trace):
    """25 tasks of 2 steps (t0 to t24) and one of LONG_STEPS ('long'): the steps expected."""
    names = [f"t{number}:" for number in range(MANY_TASKS)] + ["long:"]
    tasks = [stepper(name, 2, trace) for name in names[:-1]]
    tasks.append(stepper("long:", LONG_STEPS, trace))
    expected = [f"{name}{step}" for step in range(2) for name in names]
    expected += [f"long:{step}" for step in range(2, LONG_STEPS)]
    return tasks, expected


def expect_every_step(trace, expected, call):
    """Fail unless the steps ran exactly as ``expected``, naming the first one that did not."""
    if trace == expected:
        return
    index = next(
        (n for n, (got, want) in enumerate(zip(trace, expected, strict=False)) if got != want),
        min(len(trace), len(expected)),
    )
    message = _(
        "It ran {got} steps; expected {want}. Step {index} was {step}; expected {wanted}: one "
        "step of every task in turn, all of them in one round (no batches) and each to its "
        "end, however many steps it takes (no cap of your own)."
    )
    step = trace[index] if index < len(trace) else _("(nothing)")
    wanted = expected[index] if index < len(expected) else _("(nothing)")
    called(call).fail(
        message, got=len(trace), want=len(expected), index=index + 1, step=step, wanted=wanted
    )


@task(1, checks=("round-robin-one-step-each-in-turn", "round-robin-runs-every-task-to-its-end"))
@quick
def test_round_robin_runs_many_tasks_and_long_ones(topic):
    """round_robin of 25 tasks of 2 steps and one of 20,000: all in turn, each to its end."""
    trace = []
    tasks, expected = many_and_one_long(trace)
    topic.round_robin(tasks)
    call = _("round_robin(tasks), {count} tasks of 2 steps and one of {steps} steps").format(
        count=MANY_TASKS, steps=LONG_STEPS
    )
    expect_every_step(trace, expected, call)


HUGE_STEPS = 150_000  # more steps in all than a cap of 100,000 would let run


def counter(name, steps, counts):
    """A task of ``steps`` bare yields that counts its steps in ``counts[name]``: lighter than a
    stepper, for tasks of very many steps."""
    for _step in range(steps):
        counts[name] += 1
        yield


@task(1, checks=("round-robin-runs-every-task-to-its-end",))
@quick
def test_round_robin_runs_a_task_of_150_000_steps(topic):
    """round_robin of 25 tasks of 2 steps and one of 150,000: each one runs to its end."""
    counts = {f"t{number}": 0 for number in range(MANY_TASKS)}
    counts["long"] = 0
    tasks = [counter(name, 2, counts) for name in counts if name != "long"]
    tasks.append(counter("long", HUGE_STEPS, counts))
    topic.round_robin(tasks)
    call = _("round_robin(tasks), {count} tasks of 2 steps and one of {steps} steps").format(
        count=MANY_TASKS, steps=HUGE_STEPS
    )
    message = _(
        "The task 'long' ran {got} of its {want} steps: run every task to its end, however "
        "many steps it takes (no cap of your own)."
    )
    called(call).check(counts["long"] == HUGE_STEPS, message, got=counts["long"], want=HUGE_STEPS)
    short = {name: count for name, count in counts.items() if name != "long" and count != 2}
    message = _("The tasks {names} did not run their 2 steps: run every task to its end.")
    called(call).check(not short, message, names=", ".join(short))


@task(2, checks=("collect-returns-every-result", "collect-runs-round-robin"))
@quick
def test_run_and_collect_keeps_falsy_results_of_many_tasks(topic):
    """run_and_collect of 26 tasks, one of 20,000 steps, five returning '', 0, [], False, None."""
    trace = []
    steppers, expected_steps = many_and_one_long(trace)
    tasks = {f"t{number}": each for number, each in enumerate(steppers[:-1])}
    tasks["long"] = steppers[-1]
    tasks.update((name, instant(value)) for name, value in FALSY_RESULTS.items())
    call = _(
        "run_and_collect(tasks), {count} tasks of 2 steps, one of {steps} steps, and five "
        "returning '', 0, [], False and None at once"
    ).format(count=MANY_TASKS, steps=LONG_STEPS)
    results = topic.run_and_collect(tasks)
    expect_every_step(trace, expected_steps, call)
    expected = {f"t{number}": f"t{number}: finished" for number in range(MANY_TASKS)}
    expected["long"] = "long: finished"
    expected.update(FALSY_RESULTS)
    hint = _(
        "Every task's result as it is: '', 0, [] and False are results too (no `or`, no "
        "`if value`)."
    )
    got = (
        {name: results.get(name) for name in FALSY_RESULTS}
        if isinstance(results, dict)
        else results
    )
    message = _("It returned {got} for the five quick tasks; expected {want}. {hint}")
    called(call).check(
        same(got, FALSY_RESULTS), message, got=show(got), want=show(FALSY_RESULTS), hint=hint
    )
    expect_result(results, expected, call=call, meaning=_("every task's result by name"))


@task(
    3,
    checks=(
        "sleeps-return-every-result",
        "ready-tasks-run-while-others-sleep",
        "wait-until-once-never-spin",
        "sleeps-leave-the-dict-alone",
        "sleeps-overlap",
    ),
)
@quick
def test_run_with_sleeps_runs_long_tasks_and_keeps_falsy_results(topic):
    """run_with_sleeps: a task of 20,000 steps beside a sleeper; results '', 0 and [] kept."""
    fake, trace = FakeClock(), []
    tasks = {
        "nap": sleeper("nap", [1.0], fake, trace, topic.Sleep),
        "long": ticker("long", LONG_STEPS, fake, trace),
        "empty": instant(""),
        "nothing": instant([]),
        "zero": instant(0),
    }
    call = _(
        "run_with_sleeps({{nap: Sleep(1); long: {steps} yields; empty: return ''; nothing: "
        "return []; zero: return 0}}) on a fake clock"
    ).format(steps=LONG_STEPS)
    got = run_sleeps(topic, tasks, fake, call)
    steps = sum(1 for name, _when in trace if name == "long")
    message = _(
        "The task 'long' ran {got} of its {want} steps: run every task to its end, however "
        "many steps it takes (no cap of your own)."
    )
    called(call).check(steps == LONG_STEPS, message, got=steps, want=LONG_STEPS)
    expected = {
        "nap": "nap slept 1 times",
        "long": " ".join(["long", "ticked", str(LONG_STEPS), "times"]),  # what ticker returns
        "empty": "",
        "nothing": [],
        "zero": 0,
    }
    expect_result(got, expected, call=call, meaning=_("every task's result by name, '' too"))


# Task 3


class Spinning(BaseException):
    """The loop kept reading the fake clock without ever waiting."""


class WaitingForever(BaseException):
    """The loop kept calling wait_until without any task waking."""


class FakeClock:
    """A clock that stands still until the loop calls ``wait_until(deadline)``."""

    READ_LIMIT = 100_000
    WAIT_LIMIT = 10_000

    def __init__(self):
        self.now = 0.0
        self.waits = record()
        # Counted in a plain list under a private name, changed by its own methods alone: a
        # spinning loop reads the clock READ_LIMIT times, and each write to a sealed fake's
        # attribute or record costs an audit event (grader/inside/evidence.py).
        self._counted_reads = [0]
        self.asleep = record()  # the wake-up times (now + seconds) of the tasks asleep

    @property
    def reads(self):
        return self._counted_reads[0]

    def restart(self):
        """Back to time 0, with no read counted."""
        self.now, self._counted_reads[0] = 0.0, 0

    def clock(self):
        self._counted_reads[0] += 1
        if self._counted_reads[0] > self.READ_LIMIT:
            raise Spinning
        return self.now

    def wait_until(self, deadline):
        self.waits.append(deadline)
        if len(self.waits) > self.WAIT_LIMIT:
            raise WaitingForever
        self.now = max(self.now, deadline)


def sleeper(name, naps, fake, trace, sleep_type):
    """A task that yields ``Sleep(nap)`` for each nap, noting (name, time) at each wake-up."""
    for nap in naps:
        wake = fake.now + nap
        fake.asleep.append(wake)
        yield sleep_type(nap)
        fake.asleep.remove(wake)
        trace.append((name, fake.now))
    return f"{name} slept {len(naps)} times"


def ticker(name, ticks, fake, trace):
    """A task that only yields (never sleeps), noting (name, time) at each step."""
    for _tick in range(ticks):
        trace.append((name, fake.now))
        yield
    return f"{name} ticked {ticks} times"


def show_wakes(trace):
    return ", ".join(f"{name} {when:g} s" for name, when in trace) or _("(nothing)")


def run_sleeps(topic, tasks, fake, call):
    """Call the learner's run_with_sleeps on the fake clock, explaining the usual crashes."""
    try:
        return topic.run_with_sleeps(tasks, clock=fake.clock, wait_until=fake.wait_until)
    except Spinning:
        message = _(
            "Your loop read the clock {reads} times and never called wait_until, so it spun: "
            "when no task is ready, call wait_until(earliest wake-up time) once."
        )
        called(call).fail(message, reads=FakeClock.READ_LIMIT)
    except WaitingForever:
        if fake.reads == 0:
            message = _(
                "Your loop called wait_until {waits} times and never read the clock it was "
                "given, so no task ever woke: the wake-up time is clock() + seconds, with the "
                "clock parameter (the grader passes a fake one), not time.perf_counter()."
            )
        elif fake.asleep and fake.waits[-1] not in fake.asleep:
            message = _(
                "Your loop called wait_until {waits} times, last with {last} while the clock "
                "said {now}, and no task woke: {last} is no sleeping task's wake-up time. "
                "wait_until takes the earliest wake-up time itself (the clock() + seconds on "
                "the heap), not the time left until it."
            )
            last, now = f"{fake.waits[-1]:g}", f"{fake.now:g}"
            called(call).fail(message, waits=FakeClock.WAIT_LIMIT, last=last, now=now)
        else:
            message = _(
                "Your loop called wait_until {waits} times and no task ever woke: after "
                "waiting, move every task whose wake-up time is due by clock() back to the "
                "ready queue."
            )
        called(call).fail(message, waits=FakeClock.WAIT_LIMIT)
    except TypeError as error:
        if "not supported between instances" in str(error):
            message = _(
                "It raised TypeError: {error}. Two tasks were due at once, so heapq compared "
                "what followed: put a counter after the time, (when, count, name, task)."
            )
            called(call).fail(message, error=error)
        raise


def expect_wakes(trace, expected, call, hint=""):
    """Fail unless the tasks woke (or stepped) as ``expected``: (name, time) pairs."""
    message = _("The tasks woke as: {got}; expected {want}. {hint}")
    called(call).check(
        trace == expected, message, got=show_wakes(trace), want=show_wakes(expected), hint=hint
    )


# Each run: its tasks (name: the naps it sleeps, a number of bare yields, or what it returns
# at once), the wake-ups expected ("b 1" is b waking at 1 s), the time the clock ends at, and
# the wait_until calls (None: not checked).
SLEEPS = {
    "overlap": ({"a": [3.0], "b": [1.0], "c": [2.0]}, "b 1, c 2, a 3", 3.0, [1.0, 2.0, 3.0]),
    "ready-run": ({"nap": [1.0], "tick": 3}, "tick 0, tick 0, tick 0, nap 1", 1.0, None),
    "due-together": (
        {"a": [1.0, 1.0, 1.0], "b": [1.5, 1.5]},
        "a 1, b 1.5, a 2, b 3, a 3",
        3.0,
        [1.0, 1.5, 2.0, 3.0],
    ),
    "zero": ({"zero": [0.0, 0.0], "done": "at once"}, "zero 0, zero 0", 0.0, None),
    "none-result": ({"nap": [1.0], "quiet": None}, "nap 1", 1.0, None),
    "empty-result": ({"nap": [1.0], "empty": ""}, "nap 1", 1.0, None),
    "no-tasks": ({}, "", 0.0, []),
}


def wakes(text):
    """[("b", 1.0), ...] from "b 1, ..."."""
    return [
        (name, float(when)) for name, when in (wake.split() for wake in text.split(", ") if wake)
    ]


def make_tasks(spec, fake, trace, sleep_type):
    """The tasks a SLEEPS entry describes, in its order, the results they return, and the call
    of run_with_sleeps on them for messages: ``run_with_sleeps({a: Sleep(3); b: yield})``."""
    tasks, results, shown = {}, {}, []
    for name, what in spec.items():
        if isinstance(what, list):
            tasks[name] = sleeper(name, what, fake, trace, sleep_type)
            results[name] = f"{name} slept {len(what)} times"
            shown.append(f"{name}: " + ", ".join(f"Sleep({nap:g})" for nap in what))
        elif isinstance(what, int):
            tasks[name] = ticker(name, what, fake, trace)
            results[name] = f"{name} ticked {what} times"
            shown.append(f"{name}: " + ", ".join(["yield"] * what))
        else:
            tasks[name], results[name] = instant(what), what
            shown.append(f"{name}: return {what!r}")
    call = _("run_with_sleeps({tasks}) on a fake clock").format(tasks="{" + "; ".join(shown) + "}")
    return tasks, results, call


def sleeps_hint(case, trace, fake, end):
    """What a known wrong run of a SLEEPS case tells."""
    if case == "overlap" and len(fake.waits) > len(SLEEPS[case][3]):
        message = _(
            "Your loop called wait_until {count} times, first with {first}; expected 3 "
            "times, with 1, 2 and 3: when no task is ready, wait once for the earliest "
            "wake-up time on the heap, not in small steps."
        )
        first = ", ".join(f"{when:g}" for when in fake.waits[:3]) + ", ..."
        return message.format(count=len(fake.waits), first=first)
    if case == "overlap" and fake.now > end:
        return _(
            "Your loop waited for a sleeping task while others were still ready to run, so the "
            "sleeps happened one after another. Park a sleeping task on the heap, run the "
            "others, and call wait_until only when no task is ready."
        )
    if case == "ready-run" and any(name == "tick" and when > 0 for name, when in trace):
        return _(
            "The ticking task, which never sleeps, had to wait for the sleeper: only call "
            "wait_until when no task at all is ready."
        )
    if case == "due-together" and trace[3:] == [("a", 3.0), ("b", 3.0)]:
        return _(
            "At 3 s, a woke before b, which slept first (at 1.5 s, a at 2 s): order heap "
            "entries by (wake-up time, a counter that grows with each push)."
        )
    return ""


def expect_waits(fake, expected, call):
    """Fail unless the loop called wait_until once for each wake-up time, in order."""
    message = _(
        "Your loop called wait_until with {got}; expected {want}: with no task ready, wait "
        "once for the earliest wake-up time, then requeue every task due by then."
    )
    got, want = (show_waits(whens) for whens in (fake.waits, expected))
    called(call).check(fake.waits == expected, message, got=got, want=want)


def show_waits(whens, most=8):
    """The deadlines passed to wait_until: all of them, or the first few, the last and how many."""
    if len(whens) <= most:
        return ", ".join(f"{when:g}" for when in whens) or _("nothing")
    return _("{first}, ..., {last} ({count} calls)").format(
        first=", ".join(f"{when:g}" for when in whens[: most - 2]),
        last=f"{whens[-1]:g}",
        count=len(whens),
    )


@task(
    3,
    checks=(
        "sleeps-overlap",
        "ready-tasks-run-while-others-sleep",
        "wait-until-once-never-spin",
        "due-together-wake-in-sleep-order",
        "sleeps-return-every-result",
        "sleeps-leave-the-dict-alone",
    ),
)
@quick
@pytest.mark.parametrize("case", list(SLEEPS))
def test_sleepers_wake_in_order_of_wake_up_time(topic, case):
    """run_with_sleeps wakes each task on time, runs ready ones meanwhile, returns every result."""
    spec, expected, end, waits = SLEEPS[case]
    fake, trace = FakeClock(), []
    tasks, results, call = make_tasks(spec, fake, trace, topic.Sleep)
    before = dict(tasks)
    got = run_sleeps(topic, tasks, fake, call)
    hint = sleeps_hint(case, trace, fake, end)
    message = _("The clock ended at {now} s; expected {end} s. The tasks woke as: {wakes}. {hint}")
    now, wakes_shown = f"{fake.now:g}", show_wakes(trace)
    called(call).check(
        fake.now == end, message, now=now, end=f"{end:g}", wakes=wakes_shown, hint=hint
    )
    expect_wakes(trace, wakes(expected), call, hint)
    expect_result(got, results, call=call, meaning=_("every task's result by name, even None"))
    if waits is not None:
        expect_waits(fake, waits, call)
    expect_left_as_given(tasks, before, call)


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
    expected = [("b", 1.0), ("a", 1.5), ("b", 2.0), ("a", 3.0), ("b", 3.0)]
    fake, trace = FakeClock(), []
    call = make_tasks({"a": [1.5, 1.5], "b": [1.0, 1.0, 1.0]}, fake, [], topic.Sleep)[2]
    for tasks in pairs_made_both_ways(fake, trace, topic.Sleep):
        fake.restart()
        trace[:] = []
        run_sleeps(topic, tasks, fake, call)
        hint = _(
            "At 3 s, a went to sleep first (at 1.5 s, b at 2 s), so it wakes first: order heap "
            "entries by (wake-up time, a counter growing with each push), nothing of the task."
        )
        expect_wakes(trace, expected, call, hint)


class LateClock(FakeClock):
    """A fake clock whose waits end ``LATE`` s after the deadline, as a real sleep may."""

    LATE = 0.5

    def wait_until(self, deadline):
        asleep = deadline > self.now  # a deadline already past returns at once
        super().wait_until(deadline)
        if asleep:
            self.now = deadline + self.LATE


def wake_then_tick(name, nap, ticks, fake, trace, sleep_type):
    """A task that sleeps ``nap`` s, then notes (name, time) at its wake-up and after each of
    ``ticks`` bare yields."""
    yield sleep_type(nap)
    trace.append((name, fake.now))
    for _tick in range(ticks):
        yield
        trace.append((name, fake.now))
    return name


@task(3, checks=("wake-every-due-task",))
@quick
def test_a_late_wake_up_requeues_every_task_due(topic):
    """a sleeps 1 s then yields twice, b sleeps 1.2 s; wait_until(1) ends at 1.5 s: both wake."""
    fake, trace = LateClock(), []
    tasks = {
        "a": wake_then_tick("a", 1.0, 2, fake, trace, topic.Sleep),
        "b": wake_then_tick("b", 1.2, 0, fake, trace, topic.Sleep),
    }
    call = _(
        "run_with_sleeps({'a': a, 'b': b}) on a fake clock, a sleeping 1 s then yielding twice, "
        "b sleeping 1.2 s; its wait_until(1) returns late, at 1.5 s"
    )
    got = run_sleeps(topic, tasks, fake, call)
    hint = _(
        "When wait_until(1) returned, clock() said 1.5 s: b (due at 1.2 s) was due as well as "
        "a, and joins the turns at once. After the wait, read clock() and move every task whose "
        "wake-up time is at most clock() back to the ready queue, not only those due at the "
        "time you waited for."
    )
    expect_wakes(trace, [("a", 1.5), ("b", 1.5), ("a", 1.5), ("a", 1.5)], call, hint)
    expect_result(got, {"a": "a", "b": "b"}, call=call)


@task(3, checks=("wake-every-due-task", "wait-until-once-never-spin"))
@quick
def test_many_tasks_due_together_wake_after_one_wait(topic):
    """Eight tasks all sleeping 1 s: one wait_until(1.0), then every one of them wakes."""
    fake, trace = FakeClock(), []
    names = [f"t{number}" for number in range(8)]
    tasks = {name: wake_then_tick(name, 1.0, 0, fake, trace, topic.Sleep) for name in names}
    call = _("run_with_sleeps(eight tasks, each sleeping 1 s) on a fake clock")
    got = run_sleeps(topic, tasks, fake, call)
    text = _(
        "It called wait_until {count} time(s), with {waits}; expected once, with 1.0: after the "
        "wait, every task due by then goes back to the ready queue, however many there are."
    )
    waits = [deadline for deadline in fake.waits]
    called(call).check(waits == [1.0], text, count=len(waits), waits=show(waits))
    expect_wakes(trace, [(name, 1.0) for name in names], call, "")
    expect_result(got, {name: name for name in names}, call=call)


@task(3, checks=("sleeps-task-error-comes-out",))
@quick
def test_run_with_sleeps_lets_a_tasks_error_out(topic):
    """run_with_sleeps: b raising ValueError as it wakes at 1 s: that same error comes out."""
    fake, trace, error = FakeClock(), [], ValueError(_("b broke"))
    tasks = {
        "nap": sleeper("nap", [2.0], fake, trace, topic.Sleep),
        "b": breaker([topic.Sleep(1.0)], error),
    }
    call = _(
        "run_with_sleeps({{nap: Sleep(2); b: Sleep(1), then raise {error}}}) on a fake clock"
    ).format(error=show(error))
    expect_task_error_comes_out(lambda: run_sleeps(topic, tasks, fake, call), error, call)


def busy_sleeper(name, work, nap, fake, trace, sleep_type):
    """A task whose step takes ``work`` s on the fake clock (it moves the clock itself), then
    sleeps ``nap`` s; it notes (name, time) as it wakes, and returns its name."""
    fake.now += work
    yield sleep_type(nap)
    trace.append((name, fake.now))
    return name


@task(3, checks=("sleeps-overlap",))
@quick
def test_a_sleep_counts_from_the_end_of_the_step(topic):
    """a works 0.5 s, then sleeps 1 s: it wakes at 1.5 s, its sleep counted from when it yielded."""
    fake, trace = FakeClock(), []
    tasks = {
        "a": busy_sleeper("a", 0.5, 1.0, fake, trace, topic.Sleep),
        "b": wake_then_tick("b", 1.25, 0, fake, trace, topic.Sleep),
    }
    call = _(
        "run_with_sleeps({'a': a, 'b': b}) on a fake clock, a working 0.5 s then sleeping 1 s, "
        "b sleeping 1.25 s"
    )
    got = run_sleeps(topic, tasks, fake, call)
    hint = _(
        "a's step itself took 0.5 s: the clock said 0.5 when a yielded Sleep(1), so a is due "
        "at 1.5 s. The wake-up time is clock() + seconds, clock() read once the task has "
        "yielded its Sleep, not before its step."
    )
    expect_wakes(trace, [("a", 1.5), ("b", 1.75)], call, hint)
    expect_result(got, {"a": "a", "b": "b"}, call=call)


# Task 4
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
    for _step in range(1_000_000):
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
    fail(_("The tasks were still running after a million steps: one of them never ends."))


def our_heartbeat(stamps, beats=BEATS, interval=BEAT_INTERVAL, clock=time.perf_counter, nap=Nap):
    for beat in range(beats):
        if beat:
            yield nap(interval)
        stamps.append(clock())
    return beats


def our_blocking_upload(work):
    yield
    return work()


def our_gap(stamps):
    return max((b - a for a, b in itertools.pairwise(stamps)), default=0.0)


A_TASK = N_("a generator (a task)")


def expect_task(made, call, what=A_TASK):
    """Fail unless ``call`` made a generator."""
    message = _("It returned {got}; expected {want}.")
    called(call).check(inspect.isgenerator(made), message, got=show(made), want=_(what))


def drive_heartbeat(beat, fake, scene, expected, each=lambda request: None, step=0.5):
    """Resume ``beat`` after each of its sleeps of ``step`` s, the fake clock moved on as a
    loop would, and give back what it returned; fail with ``expected`` if it is still beating
    after 10 sleeps. ``each`` sees every request it yields."""
    try:
        for _sleep in range(10):
            each(next(beat))
            fake.now += step
        scene.fail(expected)
    except StopIteration as stop:
        return stop.value


@task(4, checks=("heartbeat-stamps-and-sleeps-between-beats", "heartbeat-returns-beats"))
@quick
def test_heartbeat_stamps_the_clock_and_sleeps_between_beats(topic):
    """heartbeat(stamps, 4, 0.5, clock) yields Sleep(0.5) between beats; stamps 0, 0.5, 1, 1.5."""
    fake, stamps = FakeClock(), []
    call = "heartbeat(stamps, 4, 0.5, clock=fake_clock)"
    beat = topic.heartbeat(stamps, 4, 0.5, clock=fake.clock)
    expect_task(beat, call, N_("a generator (a task): yield Sleep(interval) between the beats"))
    scene, yielded = called(call), []

    def each(request):
        yielded.append(request)
        message = _("It yielded {got}; expected Sleep(0.5).")
        right = isinstance(request, topic.Sleep) and request.seconds == 0.5
        scene.check(right, message, got=show(request))

    expected = _("It was still beating after 10 sleeps; expected 4 beats.")
    result = drive_heartbeat(beat, fake, scene, expected, each)
    what = _("The stamps of {call}, resumed after each sleep").format(call=call)
    expect_equal(stamps, [0.0, 0.5, 1.0, 1.5], what=what, hint=_("clock() at each of the 4 beats."))
    message = _(
        "It slept {count} times; expected 3, between the beats (a fourth after the last "
        "beat does no harm)."
    )
    scene.check(len(yielded) in (3, 4), message, count=len(yielded))
    expect_equal(result, 4, what=_("The value {call} returned").format(call=call))


@task(4, checks=("heartbeat-stamps-and-sleeps-between-beats", "heartbeat-returns-beats"))
@quick
def test_heartbeat_adds_to_stamps_already_there(topic):
    """heartbeat(stamps, 2, 0.25, clock), stamps already [7.0, 7.5]: adds 0, 0.25, returns 2."""
    fake, stamps = FakeClock(), [7.0, 7.5]
    call = _("heartbeat(stamps, 2, 0.25, clock=fake_clock), stamps already holding [7.0, 7.5]")
    beat = topic.heartbeat(stamps, 2, 0.25, clock=fake.clock)
    expect_task(beat, call)
    scene = called(call)

    def each(request):
        message = _(
            "It yielded {got}; expected Sleep(interval), Sleep(0.25) here: sleep the interval "
            "it was given."
        )
        right = isinstance(request, topic.Sleep) and request.seconds == 0.25
        scene.check(right, message, got=show(request))

    expected = _("It was still beating after 10 sleeps; expected 2 beats.")
    result = drive_heartbeat(beat, fake, scene, expected, each, step=0.25)
    what = _("The stamps of {call}").format(call=call)
    hint = _("the stamps already there stay, and 2 beats are added.")
    expect_equal(stamps, [7.0, 7.5, 0.0, 0.25], what=what, hint=hint)
    what = _("The value {call} returned").format(call=call)
    expect_equal(result, 2, what=what, hint=_("beats, not the length of stamps."))


@task(4, checks=("heartbeat-stamps-and-sleeps-between-beats", "heartbeat-returns-beats"))
@quick
def test_heartbeat_of_no_beats(topic):
    """heartbeat(stamps, 0, 0.5, clock) stamps nothing and returns 0."""
    fake, stamps = FakeClock(), []
    call = "heartbeat(stamps, 0, 0.5, clock=fake_clock)"
    beat = topic.heartbeat(stamps, 0, 0.5, clock=fake.clock)
    expect_task(beat, call)
    expected = _("It was still beating after 10 sleeps; expected no beat at all.")
    result = drive_heartbeat(beat, fake, called(call), expected)
    what = _("The stamps of {call}").format(call=call)
    expect_equal(stamps, [], what=what, hint=_("0 beats: nothing is stamped."))
    expect_equal(result, 0, what=_("The value {call} returned").format(call=call))


@task(4, checks=("longest-gap",))
@quick
@pytest.mark.parametrize(
    ("stamps", "gap"), [([0.0, 0.5, 0.7, 1.5], 0.8), ([2.0, 2.25], 0.25), ([3.0], 0.0), ([], 0.0)]
)
def test_longest_gap_between_stamps(topic, stamps, gap):
    """longest_gap([0, 0.5, 0.7, 1.5]) is 0.8; with fewer than two stamps it is 0.0."""
    try:
        got = topic.longest_gap(list(stamps))
    except ValueError as error:
        message = _(
            "Called longest_gap({stamps}). It raised ValueError ({error}): with fewer than two "
            "stamps there is no gap, and the answer is 0.0 (max(..., default=0.0))."
        )
        fail(message, stamps=stamps, error=error)
    message = _("Called longest_gap({stamps}). It returned {got}; expected the float {want}.")
    right = type(got) is float and abs(got - gap) < 1e-9
    check(right, message, stamps=stamps, got=show_typed(got), want=gap)


@task(4, checks=("longest-gap-leaves-the-stamps-alone",))
@quick
@pytest.mark.parametrize(
    "stamps", [[0.0, 0.5, 0.7, 1.5], [0.1, 0.0, 0.2, 5.0]], ids=["in-order", "out-of-order"]
)
def test_longest_gap_leaves_the_stamps_as_given(topic, stamps):
    """longest_gap(stamps) leaves the caller's list as it was, stamps out of order included."""
    given = list(stamps)
    topic.longest_gap(given)
    message = _(
        "Called longest_gap({stamps}). Afterwards the list it was given held {got}; expected it "
        "left as given, {stamps}: read the stamps without sorting, emptying or changing the "
        "caller's list (sorted() makes a copy)."
    )
    check(given == stamps, message, stamps=stamps, got=given)


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
    scene = called(
        _(
            "heartbeat(stamps, {beats}, {interval}) beside blocking_upload(work) on a "
            "round-robin loop with the real clock, work() blocking for {seconds} s"
        ).format(beats=beats, interval=BEAT_INTERVAL, seconds=UPLOAD_SECONDS)
    )
    message = _("The heartbeat stamped {count} times; expected {beats}.")
    scene.check(len(stamps) == beats, message, count=len(stamps), beats=beats)
    message = _(
        "The longest pause between beats was {gap} s; a heartbeat blocked by the upload "
        "pauses for about {seconds} s. Does heartbeat yield Sleep(interval) between the "
        "beats, and stamp with clock()?"
    )
    scene.check(real_gap >= STARVED_GAP, message, gap=f"{real_gap:.3f}", seconds=UPLOAD_SECONDS)
    message = _("longest_gap(stamps) returned {got}; the longest pause between stamps was {gap} s.")
    scene.check(abs(gap - real_gap) < 1e-9, message, got=show(gap), gap=f"{real_gap:.3f}")


# Task 5


class SlowWork:
    """The blocking work: sleeps ``seconds`` with time.sleep, recording each call's thread."""

    def __init__(self, seconds=UPLOAD_SECONDS, result="uploaded", error=None):
        self.seconds = seconds
        # Private: the code may call work(), not take its answer or its error without calling.
        self._result = result
        self._error = error
        self.threads = record()
        self.spans = record()  # (start, end) of each call, on time.perf_counter
        self.__name__ = "work"

    @property
    def calls(self):
        return len(self.threads)

    def __call__(self):
        self.threads.append(threading.current_thread())
        start = time.perf_counter()
        try:
            time.sleep(self.seconds)
        finally:
            self.spans.append((start, time.perf_counter()))
        if self._error is not None:
            raise self._error
        return self._result

    def join_threads(self):
        """Wait for every thread the learner started, so none outlives the test."""
        for thread in self.threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2)

    def check_ran_once_in_a_thread(self, call):
        scene = called(call)
        scene.check(self.calls > 0, _("work() was never called: start a thread that calls it."))
        message = _(
            "work() was called {count} times; expected once. The seed's example calls the "
            "slow function again inside its waiting loop: start work() once, in the "
            "thread, and only yield while you wait."
        )
        scene.check(self.calls == 1, message, count=self.calls)
        message = _(
            "work() ran in the main thread, blocking the loop: run it in a threading.Thread."
        )
        scene.check(self.threads[0] is not threading.main_thread(), message)


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
    call = _("threaded_upload(work), work() taking {seconds} s, beside a heartbeat").format(
        seconds=UPLOAD_SECONDS
    )

    def attempt():
        work = SlowWork()
        try:
            upload = topic.threaded_upload(work)
            expect_task(upload, "threaded_upload(work)")
            return (work, *run_upload_beside_heartbeat(upload))
        finally:
            work.join_threads()

    work, results, gap, elapsed = attempt()
    if gap >= HEALTHY_GAP and work.calls == 1:
        # A busy machine can delay one beat; a blocked loop misses beats every time.
        work, results, gap, elapsed = attempt()
    work.check_ran_once_in_a_thread(call)
    expect_equal(results["upload"], "uploaded", what=_("The result of {call}").format(call=call))
    scene = called(call)
    message = _(
        "The task finished after {elapsed} s, before work() was done: yield while the "
        "thread is alive, then join it."
    )
    scene.check(elapsed >= UPLOAD_SECONDS * 0.95, message, elapsed=f"{elapsed:.3f}")
    message = _(
        "The heartbeat paused for {gap} s; expected under {healthy} s (it beats every "
        "{interval} s). Something blocked the loop: yield Sleep(poll) while the thread is "
        "alive instead of waiting for it (join blocks)."
    )
    scene.check(
        gap < HEALTHY_GAP, message, gap=f"{gap:.3f}", healthy=HEALTHY_GAP, interval=BEAT_INTERVAL
    )


@task(5, checks=("upload-yields-sleep-poll-while-alive",))
@quick
def test_threaded_upload_yields_sleep_poll(topic):
    """threaded_upload(work, poll=0.05) yields Sleep(0.05) each time, while work() runs."""
    work = SlowWork(seconds=0.12)
    scene = called(_("threaded_upload(work, poll=0.05), work() taking 0.12 s"))
    yielded = []
    try:
        upload = topic.threaded_upload(work, poll=0.05)
        expect_task(upload, "threaded_upload(work, poll=0.05)")
        for request in upload:
            yielded.append(request)
            if not (isinstance(request, topic.Sleep) and request.seconds == 0.05):
                break
            time.sleep(request.seconds)  # what a loop does with Sleep(0.05)
            if len(yielded) >= 200:
                break
    finally:
        work.join_threads()
    scene.check(yielded, _("It never yielded: yield Sleep(poll) while the thread is alive."))
    wrong = yielded[-1]
    message = _(
        "It yielded {got} while the thread worked; expected Sleep(0.05): a bare yield keeps "
        "the task ready, so the loop spins on it instead of parking it for poll seconds."
    )
    scene.check(isinstance(wrong, topic.Sleep), message, got=show(wrong))
    message = _("It yielded Sleep({seconds}); expected Sleep(poll), Sleep(0.05) here.")
    scene.check(wrong.seconds == 0.05, message, seconds=wrong.seconds)


class GatedWork(SlowWork):
    """Blocking work that runs until the test opens its ``gate`` (GATE_LIMIT s at most). The
    event stays the test's: no attribute of the fake leads to it."""

    def __init__(self, gate):
        super().__init__(seconds=0.0)
        self._gate = gate

    def __call__(self):
        self.threads.append(threading.current_thread())
        self._gate.wait(GATE_LIMIT)
        return self._result


GATE_LIMIT = 1.5  # seconds the gated work waits for the test at most
UPLOAD_POLL = 1.0  # the poll the step test passes: a step that blocks for it is no accident
STEP_LIMIT = 0.5  # a step of threaded_upload taking this long blocked the loop


def time_upload_steps(topic, steps=3):
    """The real seconds each of the first ``steps`` steps of threaded_upload(work, poll=1.0)
    took while work() was still running, and what those steps yielded."""
    gate = threading.Event()
    work, took, yielded = GatedWork(gate), [], []
    try:
        upload = topic.threaded_upload(work, poll=UPLOAD_POLL)
        expect_task(upload, f"threaded_upload(work, poll={UPLOAD_POLL})")
        for _step in range(steps):
            started = time.perf_counter()
            try:
                yielded.append(next(upload))
            except StopIteration:
                break  # ending before work() is done is another test's message
            finally:
                took.append(time.perf_counter() - started)
            if took[-1] >= STEP_LIMIT:
                break
    finally:
        gate.set()
        work.join_threads()
    return took, yielded


@task(5, checks=("upload-yields-sleep-poll-while-alive",))
@quick
def test_threaded_upload_never_blocks_a_step(topic):
    """threaded_upload(work, poll=1.0): each step yields Sleep(1.0) at once while work() runs."""
    took, yielded = time_upload_steps(topic)
    if STEP_LIMIT <= max(took, default=0.0) < UPLOAD_POLL:
        # A busy machine can delay a step; a blocked one waits poll.
        took, yielded = time_upload_steps(topic)
    slowest = max(took, default=0.0)
    message = _(
        "A step of the task took {took} s while work() was still running; expected it to "
        "return at once (under {limit} s): yield Sleep(poll) and let the loop do the waiting. "
        "time.sleep(poll) or thread.join(poll) in the task blocks the whole loop, and every "
        "other task with it."
    )
    scene = called(_("threaded_upload(work, poll=1.0), stepped with next() while work() runs"))
    scene.check(slowest < STEP_LIMIT, message, took=f"{slowest:.2f}", limit=STEP_LIMIT)
    wrong = [
        each for each in yielded if not (isinstance(each, topic.Sleep) and each.seconds == 1.0)
    ]
    message = _(
        "It yielded {got} while work() ran; expected Sleep(poll), Sleep(1.0) here: sleep the "
        "poll it was given."
    )
    scene.check(not wrong, message, got=show(wrong[0]) if wrong else "")


@task(5, checks=("upload-raises-work-error",))
@quick
def test_threaded_upload_raises_what_work_raised(topic):
    """When work() raises ValueError('disk full'), the threaded_upload task raises it too."""
    work = SlowWork(seconds=0.02, error=ValueError("disk full"))
    call = _("threaded_upload(work), work() raising ValueError('disk full')")
    raised = None
    try:
        reference_loop({"upload": topic.threaded_upload(work)})
    except Exception as error:  # what the task raised, whatever it is, is judged below
        raised = error
    finally:
        work.join_threads()
    work.check_ran_once_in_a_thread(call)
    message = _(
        "Run to its end, it raised {got}; expected the ValueError('disk full') that work() "
        "raised, as it is: raise the exception the thread kept, not a new one of another kind."
    )
    other = raised is not None and not isinstance(raised, ValueError)
    called(call).check(not other, message, got=repr(raised))
    message = _(
        "Run to its end, what it raised: {got}; expected ValueError('disk full'). An exception "
        "in a thread is lost unless you keep it (in the thread's function) and raise it "
        "again in the task."
    )
    got = repr(raised) if raised else _("nothing")
    called(call).check(raised is not None and str(raised) == "disk full", message, got=got)


class WorkAborted(BaseException):
    """What a work() may raise that is no Exception (as KeyboardInterrupt is not)."""


@task(5, checks=("upload-raises-work-error",))
@quick
def test_threaded_upload_raises_even_what_is_no_exception(topic):
    """When work() raises WorkAborted, a BaseException but no Exception, the task raises it."""
    error = WorkAborted("stopped")
    work = SlowWork(seconds=0.02, error=error)
    call = _("threaded_upload(work), work() raising WorkAborted('stopped'), no Exception")
    raised = returned = None
    try:
        upload = topic.threaded_upload(work)
        expect_task(upload, "threaded_upload(work)")
        returned, _yielded = driven(upload)
    except (WorkAborted, Exception) as caught:  # what the task raised is judged below
        raised = caught
    finally:
        work.join_threads()
    message = _(
        "Run to its end, it {ended}; expected it to raise the WorkAborted('stopped') that "
        "work() raised, a BaseException that is no Exception: keep whatever the thread raised "
        "(`except BaseException`), not only an Exception."
    )
    if raised is not None:
        ended = _("raised {error}").format(error=repr(raised))
    elif returned is STILL_RUNNING:
        ended = _("was still yielding 1 s after work() had raised")
    else:
        ended = _("returned {value}").format(value=show(returned))
    called(call).check(raised is error, message, ended=ended)


STILL_RUNNING = object()  # what driven() gives for a task that has not returned in time


def driven(upload, within: float = 1.0) -> tuple[object, int]:
    """Step ``upload`` (a task) until it returns, sleeping what it yields (0.05 s at most):
    what it returned (STILL_RUNNING after ``within`` seconds), and how often it yielded."""
    deadline, yielded = time.perf_counter() + within, 0
    while time.perf_counter() < deadline:
        try:
            request = next(upload)
        except StopIteration as stop:
            return stop.value, yielded
        yielded += 1
        time.sleep(min(getattr(request, "seconds", 0.0) or 0.0, 0.05))
    return STILL_RUNNING, yielded


@task(5, checks=("upload-returns-work-result",))
@quick
def test_threaded_upload_of_work_returning_none(topic):
    """When work() returns None, the threaded_upload task ends too, returning None."""
    work = SlowWork(seconds=0.02, result=None)
    scene = called(_("threaded_upload(work), work() taking 0.02 s and returning None"))
    try:
        upload = topic.threaded_upload(work)
        expect_task(upload, "threaded_upload(work)")
        returned, yielded = driven(upload)  # 1 s: 50 times the work's length
    finally:
        work.join_threads()
    ended = returned is not STILL_RUNNING
    message = _(
        "work() returned None after 0.02 s, but 1 s later the task was still yielding "
        "({count} times): it waits for a result to show up, and None is a result too. "
        "Yield while the thread is alive (thread.is_alive()), then return what work() "
        "returned, whatever it is."
    )
    scene.check(ended, message, count=yielded)
    expect_equal(returned, None, what=_("What the task returned"), hint=_("what work() returned."))


@task(5, checks=("upload-returns-work-result",))
@quick
@pytest.mark.parametrize("result", [0, ""], ids=["zero", "empty"])
def test_threaded_upload_returns_a_falsy_result_as_it_is(topic, result):
    """threaded_upload(work), work() returning 0 or '': the task returns exactly that."""
    work = SlowWork(seconds=0.02, result=result)
    call = _("threaded_upload(work), work() taking 0.02 s and returning {result}").format(
        result=show(result)
    )
    try:
        upload = topic.threaded_upload(work)
        expect_task(upload, "threaded_upload(work)")
        returned, _yielded = driven(upload)  # 1 s: 50 times the work's length
    finally:
        work.join_threads()
    message = _("1 s after work() returned {result}, the task was still yielding.")
    called(call).check(returned is not STILL_RUNNING, message, result=show(result))
    message = _(
        "The task returned {got}; expected {want}, what work() returned, as it is: 0 and '' "
        "are results too (no `or`, no `if result`)."
    )
    called(call).check(same(returned, result), message, got=show(returned), want=show(result))


@task(5, checks=("upload-returns-work-result",))
@quick
def test_two_uploads_at_once_return_their_own_results(topic):
    """Two threaded_upload tasks at once: each returns its own work's result."""
    first, second = SlowWork(seconds=0.02, result="first"), SlowWork(seconds=0.05, result="second")
    call = _(
        "threaded_upload(first) and threaded_upload(second) started together, the first's "
        "work taking 0.02 s, the second's 0.05 s; then the second run to its end, then the first"
    )
    try:
        uploads = [topic.threaded_upload(first), topic.threaded_upload(second)]
        ended = {}  # a work that ended before its task first looked needs no yield
        for index, upload in enumerate(uploads):
            expect_task(upload, "threaded_upload(work)")
            try:
                next(upload)  # each starts its thread
            except StopIteration as stop:
                ended[index] = stop.value
        pairs = list(enumerate(uploads))
        got = [
            ended[index] if index in ended else driven(upload)[0]
            for index, upload in reversed(pairs)
        ][::-1]
    finally:
        first.join_threads()
        second.join_threads()
    got = [_("still running") if value is STILL_RUNNING else value for value in got]
    message = _(
        "They returned {got}; expected ['first', 'second']: each task keeps what its own "
        "thread gives in a variable of its own, not one the module or the class shares."
    )
    called(call).check(same(got, ["first", "second"]), message, got=show(got))


class HeldWork(SlowWork):
    """A work() that blocks until the test sets its ``go``, however many times the task
    yielded. The event stays the test's: no attribute of the fake leads to it."""

    def __init__(self, go, result="uploaded"):
        super().__init__(seconds=0.0, result=result)
        self._go = go

    def __call__(self):
        self.threads.append(threading.current_thread())
        self._go.wait(timeout=10.0)  # the test lets it go far sooner
        return self._result


HELD_POLLS = 5_000  # more polls than any limit a task might set itself


@task(5, checks=("upload-yields-sleep-poll-while-alive", "upload-returns-work-result"))
@quick
def test_threaded_upload_polls_as_long_as_work_runs(topic):
    """threaded_upload(work): stepped 5,000 times while work() runs, it yields on, then returns."""
    go = threading.Event()
    work = HeldWork(go)
    call = _("threaded_upload(work), stepped {polls} times while work() still ran").format(
        polls=HELD_POLLS
    )
    outcome = None
    try:
        upload = topic.threaded_upload(work)
        expect_task(upload, "threaded_upload(work)")
        for step in range(HELD_POLLS):
            try:
                next(upload)
            except StopIteration as stop:
                outcome = _("returned {value}").format(value=show(stop.value))
            except NotImplementedError:
                raise
            except Exception as error:
                outcome = _("raised {error}").format(error=show(error))
            if outcome is not None:
                message = _(
                    "While work() still ran, the task {outcome} at step {step}: it gave up "
                    "waiting. Yield Sleep(poll) for as long as the thread is alive, however "
                    "long work() takes: no limit of your own on the polls or the time."
                )
                called(call).fail(message, outcome=outcome, step=step + 1)
        go.set()
        deadline = time.perf_counter() + 1.0
        returned = "nothing"
        while time.perf_counter() < deadline:
            try:
                next(upload)
            except StopIteration as stop:
                returned = stop.value
                break
            time.sleep(0.001)
    finally:
        go.set()
        work.join_threads()
    expect_equal(
        returned, "uploaded", what=_("What the task returned"), hint=_("what work() returned.")
    )


# Task 6


class Parts:
    """Known-good heartbeat, threaded_upload and longest_gap, recording their calls: task 6
    grades only how upload_with_heartbeat composes them on the learner's run_with_sleeps."""

    def __init__(self, topic, monkeypatch):
        self.sleep_type = topic.Sleep
        self.heartbeats = record()  # (beats, interval, stamps) of each heartbeat made
        self.uploads = 0  # threaded_upload tasks made
        self.gaps = 0  # calls of longest_gap
        self.loops = 0  # calls of the learner's own run_with_sleeps, counted, not swapped
        learners_loop = topic.module.run_with_sleeps

        def run_with_sleeps(*args, **kwargs):
            self.loops += 1
            return learners_loop(*args, **kwargs)

        monkeypatch.setattr(topic.module, "run_with_sleeps", run_with_sleeps)
        monkeypatch.setattr(topic.module, "heartbeat", self.heartbeat)
        monkeypatch.setattr(topic.module, "threaded_upload", self.threaded_upload)
        monkeypatch.setattr(topic.module, "longest_gap", self.longest_gap)

    def longest_gap(self, stamps):
        self.gaps += 1
        return our_gap(stamps)

    def not_called(self):
        """The names of the parts the learner's code never called, in the statement's order."""
        calls = {"run_with_sleeps": self.loops, "heartbeat": len(self.heartbeats)}
        calls.update(threaded_upload=self.uploads, longest_gap=self.gaps)
        return [name for name, count in calls.items() if not count]

    def heartbeat(self, stamps, beats, interval, clock=time.perf_counter):
        # Plain values: a float subclass's own __eq__ never decides the check.
        self.heartbeats.append((plain_value(beats), plain_value(interval), stamps))
        return (yield from our_heartbeat(stamps, beats, interval, clock, self.sleep_type))

    def threaded_upload(self, work, poll=0.01):
        self.uploads += 1
        return self.upload(work, poll)

    def upload(self, work, poll):
        upload = ThreadCall(work, name="upload")
        while upload.is_alive():
            yield self.sleep_type(poll)
        return upload.outcome()


def run_upload_with_heartbeat(topic, monkeypatch, seconds, beats, interval):
    """Call the learner's upload_with_heartbeat on our parts; return the parts, the work, what
    it returned and the real seconds it took."""
    parts, work = Parts(topic, monkeypatch), SlowWork(seconds=seconds)
    started = time.perf_counter()
    try:
        outcome = topic.upload_with_heartbeat(work, beats, interval)
    finally:
        work.join_threads()
    return parts, work, outcome, time.perf_counter() - started


@task(
    6,
    checks=("uwh-returns-result-and-gap", "uwh-heartbeat-keeps-beating", "uwh-heartbeat-as-asked"),
)
@quick
def test_upload_with_heartbeat_on_your_loop(topic, monkeypatch):
    """upload_with_heartbeat(work, 12, 0.02): 'uploaded', and no pause of 0.1 s between beats."""
    call = _("upload_with_heartbeat(work, {beats}, {interval}), work() taking {seconds} s").format(
        beats=BEATS, interval=BEAT_INTERVAL, seconds=UPLOAD_SECONDS
    )
    run = (topic, monkeypatch, UPLOAD_SECONDS, BEATS, BEAT_INTERVAL)
    parts, work, outcome, elapsed = run_upload_with_heartbeat(*run)
    if isinstance(outcome, tuple) and len(outcome) == 2 and work.calls == 1:
        gap = outcome[1]
        if isinstance(gap, int | float) and gap >= HEALTHY_GAP:
            # A busy machine can delay one beat; a blocked loop misses beats every time.
            parts, work, outcome, elapsed = run_upload_with_heartbeat(*run)
    scene = called(call)
    message = _("It returned {got}; expected a tuple (result, gap).")
    scene.check(type(outcome) is tuple and len(outcome) == 2, message, got=show(outcome))
    result, gap = outcome
    work.check_ran_once_in_a_thread(call)
    expect_equal(result, "uploaded", what=_("The result of {call}").format(call=call))
    stamps = parts.heartbeats[0][2] if parts.heartbeats else []
    start, end = work.spans[0]
    message = _(
        "The heartbeat beat {count} times while work() ran; expected it to keep beating "
        "beside the upload: run both tasks in one run_with_sleeps call, not one after the other."
    )
    beside = sum(start < stamp < end for stamp in stamps)
    if not beside and stamps and all(abs(stamp - start) > OTHER_CLOCK for stamp in stamps):
        message = _(
            "The heartbeat's stamps ({first}, ...) are nowhere near time.perf_counter(), "
            "{start} while work() ran: they were read from another clock. Run run_with_sleeps "
            "and heartbeat on the real clock the statement names, time.perf_counter (with "
            "real_wait_until)."
        )
        scene.fail(message, first=f"{stamps[0]:.3f}", start=f"{start:.3f}")
    scene.check(beside > 0, message, count=beside)
    heartbeat_time = (BEATS - 1) * BEAT_INTERVAL
    made = [beats for beats, _interval, _stamps in parts.heartbeats]
    if made and made != [BEATS]:
        message = _(
            "It returned after {elapsed} s, its heartbeat made with beats={made}; expected "
            "beats={beats}, the beats it was given, which take {beating} s."
        )
    else:
        message = _(
            "It returned after {elapsed} s; the heartbeat alone takes {beating} s. Did the loop "
            "really sleep (real_wait_until)?"
        )
    took, beating = f"{elapsed:.3f}", f"{heartbeat_time:.2f}"
    made = ", ".join(map(repr, made))
    fields = {"elapsed": took, "beating": beating, "made": made, "beats": BEATS}
    scene.check(elapsed >= heartbeat_time * 0.95, message, **fields)
    asked = [(beats, interval) for beats, interval, _stamps in parts.heartbeats]
    message = _(
        "It made heartbeat(stamps, beats, interval) with {got}; expected one heartbeat with "
        "beats={beats}, interval={interval}, the numbers it was given: pass them on."
    )
    got = ", ".join(f"beats={b!r}, interval={i!r}" for b, i in asked) or _("nothing")
    scene.check(
        asked == [(BEATS, BEAT_INTERVAL)], message, got=got, beats=BEATS, interval=BEAT_INTERVAL
    )
    message = _(
        "The longest gap between beats was {gap}; expected at least {interval} s (the "
        "interval) and under {healthy} s: the heartbeat keeps beating while the thread "
        "uploads."
    )
    right = type(gap) is float and BEAT_INTERVAL * 0.95 <= gap < HEALTHY_GAP
    shown = f"{gap:.3f} s" if isinstance(gap, int | float) else show(gap)
    scene.check(right, message, gap=shown, interval=BEAT_INTERVAL, healthy=HEALTHY_GAP)


@task(6, checks=("uwh-heartbeat-as-asked", "uwh-calls-the-parts-by-name"))
@quick
def test_upload_with_heartbeat_beats_as_asked(topic, monkeypatch):
    """upload_with_heartbeat(work, 5, 0.04) runs one heartbeat of 5 beats every 0.04 s."""
    parts, _work, outcome, _elapsed = run_upload_with_heartbeat(topic, monkeypatch, 0.1, 5, 0.04)
    scene = called(_("upload_with_heartbeat(work, 5, 0.04), work() taking 0.1 s"))
    missing = parts.not_called()
    message = _(
        "It never called {missing}; expected it to call run_with_sleeps, heartbeat, "
        "threaded_upload and longest_gap by their names, as the statement asks: the grader "
        "swaps in known-good heartbeat, threaded_upload and longest_gap, so that this task is "
        "graded on its own, and runs them on your run_with_sleeps. Do not write their work "
        "again here."
    )
    scene.check(not missing, message, missing=", ".join(missing))
    asked = [(beats, interval) for beats, interval, _stamps in parts.heartbeats]
    message = _(
        "It made heartbeat(stamps, beats, interval) with {got}; expected one heartbeat with "
        "beats=5, interval=0.04: pass on what you were given."
    )
    got = ", ".join(f"beats={b!r}, interval={i!r}" for b, i in asked) or _("nothing")
    scene.check(asked == [(5, 0.04)], message, got=got)
    stamps = parts.heartbeats[0][2]
    message = _("The heartbeat stamped {count} times; expected 5: run it to its end.")
    scene.check(len(stamps) == 5, message, count=len(stamps))
    if type(outcome) is tuple and len(outcome) == 2:
        message = _(
            "It returned the gap {got}; the longest gap between the heartbeat's stamps was "
            "{gap} s: longest_gap(stamps)."
        )
        gap = f"{our_gap(stamps):.3f}"
        scene.check(same(outcome[1], our_gap(stamps)), message, got=show(outcome[1]), gap=gap)
