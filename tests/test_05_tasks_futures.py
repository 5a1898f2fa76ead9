"""Hidden tests for topic 05: tasks and futures."""

import asyncio
import contextlib
import gc
import inspect
import itertools
import weakref

import pytest

from grader import (
    N_,
    Timeline,
    _,
    check,
    expect_duration,
    expect_result,
    fail,
    same,
    show,
    stopwatch,
    task,
)
from grader.inside.evidence import record
from grader.inside.running import (
    CLEANUP_GUARD,
    HOUR,
    KEEPS_WAITING,
    as_long_as_it_takes,
    check_cancelled_while_waiting,
    finish_within,
)
from grader.inside.spies import (
    collecting_only_new_garbage,
    describe_errors,
    destroyed_pending,
    loop_errors,
    wait_weakly_held,
)
from grader.inside.suite import Scene, called, show_typed
from grader.inside.timeline import loop_clock

# Tasks come before TaskGroup here: a cancelled function may leave tasks it started running
# (rules.LEFT_RUNNING is not in this topic's statement).
pytestmark = pytest.mark.may_leave_tasks

PROMISES = {
    1: {
        "run-pair-runs-both-at-once": "run_pair runs first() and second() at the same time, "
        "once each, without run_forever",
        "run-pair-returns-both-in-order": "it returns the tuple (first_result, "
        "second_result), in the order of the arguments",
    },
    2: {
        "start-named-returns-named-tasks-in-order": "start_named returns the list of "
        "asyncio.Task objects, named after their keys, in the order of jobs ([] for none)",
        "start-named-does-not-wait": "it returns at once, without waiting for any job",
        "start-named-runs-each-job": "each job runs once, as its own task, all at the same "
        "time, each task giving its job's result",
    },
    3: {
        "spawn-keeps-a-strong-reference": "spawn keeps the task in background_tasks while it "
        "runs, so a task the caller drops still runs to the end after gc.collect()",
        "spawn-discards-when-done": "the task leaves background_tasks as soon as it finishes, "
        "however it ends (returned, failed or cancelled, even before it started)",
        "spawn-returns-the-task": "spawn returns the running asyncio.Task",
    },
    4: {
        "outcome-ok": "outcome gives the tuple ('ok', result) for a task that returned, None "
        "included",
        "outcome-failed": "('failed', exception) for a task that raised, with the exception "
        "object itself",
        "outcome-cancelled": "('cancelled', None) for a cancelled task, without raising",
        "outcome-pending": "('pending', None) while the task is not done, without raising",
    },
    5: {
        "progress-returns-at-once": "notify_progress is a plain function that returns at once",
        "progress-reported-as-each-ends": "on_progress is called right when each task ends, "
        "from a done callback, whether it returned, failed or was cancelled",
        "progress-counts-one-by-one": "finished_so_far counts 1, 2, ... up to total, even "
        "when tasks end in the same instant",
    },
    6: {
        "settle-later-returns-a-pending-future": "settle_later is a plain function returning "
        "an asyncio.Future (not a task) that is not done yet",
        "settle-later-sets-the-result": "delay seconds later the future gets exactly value "
        "(None by default) with set_result",
        "settle-later-sets-the-exception": "with error given, delay seconds later awaiting "
        "it raises that very error",
        "settle-later-leaves-a-cancelled-future-alone": "a future cancelled in the meantime "
        "is left alone: no InvalidStateError in the loop's callback",
    },
    7: {
        "call-api-gives-the-reply": "await call_api(api, request) sends one request and gives "
        "exactly the reply passed to on_done, without blocking the loop",
        "call-api-raises-the-error": "it raises the exception passed to on_error",
        "call-api-cancellable": "cancelling the await stops it with CancelledError, never "
        "swallowed",
        "call-api-late-callbacks-do-not-crash": "a late on_done or on_error after a "
        "cancellation does not crash",
    },
}

EXACT = 1e-6  # the virtual clock is exact; this only absorbs float rounding


def not_a_coroutine(value, call, name):
    """Fail, closing it, when a plain function was written as ``async def`` by mistake."""
    if inspect.iscoroutine(value):
        value.close()
        called(call).fail(
            _(
                "It returned a coroutine object, so none of its code ran. {name} is "
                "a plain function: write it with `def`, not `async def`."
            ),
            name=name,
        )


async def returns_after(seconds, value):
    await asyncio.sleep(seconds)
    return value


async def raises_after(seconds, error):
    await asyncio.sleep(seconds)
    raise error


# Task 1 -----------------------------------------------------------------------------------


@task(1, checks=("run-pair-runs-both-at-once", "run-pair-returns-both-in-order"))
async def test_run_pair_runs_both_at_once(topic):
    """run_pair(slow, fast) runs both at once, once each (1.5 s), and returns (slow's, fast's)."""
    timeline = Timeline()
    slow = timeline.fake("slow", seconds=1.5, result=lambda: "slow")
    fast = timeline.fake("fast", seconds=1.0, result=lambda: "fast")
    timeline.start_clock()
    call = _("run_pair(slow, fast), slow taking 1.5 s and fast 1 s")
    with stopwatch() as watch:
        try:
            result = await topic.run_pair(slow, fast)
        except RuntimeError as error:
            if "already running" not in str(error):
                raise
            fail(
                _(
                    "Called {call}. It raised RuntimeError: {error}. run_pair is a coroutine, so "
                    "it already runs on the event loop: loop.run_forever() cannot start that same "
                    "loop again from inside. Start both with asyncio.create_task(...) and await "
                    "the two tasks (or use asyncio.gather)."
                ),
                call="run_pair(slow, fast)",
                error=error,
            )
    expect_duration(
        watch.elapsed,
        at_least=1.5,
        under=2.0,
        call=call,
        expected=_("1.5 s: both running at the same time."),
        timeline=timeline,
    )
    scene = called(call, timeline)
    scene.check(
        timeline.peak == 2 and sorted(timeline.labels) == ["fast()", "slow()"],
        _(
            "It ran {labels}; expected slow() and fast() once each, at the same time: start both "
            "as tasks before awaiting either."
        ),
        labels=", ".join(timeline.labels),
        draw=True,
    )
    scene.check(
        not (isinstance(result, list | tuple) and tuple(result) == ("fast", "slow")),
        _("It returned {result}; expected ('slow', 'fast'), in the order of the arguments."),
        result=show(result),
        draw=True,
    )
    expect_result(
        result, ("slow", "fast"), call=call, meaning=_("the tuple (first_result, second_result)")
    )


class _LaterFirstTask(asyncio.Task):
    """A task with the hash it is given, so that a test decides the order of a set of tasks."""

    def __init__(self, *args, fixed_hash, **kwargs):
        self._fixed_hash = fixed_hash  # first: the loop hashes a task as it starts
        super().__init__(*args, **kwargs)

    def __hash__(self):
        return self._fixed_hash


@contextlib.contextmanager
def sets_list_later_tasks_first():
    """Make every task created meanwhile come out of a set last-created first, every time."""
    loop = asyncio.get_running_loop()
    previous = loop.get_task_factory()
    hashes = itertools.count(2**20 - 1, -1)  # all ones in the low bits: each later task
    # takes a lower slot of a set's table, so a set lists it earlier

    def factory(loop, coro, **kwargs):
        return _LaterFirstTask(coro, loop=loop, fixed_hash=next(hashes), **kwargs)

    loop.set_task_factory(factory)
    try:
        yield
    finally:
        loop.set_task_factory(previous)


@task(1, checks=("run-pair-returns-both-in-order",))
async def test_run_pair_order_does_not_come_from_a_set(topic):
    """run_pair(left, right), both taking 1 s: ('left', 'right'), whatever order a set has."""
    timeline = Timeline()
    left = timeline.fake("left", seconds=1.0, result=lambda: "left")
    right = timeline.fake("right", seconds=1.0, result=lambda: "right")
    call = "run_pair(left, right)"
    with sets_list_later_tasks_first():
        result = await topic.run_pair(left, right)
    wrong_way = isinstance(result, list | tuple) and tuple(result) == ("right", "left")
    called(call, timeline).check(
        not wrong_way,
        _(
            "Both take 1 s, and here a set of the two tasks lists the second one first. It "
            "returned {result}; expected ('left', 'right'), in the order of the arguments: the "
            "order of a set (such as the done set of asyncio.wait) is no order. Take each "
            "result from its own task."
        ),
        result=show(result),
    )
    expect_result(
        result, ("left", "right"), call=call, meaning=_("the tuple (first_result, second_result)")
    )


LONG_SETTING = N_("Called {call}, where one operation takes an hour and the other two hours.")


@task(1, checks=("run-pair-returns-both-in-order",), guard=4 * HOUR)
async def test_run_pair_waits_as_long_as_they_take(topic):
    """run_pair(far, near), taking 2 h and 1 h: ('far', 'near'), however long they take."""
    timeline = Timeline()
    far = timeline.fake("far", seconds=2 * HOUR, result=lambda: "far")
    near = timeline.fake("near", seconds=HOUR, result=lambda: "near")
    scene = Scene(_(LONG_SETTING).format(call="run_pair(far, near)"), timeline)
    result = await as_long_as_it_takes(scene, topic.run_pair(far, near))
    want = ("far", "near")
    text = _("It returned {got}; expected {want}.{hint}")
    hint = " " + _(KEEPS_WAITING)
    scene.check(same(result, want), text, draw=True, got=show(result), want=show(want), hint=hint)


# Task 2 -----------------------------------------------------------------------------------

JOB_SECONDS = {"download": 1.0, "upload": 0.8, "resize": 0.5}  # not sorted: jobs' order counts
START_CALL = "start_named({'download': download, 'upload': upload, 'resize': resize})"


@task(
    2,
    checks=(
        "start-named-returns-named-tasks-in-order",
        "start-named-does-not-wait",
        "start-named-runs-each-job",
    ),
)
async def test_start_named_starts_named_tasks(topic):
    """start_named({'download': ..., ...}) returns 3 named tasks at once, running together."""
    timeline = Timeline()
    jobs = {
        name: timeline.fake(name, seconds=seconds, result=lambda name=name: f"{name} done")
        for name, seconds in JOB_SECONDS.items()
    }
    for name, job in jobs.items():
        job.__name__ = f"{name}_job"  # a task named after its function would be wrong
    timeline.start_clock()
    with stopwatch() as watch:
        returned = topic.start_named(jobs)
    not_a_coroutine(returned, START_CALL, "start_named")
    scene = called(START_CALL, timeline)
    scene.check(
        type(returned) is list and len(returned) == len(jobs),
        _("It returned {tasks}; expected a list of 3 tasks."),
        tasks=show_typed(returned),
    )
    scene.check(
        all(isinstance(item, asyncio.Task) for item in returned),
        _("It returned {tasks}; expected asyncio.Task objects, from asyncio.create_task(job())."),
        tasks=show(returned),
    )
    waited = watch.elapsed >= EXACT or any(item.done() for item in returned)
    names = [item.get_name() for item in returned]  # as returned: named when started
    results = await asyncio.gather(*returned)
    scene.check(
        not waited,
        _("It waited for the jobs; it should only start them and return the tasks at once."),
    )
    fix = (
        _("Return them in the order of jobs, one per item of jobs.items().")
        if sorted(names) == sorted(jobs)
        else _("Give each its name: asyncio.create_task(job(), name=name).")
    )
    scene.check(
        same(names, list(jobs)),  # exact types: a name that claims to equal any is no name
        _("The tasks are named {names}; expected {expected}, in the order of jobs. {fix}"),
        names=show(names),
        expected=show(list(jobs)),
        fix=fix,
    )
    scene.check(
        same(results, [f"{name} done" for name in jobs]),
        _("Awaiting the tasks gave {results}; expected each job's own result."),
        results=show(results),
    )
    scene.check(
        len(timeline.spans) == len(jobs) and timeline.peak == len(jobs),
        _("Awaiting the tasks, expected the 3 jobs to run once each, all at the same time."),
        draw=True,
    )
    nothing = topic.start_named({})
    not_a_coroutine(nothing, "start_named({})", "start_named")
    expect_result(nothing, [], call="start_named({})")


SHARED_CALL = "start_named({'backup': sync, 'mirror': sync})"


@task(2, checks=("start-named-returns-named-tasks-in-order", "start-named-runs-each-job"))
async def test_start_named_two_keys_sharing_one_function(topic):
    """start_named({'backup': sync, 'mirror': sync}): a task per key, though one function."""
    timeline = Timeline()
    sync = timeline.fake("sync", seconds=0.5, result=lambda: "synced")
    jobs = {"backup": sync, "mirror": sync}  # two keys, one same function object
    timeline.start_clock()
    returned = topic.start_named(jobs)
    not_a_coroutine(returned, SHARED_CALL, "start_named")
    scene = called(SHARED_CALL, timeline)
    tasks = list(returned) if isinstance(returned, list | tuple) else []
    scene.check(
        tasks and all(isinstance(item, asyncio.Task) for item in tasks),
        _("It returned {tasks}; expected a list of asyncio.Task objects."),
        tasks=show_typed(returned),
    )
    names = [item.get_name() for item in tasks]
    results = await asyncio.gather(*tasks)
    scene.check(
        same(names, list(jobs)),
        _(
            "Both keys map to the same function, sync. It returned {count} task(s), named "
            "{names}; expected 2 tasks named {expected}, in the order of jobs: one task per key "
            "of jobs, even when two keys share a function."
        ),
        count=len(tasks),
        names=show(names),
        expected=show(list(jobs)),
    )
    scene.check(
        len(timeline.spans) == len(jobs) and same(results, ["synced", "synced"]),
        _(
            "Awaiting the tasks ran sync {runs} time(s) and gave {results}; expected it to run "
            "twice, once for each key, each task giving 'synced'."
        ),
        runs=len(timeline.spans),
        results=show(results),
        draw=True,
    )


# Task 3 -----------------------------------------------------------------------------------


async def wait_then_record(number, finished, seconds):
    await wait_weakly_held(seconds)
    finished.append(number)


def weak_or_none(item):
    """A weak reference to ``item``, or a function giving None when it takes none."""
    try:
        return weakref.ref(item)
    except TypeError:
        return lambda: None


def spawn_or_close(topic, coro):
    """topic.spawn(coro), closing ``coro`` if spawn fails before running it: a coroutine
    left for the garbage collector would warn "never awaited" at some random later point."""
    try:
        returned = topic.spawn(coro)
    except BaseException:
        coro.close()
        raise
    not_a_coroutine(returned, "spawn(job())", "spawn")
    return returned


@task(
    3,
    checks=("spawn-keeps-a-strong-reference", "spawn-discards-when-done", "spawn-returns-the-task"),
)
async def test_spawned_tasks_survive_garbage_collection(topic):
    """3 jobs started with spawn(job()), then dropped, still finish after gc.collect()."""
    background = topic.background_tasks
    check(
        isinstance(background, set),
        _("background_tasks is {value}; expected a set (start with `set()`)."),
        value=show(background),
    )
    background.clear()
    finished = []
    spawned = []  # weak references to what spawn returned: the test keeps none of it alive
    with collecting_only_new_garbage(), loop_errors() as errors:
        for number in range(3):  # ending at 1, 1.5 and 2 s: one ending must not drop the others
            returned = spawn_or_close(
                topic, wait_then_record(number, finished, seconds=1.0 + number / 2)
            )
            spawned.append(weak_or_none(returned))
            del returned
        await asyncio.sleep(0)  # the jobs start and wait for their signal
        held = len(background)
        held_items = [show(item) for item in background]
        held_tasks = sum(ref() is not None and ref() in background for ref in spawned)
        gc.collect()
        await asyncio.sleep(1.25)  # the first job has finished, the others wait on
        gc.collect()
        await asyncio.sleep(1.25)
    if sorted(finished) != [0, 1, 2]:
        lost = destroyed_pending(errors)
        why = _(
            " asyncio reported 'Task was destroyed but it is pending!' {lost} time(s): the garbage "
            "collector threw the tasks away mid-work."
        )
        fail(
            _(
                "Spawned 3 jobs with spawn(job()) and kept nothing of what it returned, then ran "
                "gc.collect(). {finished} of the 3 jobs finished.{why} The event loop keeps only a "
                "weak reference to a task: spawn must keep a strong one, by adding the task to "
                "background_tasks."
            ),
            finished=len(finished),
            why=why.format(lost=lost) if lost else "",
        )
    check(
        topic.background_tasks is background,
        _(
            "After spawn, background_tasks was another set than before: spawn assigned a new one. "
            "Add each task to the module's one set (background_tasks.add(task)); never rebind it."
        ),
    )
    check(
        held == 3,
        _(
            "While the 3 spawned jobs were running, background_tasks held {held} item(s); expected "
            "the 3 running tasks. Add each task to background_tasks in spawn."
        ),
        held=held,
    )
    check(
        held_tasks == 3,
        _(
            "While the 3 spawned jobs were running, background_tasks held {items}; expected the "
            "very tasks that spawn returned. Add the task itself, what asyncio.create_task gives "
            "(not its coroutine), so that the set keeps that task alive."
        ),
        items=", ".join(held_items),
    )
    check(
        len(background) == 0,
        _(
            "After the 3 spawned jobs finished, background_tasks still held {left} task(s). Remove "
            "each task once it is done, with task.add_done_callback(background_tasks.discard); "
            "otherwise the set grows forever."
        ),
        left=len(background),
    )


@task(3, checks=("spawn-returns-the-task",))
async def test_spawn_returns_a_running_task(topic):
    """spawn(coro) returns its running task; 3 jobs of 1 s overlap and give their results."""
    topic.background_tasks.clear()
    timeline = Timeline()
    job = timeline.fake("job", seconds=1.0, result=lambda number: number * 10)
    with stopwatch() as watch:
        tasks = [spawn_or_close(topic, job(number)) for number in range(3)]
        check(
            all(isinstance(item, asyncio.Task) for item in tasks),
            _("spawn(job(0)) returned {returned}; expected the asyncio.Task it started."),
            returned=show(tasks[0]),
        )
        results = [await item for item in tasks]
    check(
        same(results, [0, 10, 20]),
        _("Awaited the tasks that spawn returned: they gave {results}; expected [0, 10, 20]."),
        results=show(results),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("spawn(job(n)) for 3 jobs of 1 s, then awaiting the tasks"),
        expected=_("1 s: the jobs run as tasks, all at the same time."),
        timeline=timeline,
    )


MANY_JOBS = 2000  # more background tasks at once than any cap a solution might set itself


@task(3, checks=("spawn-returns-the-task",))
async def test_spawn_starts_many_tasks_at_once(topic):
    """spawn(job(n)) for 2000 jobs of 1 s: every one runs, all at once, and then leaves the set."""
    topic.background_tasks.clear()
    finished = record()

    async def job(number):
        await asyncio.sleep(1.0)
        finished.append(number)

    call = _("spawn(job(n)) for {many} jobs of 1 s, one after the other").format(many=MANY_JOBS)
    scene = called(call)
    spawned = []
    try:
        for number in range(MANY_JOBS):
            try:
                spawned.append(spawn_or_close(topic, job(number)))
            except Exception as error:
                scene.fail(
                    _(
                        "Call number {number} raised {error}. The task sets no cap on how many "
                        "tasks run in the background: spawn starts every coroutine it is given."
                    ),
                    number=number + 1,
                    error=f"{type(error).__name__}: {error}",
                )
        await asyncio.sleep(1.5)
        scene.check(
            len(finished) == MANY_JOBS and not topic.background_tasks,
            _(
                "1.5 s later, {count} jobs had finished and background_tasks held {held} tasks; "
                "expected all {many} finished, all at the same time, and the set empty. The task "
                "sets no cap on how many tasks run in the background."
            ),
            count=len(finished),
            held=len(topic.background_tasks),
            many=MANY_JOBS,
        )
    finally:
        for each in spawned:
            if isinstance(each, asyncio.Future):
                each.cancel()
        await asyncio.gather(
            *(each for each in spawned if isinstance(each, asyncio.Future)),
            return_exceptions=True,
        )


SPAWN_ENDINGS = {  # the two spawned jobs of the next test, by how they end
    "raised": N_("the job that raised"),
    "cancelled": N_("the job cancelled before it started"),
}


@task(3, checks=("spawn-discards-when-done",))
async def test_a_failed_or_cancelled_spawn_leaves_the_set(topic):
    """A spawned job that raises, and one cancelled before it starts, both leave the set."""
    background = topic.background_tasks
    background.clear()
    failing = spawn_or_close(topic, raises_after(0.1, ValueError("job failed")))
    doomed = spawn_or_close(topic, returns_after(1.0, "never"))
    doomed.cancel()  # before it ever ran: its coroutine never starts
    await asyncio.wait([failing, doomed])
    await asyncio.sleep(0)
    failing.exception()  # retrieved, so asyncio does not log it
    spawned = {"raised": failing, "cancelled": doomed}
    left = [_(SPAWN_ENDINGS[how]) for how, item in spawned.items() if item in background]
    check(
        not background,
        _(
            "Spawned a job that raised ValueError, and one cancelled at once, before it started. "
            "After they ended, background_tasks still held {count} item(s) ({left}). Whatever "
            "removes a task must run however the task ends: code after the job's await skips a "
            "job that raised, a finally block in a wrapper coroutine never runs for a task "
            "cancelled before it started, and a done callback that first checks how the task "
            "ended skips some. task.add_done_callback(background_tasks.discard) runs on a "
            "result, an error and a cancellation alike."
        ),
        count=len(background),
        left=", ".join(left) or _("neither of those two"),
    )


# Task 4 -----------------------------------------------------------------------------------

OUTCOMES = {  # which task, in words; what outcome gives for it (the error itself when failed)
    "returned": (N_("a task that returned 42"), ("ok", 42)),
    "returned None": (N_("a task that returned None"), ("ok", None)),
    "returned an error": (N_("a task that returned ValueError('a value') (not raised)"), None),
    "failed": (N_("a task that raised KeyError('missing')"), ("failed", None)),
    "cancelled": (N_("a cancelled task"), ("cancelled", None)),
    "pending": (N_("a task still running"), ("pending", None)),
}


async def tasks_of_every_kind():
    """A task for each case of OUTCOMES (the pending one still runs), and the failed one's error."""
    error = KeyError("missing")
    tasks = {
        "returned": asyncio.create_task(returns_after(0.1, 42)),
        "returned None": asyncio.create_task(returns_after(0.1, None)),
        "returned an error": asyncio.create_task(returns_after(0.1, ValueError("a value"))),
        "failed": asyncio.create_task(raises_after(0.1, error)),
        "cancelled": asyncio.create_task(returns_after(5.0, "never")),
        "pending": asyncio.create_task(returns_after(5.0, "later")),
    }
    await asyncio.sleep(0.5)
    tasks["cancelled"].cancel()
    await asyncio.wait([tasks["cancelled"]])
    # Retrieved here, so that the task never logs "exception was never retrieved" from a
    # finalizer at some random later moment (on 3.11.7 that can crash pytest's reporting).
    tasks["failed"].exception()
    return tasks, error


@task(4, checks=("outcome-ok", "outcome-failed", "outcome-cancelled", "outcome-pending"))
@pytest.mark.parametrize("case", OUTCOMES)
async def test_outcome_of_a_task(topic, case):
    """outcome(task) gives ('ok', result), ('failed', error), ('cancelled' or 'pending', None)."""
    tasks, error = await tasks_of_every_kind()
    what, expected = _(OUTCOMES[case][0]), OUTCOMES[case][1]
    try:
        got = topic.outcome(tasks[case])
    except asyncio.CancelledError:
        fail(
            _(
                "Called outcome(task) on {what}. It raised CancelledError: on a cancelled task, "
                "task.result() and task.exception() both raise it. Check task.cancelled() first."
            ),
            what=what,
        )
    except asyncio.InvalidStateError:
        fail(
            _(
                "Called outcome(task) on {what}. It raised InvalidStateError: result() and "
                "exception() raise it while a task is not done. Check task.done() first."
            ),
            what=what,
        )
    finally:
        tasks["pending"].cancel()
    hint = ""
    if case == "failed":
        expected = ("failed", error)
        right = type(got) is tuple and len(got) == 2 and same(got[0], "failed") and got[1] is error
        hint = _(" For a failed task, give the exception object itself: task.exception().")
    elif case == "returned an error":
        value = tasks[case].result()
        expected = ("ok", value)
        right = type(got) is tuple and len(got) == 2 and same(got[0], "ok") and got[1] is value
        hint = _(
            " The task returned the exception as its value: it did not fail. Ask "
            "task.exception() whether it raised, not what kind of object its result is."
        )
    else:
        right = same(got, expected)
    check(
        right,
        _("Called outcome(task) on {what}. It returned {got} ({type}); expected the tuple {want}.")
        + hint,
        what=what,
        got=show(got),
        type=type(got).__name__,
        want=show(expected),
    )


async def raises_invalid_state(error):
    """A coroutine whose own code raises ``error``, an InvalidStateError."""
    await asyncio.sleep(0.1)
    raise error


@task(4, checks=("outcome-failed",))
async def test_outcome_of_a_task_that_raised_invalid_state_error_itself(topic):
    """outcome(task) on a done task whose own code raised InvalidStateError: ('failed', error)."""
    error = asyncio.InvalidStateError(_("a state of its own"))
    failed = asyncio.create_task(raises_invalid_state(error))
    await asyncio.wait([failed])
    failed.exception()  # retrieved, so that asyncio logs nothing about it
    what = _("a done task whose own coroutine raised {error}").format(error=show(error))
    try:
        got = topic.outcome(failed)
    except asyncio.InvalidStateError as raised:
        fail(
            _("Called outcome(task) on {what}. It raised {raised}; expected the tuple {want}."),
            what=what,
            raised=show(raised),
            want=show(("failed", error)),
        )
    right = type(got) is tuple and len(got) == 2 and same(got[0], "failed") and got[1] is error
    check(
        right,
        _(
            "Called outcome(task) on {what}. It returned {got}; expected the tuple {want}: the "
            "task is done (task.done() is True) and failed with that exception. An "
            "InvalidStateError from task.result() does not prove the task is still running: "
            "here the task's own code raised it. Ask task.done() whether it is pending."
        ),
        what=what,
        got=show(got),
        want=show(("failed", error)),
    )


class Halted(BaseException):
    """A BaseException that is not an Exception, like KeyboardInterrupt; unlike it, asyncio
    keeps it in the task, as any error, without stopping the loop."""


async def raises_halted(error):
    """A coroutine whose own code raises ``error``, a BaseException that is no Exception."""
    await asyncio.sleep(0.1)
    raise error


@task(4, checks=("outcome-failed",))
async def test_outcome_of_a_task_that_raised_a_base_exception(topic):
    """outcome(task) on a task that raised a BaseException, not an Exception: ('failed', error)."""
    error = Halted("halted")
    failed = asyncio.create_task(raises_halted(error))
    await asyncio.wait([failed])
    failed.exception()  # retrieved, so that asyncio logs nothing about it
    what = _(
        "a done task whose coroutine raised {error}, of a class derived from BaseException "
        "but not from Exception (as KeyboardInterrupt is)"
    ).format(error=show(error))
    want = show(("failed", error))
    try:
        got = topic.outcome(failed)
    except Halted as raised:
        fail(
            _(
                "Called outcome(task) on {what}. It raised {raised}; expected the tuple {want}, "
                "without raising: task.result() raises the task's error, whatever its class, "
                "and `except Exception` does not catch this one. Ask task.exception() instead."
            ),
            what=what,
            raised=show(raised),
            want=want,
        )
    right = type(got) is tuple and len(got) == 2 and same(got[0], "failed") and got[1] is error
    check(
        right,
        _("Called outcome(task) on {what}. It returned {got}; expected the tuple {want}."),
        what=what,
        got=show(got),
        want=want,
    )


# Task 5 -----------------------------------------------------------------------------------


def call_notify_progress(topic, tasks, on_progress, call):
    returned = topic.notify_progress(tasks, on_progress)
    not_a_coroutine(returned, call, "notify_progress")


@task(
    5,
    checks=(
        "progress-reported-as-each-ends",
        "progress-returns-at-once",
        "progress-counts-one-by-one",
    ),
)
async def test_notify_progress_reports_each_task_as_it_ends(topic):
    """notify_progress(4 tasks, on_progress) reports each one when it ends, however it ends."""
    start = loop_clock()
    tasks = [
        asyncio.create_task(returns_after(2.0, "slow"), name="slow"),
        asyncio.create_task(raises_after(1.0, OSError("disk full")), name="broken"),
        asyncio.create_task(returns_after(0.5, "quick"), name="quick"),
        asyncio.create_task(returns_after(5.0, "never"), name="doomed"),
    ]
    calls = record()

    def on_progress(*args):
        calls.append((round(loop_clock() - start, 3), *args))

    call = "notify_progress([slow, broken, quick, doomed], on_progress)"
    with loop_errors() as errors:
        call_notify_progress(topic, tasks, on_progress, call)
        called(call).check(
            calls == [],
            _("It called on_progress {calls} before any task ended."),
            calls=show(calls),
        )
        await asyncio.sleep(1.25)
        tasks[3].cancel()
        await asyncio.wait(tasks)
        await asyncio.sleep(0)  # any callback still scheduled runs now
    tasks[1].exception()  # retrieved, so asyncio does not log it
    expected = [
        (0.5, 1, 4, "quick"),
        (1.0, 2, 4, "broken"),
        (1.25, 3, 4, "doomed"),
        (2.0, 4, 4, "slow"),
    ]
    if same(calls, expected):  # exact types: the code's values never compare themselves
        return
    if errors:
        hint = _(
            "Your done callback raised {errors}. A done callback also runs for a failed or "
            "cancelled task, where task.result() raises: you only need the task's name."
        )
    elif len(calls) > 1 and len({entry[0] for entry in calls}) == 1:
        hint = _(
            "Every call came at the same moment: call on_progress from a done callback "
            "(task.add_done_callback), as each task ends, not after all have ended."
        )
    elif len(calls) < len(expected):
        hint = _(
            "Some endings were not reported: a done callback runs for every ending, including a "
            "failure or a cancellation."
        )
    else:
        hint = ""
    fail(
        _(
            "Called {call}; quick returns at 0.5 s, broken raises OSError at 1 s, doomed is "
            "cancelled at 1.25 s, slow returns at 2 s.\non_progress was called with (time, "
            "finished, total, name): {calls}\nExpected: {expected}"
        )
        + ("\n" + hint if hint else ""),
        call=call,
        calls=show(calls),
        expected=show(expected),
        errors=describe_errors(errors),
    )


@task(5, checks=("progress-counts-one-by-one", "progress-reported-as-each-ends"))
async def test_notify_progress_counts_one_by_one(topic):
    """Three tasks ending in the same instant are reported as 1, 2 and 3 of 3; one as 1 of 1."""
    names = ["x", "y", "z"]
    tasks = [asyncio.create_task(returns_after(1.0, name), name=name) for name in names]
    calls = record()
    call = _("notify_progress([x, y, z], on_progress), all three returning at 1 s")
    scene = called(call)
    call_notify_progress(topic, tasks, lambda *args: calls.append(args), call)
    await asyncio.wait(tasks)
    await asyncio.sleep(0)
    counts = [args[0] if args else None for args in calls]
    if counts and counts[0] != 1 and counts == list(range(counts[0], counts[0] + len(counts))):
        why = _(
            "The count went on from an earlier call: keep the counter inside notify_progress, "
            "a new one at 0 for each call (a counter at module level is shared by every call)."
        )
    else:
        why = _(
            "The tasks all ended in the same loop iteration, so counting the tasks that are "
            "done() at callback time counts all of them at once: keep your own counter, "
            "increased by one in each done callback."
        )
    scene.check(
        same(counts, [1, 2, 3]),
        _("on_progress got {calls}; expected finished_so_far to count 1, 2, 3. {why}"),
        calls=show(calls),
        why=why,
    )
    scene.check(
        same(sorted(calls, key=repr), [(1, 3, "x"), (2, 3, "y"), (3, 3, "z")])
        or (
            same(sorted((args[2] for args in calls), key=repr), names)
            and all(same(args[1], 3) for args in calls)
        ),
        _(
            "on_progress got {calls}; expected (1, 3, name), (2, 3, name), (3, 3, "
            "name), one for each of x, y and z."
        ),
        calls=show(calls),
    )
    calls.clear()
    one = asyncio.create_task(returns_after(0.3, None), name="one")
    call = "notify_progress([one], on_progress)"
    call_notify_progress(topic, [one], lambda *args: calls.append(args), call)
    await one
    await asyncio.sleep(0)
    late = _(
        " Nothing was reported as one ended: call on_progress from a done callback "
        "(task.add_done_callback), which runs right then, not from a task of your own."
    )
    check(
        same(calls, [(1, 1, "one")]),
        _("Called {call} and awaited one. on_progress got {calls}; expected [(1, 1, 'one')].")
        + (late if calls == [] else ""),
        call=call,
        calls=show(calls),
    )


@task(5, checks=("progress-counts-one-by-one", "progress-reported-as-each-ends"))
async def test_notify_progress_counts_a_task_already_finished(topic):
    """A task that finished before notify_progress was called counts too: 1 of 2, then 2 of 2."""
    early = asyncio.create_task(returns_after(0.1, "early"), name="early")
    late = asyncio.create_task(returns_after(0.5, "late"), name="late")
    await early
    calls = record()
    call = "notify_progress([early, late], on_progress)"
    call_notify_progress(topic, [early, late], lambda *args: calls.append(args), call)
    await late
    await asyncio.sleep(0)
    expected = [(1, 2, "early"), (2, 2, "late")]
    check(
        same(calls, expected),
        _(
            "Called {call} when early had already finished, then awaited late. on_progress got "
            "{calls}; expected {expected}: a task already done when notify_progress is called "
            "counts too, and total is every task given. add_done_callback on a task that is "
            "already done still calls the callback, at once (in the next loop iteration)."
        ),
        call=call,
        calls=show(calls),
        expected=show(expected),
    )


@task(5, checks=("progress-reported-as-each-ends",))
async def test_notify_progress_reports_inside_the_done_callback(topic):
    """on_progress runs inside each task's done callback, before callbacks added after it."""
    tasks = [
        asyncio.create_task(returns_after(0.5, "quick"), name="quick"),
        asyncio.create_task(raises_after(1.0, OSError("disk full")), name="broken"),
        asyncio.create_task(returns_after(5.0, "never"), name="doomed"),
    ]
    calls = record()
    call = "notify_progress([quick, broken, doomed], on_progress)"
    call_notify_progress(topic, tasks, lambda *args: calls.append(args), call)
    seen_by_then = {}

    def observe(done):
        seen_by_then[done.get_name()] = [args[2] for args in calls if len(args) > 2]

    for each in tasks:
        each.add_done_callback(observe)  # added after notify_progress, so it runs after
    await asyncio.sleep(0.75)
    tasks[2].cancel()
    await asyncio.wait(tasks)
    for _turn in range(3):
        await asyncio.sleep(0)  # anything reported later has run by now
    tasks[1].exception()  # retrieved, so asyncio does not log it
    reported = {args[2] for args in calls if len(args) > 2}
    late = [name for name, seen in seen_by_then.items() if name in reported and name not in seen]
    check(
        not late,
        _(
            "Called {call}, then added a done callback of our own to each task (quick returns, "
            "broken raises OSError, doomed is cancelled). When our callback ran for {late}, "
            "on_progress had not been called for it yet: it came later, after the task's done "
            "callbacks had run. Expected on_progress to be called right then, inside the done "
            "callback that notify_progress adds to each task, not from loop.call_soon, a task "
            "or another later step."
        ),
        call=call,
        late=", ".join(late),
    )


TWO_CALLS = N_(
    "Called notify_progress([a1, a2, a3], on_a) and notify_progress([b1, b2, b3], on_b) "
    "together; a1, a2, a3 end at 1, 3, 5 s and b1, b2, b3 at 2, 4, 6 s."
)


@task(5, checks=("shared-state",))
async def test_notify_progress_two_calls_count_apart(topic):
    """Two calls at once, their tasks ending in turns: each on_progress counts 1, 2, 3 of 3."""
    ends = {"a": (1.0, 3.0, 5.0), "b": (2.0, 4.0, 6.0)}  # the two calls' tasks end in turns
    runs = {
        key: [
            asyncio.create_task(returns_after(seconds, None), name=f"{key}{number}")
            for number, seconds in enumerate(times, 1)
        ]
        for key, times in ends.items()
    }
    got = {key: [] for key in runs}
    for key, tasks in runs.items():
        call = f"notify_progress([{key}1, {key}2, {key}3], on_{key})"
        on_progress = got[key].append
        call_notify_progress(topic, tasks, lambda *args, keep=on_progress: keep(args), call)
    await asyncio.wait([*runs["a"], *runs["b"]])
    await asyncio.sleep(0)
    want = {key: [(n, 3, f"{key}{n}") for n in (1, 2, 3)] for key in runs}
    Scene(_(TWO_CALLS)).check(
        same(got, want),
        _(
            "on_a got {got_a}; expected {want_a}.\non_b got {got_b}; expected {want_b}.\n"
            "Each call counts only its own tasks: keep the count in that call (a new count at 0 "
            "for each call, in its own done callback), not in anything every call shares."
        ),
        got_a=show(got["a"]),
        want_a=show(want["a"]),
        got_b=show(got["b"]),
        want_b=show(want["b"]),
    )


# Task 6 -----------------------------------------------------------------------------------


NO_SUCH_KEY = "no such key"
READY = "".join(["re", "ady"])  # a str object of its own: the value itself must come back
AWAITED = N_("{call}, then awaited the future")


PATIENCE = 10.0  # loop seconds a future from settle_later gets beyond its delay


async def settled(future, call, delay, exact=True):
    """What awaiting ``future`` (from ``call``) gives, or the error it raises; failing in plain
    words when it is still not done ``PATIENCE`` s after its ``delay``, or (``exact``) when it
    gave its result at another time than ``delay`` s from now."""
    with stopwatch() as watch, loop_errors() as errors:
        finished, result = await finish_within(future, delay + PATIENCE)
    if finished:
        if exact:
            expected = _("{delay} s, the delay it was given: loop.call_later(delay, ...).")
            expect_duration(
                watch.elapsed,
                at_least=delay,
                under=delay + 0.01,
                call=_(AWAITED).format(call=call),
                expected=expected.format(delay=f"{delay:g}"),
            )
        return result
    text = _("It was still not done {waited} s later; expected it set after {delay} s.")
    if errors:
        text += _(" Meanwhile your call_later callback raised {errors}, so nothing set it.")
    called(_(AWAITED).format(call=call)).fail(
        text, waited=f"{delay + PATIENCE:g}", delay=f"{delay:g}", errors=describe_errors(errors)
    )


def settle_or_explain(topic, call, *args, **kwargs):
    scene = called(call)
    future = topic.settle_later(*args, **kwargs)
    not_a_coroutine(future, call, "settle_later")
    scene.check(
        not isinstance(future, asyncio.Task),
        _(
            "It returned a task; expected a plain asyncio.Future, made with "
            "asyncio.get_running_loop().create_future() and set later by a loop.call_later "
            "callback. This task is about the future itself."
        ),
    )
    scene.check(
        isinstance(future, asyncio.Future),
        _(
            "It returned {future}; expected an asyncio.Future, made with "
            "asyncio.get_running_loop().create_future()."
        ),
        future=show(future),
    )
    scene.check(
        not future.done(),
        _("The future it returned was already done; expected it set later, by loop.call_later."),
    )
    return future


@task(6, checks=("settle-later-returns-a-pending-future", "settle-later-sets-the-result"))
async def test_settle_later_sets_the_result_later(topic):
    """settle_later(1.0, value='ready') returns a future that gives 'ready' 1 s later."""
    call = "settle_later(1.0, value='ready')"
    await asyncio.sleep(10)  # the loop's clock is past 1.0 now: call_at(1.0) would be late
    with stopwatch() as watch:
        result = await settled(settle_or_explain(topic, call, 1.0, value=READY), call, 1.0, False)
    scene = called(_(AWAITED).format(call=call))
    scene.check(
        result is READY,
        _("It gave {result}; expected 'ready', the value itself: future.set_result(value)."),
        result=show(result),
    )
    scene.check(
        watch.elapsed > EXACT,
        _(
            "It gave its result at once; expected 1 s later. Set it from "
            "loop.call_later(1.0, ...), which waits the delay: call_soon runs its callback at "
            "once, and call_at takes a time on the loop's clock, already past 1.0 here."
        ),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.1,
        call=_(AWAITED).format(call=call),
        expected=_("1 s: the result is set by loop.call_later(1.0, ...)."),
    )
    nothing = await settled(
        settle_or_explain(topic, "settle_later(0.3)", 0.3), "settle_later(0.3)", 0.3
    )
    check(
        nothing is None,
        _("settle_later(0.3) gave {result}; expected None."),
        result=show(nothing),
    )
    for falsy in (0, ""):
        call = f"settle_later(0.3, value={falsy!r})"
        result = await settled(settle_or_explain(topic, call, 0.3, value=falsy), call, 0.3)
        check(
            same(result, falsy),
            _("{call} gave {result}; expected {want}: the value as it is, even a falsy one."),
            call=call,
            result=show_typed(result),
            want=show_typed(falsy),
        )


@task(6, checks=("settle-later-sets-the-exception",))
async def test_settle_later_sets_the_exception_later(topic):
    """settle_later(0.5, error=LookupError(...)): awaiting it raises that error after 0.5 s."""
    error = LookupError(NO_SUCH_KEY)
    call = "settle_later(0.5, error=LookupError('no such key'))"
    scene = called(_(AWAITED).format(call=call))
    with stopwatch() as watch:
        future = settle_or_explain(topic, call, 0.5, error=error)
        try:
            result = await settled(future, call, 0.5)
        except LookupError as raised:
            scene.check(
                raised is error,
                _("Awaiting it raised {raised}, not the error given."),
                raised=show(raised),
            )
        else:
            scene.fail(
                _("It gave {result}; expected it to raise the LookupError: future.set_exception."),
                result=show(result),
            )
    expect_duration(
        watch.elapsed,
        at_least=0.5,
        under=0.6,
        call=_(AWAITED).format(call=call),
        expected=_("0.5 s."),
    )
    call = "settle_later(0.3, value='ready', error=LookupError('no such key'))"
    future = settle_or_explain(topic, call, 0.3, value=READY, error=error)
    try:
        result = await settled(future, call, 0.3)
    except LookupError:
        return
    text = _(
        "It gave {result}; expected it to raise the LookupError: when error is given, the "
        "future gets set_exception(error), whatever value is."
    )
    called(_(AWAITED).format(call=call)).fail(text, result=show(result))


@task(6, checks=("settle-later-leaves-a-cancelled-future-alone",))
@pytest.mark.parametrize("settled", ["value", "error"])
async def test_settle_later_leaves_a_cancelled_future_alone(topic, settled):
    """A future from settle_later(1.0, ...), cancelled at 0.2 s, causes no error at 1 s."""
    given = {"value": 1} if settled == "value" else {"error": ValueError("late")}
    call = f"settle_later(1.0, {settled}={given[settled]!r})"
    with loop_errors() as errors:
        future = settle_or_explain(topic, call, 1.0, **given)
        await asyncio.sleep(0.2)
        future.cancel()
        await asyncio.sleep(1.5)
    scene = called(_("{call} and cancelled the future at 0.2 s").format(call=call))
    scene.check(future.cancelled(), _("It did not stay cancelled."))
    scene.check(
        not errors,
        _(
            "At 1 s your call_later callback raised {errors}. A cancelled future is done: check "
            "future.done() (or cancelled()) before setting it."
        ),
        errors=describe_errors(errors),
    )


# Task 7 -----------------------------------------------------------------------------------


PEER_WENT_AWAY = "peer went away"


def reply_to(request):
    return f"reply to {request}"


class CallbackAPI:
    """A callback-style client: request() returns at once and, ``delay`` seconds later,
    calls ``on_done(reply)`` or ``on_error(error)`` from the event loop."""

    def __init__(self, delay=1.0, error=None):
        self.delay = delay
        self._error = error  # private: it reaches the code only through on_error
        self.requests = record()
        self.callback_errors = record()

    def request(self, request, on_done, on_error):
        self.requests.append(request)
        asyncio.get_running_loop().call_later(self.delay, self._answer, request, on_done, on_error)

    def _answer(self, request, on_done, on_error):
        try:
            if self._error is not None:
                on_error(self._error)
            else:
                on_done(reply_to(request))
        except Exception as error:
            self.callback_errors.append(error)


@task(7, checks=("call-api-gives-the-reply",))
async def test_call_api_gives_the_reply(topic):
    """call_api(api, 'a'), ('b') and ('c') awaited together each give their reply after 1 s."""
    api = CallbackAPI(delay=1.0)
    call = _("call_api(api, 'a'), (api, 'b') and (api, 'c') awaited together with gather")
    scene = called(call)
    with stopwatch() as watch:
        replies = await asyncio.gather(*(topic.call_api(api, name) for name in "abc"))
    scene.check(
        same(sorted(api.requests, key=repr), ["a", "b", "c"]),
        _("It sent the requests {requests}; expected one api.request(...) per call."),
        requests=show(api.requests),
    )
    scene.check(
        same(replies, [reply_to(name) for name in "abc"]),
        _(
            "They gave {replies}; expected ['reply to a', 'reply to b', 'reply to c'], each the "
            "value the API passed to on_done. Make a new future in every call."
        ),
        replies=show(replies),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("call_api three times at once, the API answering each after 1 s"),
        expected=_("1 s: the await ends when on_done is called, the three requests together."),
    )


@task(7, checks=("call-api-gives-the-reply",))
async def test_call_api_waits_for_a_slow_reply(topic):
    """call_api(api, 'slow'), the API answering after 90 s, gives that reply."""
    scene = called(_("call_api(api, 'slow'), the API answering after 90 s"))
    try:
        reply = await topic.call_api(CallbackAPI(delay=90.0), "slow")
    except TimeoutError:
        scene.fail(
            _(
                "It raised TimeoutError; expected the reply, however long the API takes: "
                "the statement sets no time limit, so await the future without one."
            )
        )
    scene.check(
        same(reply, reply_to("slow")),
        _("It gave {reply}; expected 'reply to slow'."),
        reply=show(reply),
    )


@task(7, checks=("limits",), guard=4 * HOUR)
async def test_call_api_waits_as_long_as_the_reply_takes(topic):
    """call_api(api, 'slow'), the API answering after two hours, gives that reply."""
    scene = called(_("call_api(api, 'slow'), the API answering after two hours"))
    reply = await as_long_as_it_takes(scene, topic.call_api(CallbackAPI(delay=2 * HOUR), "slow"))
    text = _("It returned {got}; expected {want}.{hint}")
    hint = " " + _(KEEPS_WAITING)
    want = reply_to("slow")
    scene.check(same(reply, want), text, got=show(reply), want=show(want), hint=hint)


@task(7, checks=("call-api-raises-the-error",))
async def test_call_api_raises_the_error(topic):
    """await call_api(api, 'ping') raises the exception the API passes to on_error."""
    error = ConnectionResetError(PEER_WENT_AWAY)
    text = _("call_api(api, 'ping'); at 1 s the API called on_error({error})")
    scene = called(text.format(error=repr(error)))
    api = CallbackAPI(1.0, error)
    try:
        finished, reply = await finish_within(topic.call_api(api, "ping"), 5.0)
    except ConnectionResetError as raised:
        scene.check(raised is error, _("It raised {raised}, not that error."), raised=show(raised))
        scene.check(
            same(api.requests, ["ping"]),
            _(
                "It sent the requests {requests}; expected one: raise the error on_error gives "
                "at once, without asking again."
            ),
            requests=show(api.requests),
        )
        return
    scene.check(
        finished,
        _(
            "It was still waiting 4 s later: on_error must set the exception on the future "
            "(future.set_exception(error)), so the await raises it."
        ),
    )
    scene.fail(_("It returned {reply}; expected it to raise that error."), reply=show(reply))


CANCELLED = N_("Started call_api(api, 'slow') as a task and cancelled it at 0.5 s.")


@task(7, checks=("call-api-cancellable", "call-api-late-callbacks-do-not-crash"))
@pytest.mark.parametrize(
    ("late", "answer"),
    [
        (None, "on_done('reply to slow')"),
        (ConnectionResetError("too late"), "on_error(ConnectionResetError('too late'))"),
    ],
    ids=["reply", "error"],
)
async def test_call_api_can_be_cancelled(topic, late, answer):
    """call_api cancelled at 0.5 s ends cancelled; the API answering at 1 s breaks nothing."""
    api = CallbackAPI(delay=1.0, error=late)
    with loop_errors() as errors:
        waiter = asyncio.create_task(topic.call_api(api, "slow"))
        await asyncio.sleep(0.5)
        waiter.cancel()
        await asyncio.wait([waiter])
        if not waiter.cancelled():
            waiter.exception()  # retrieved, so asyncio does not log it: reported below
        await asyncio.sleep(1.0)  # the API answers at 1 s, after the waiter was cancelled
    scene = Scene(_(CANCELLED))
    if not waiter.cancelled():
        error = waiter.exception()
        if error is not None and not isinstance(error.__context__, asyncio.CancelledError):
            raise error  # a failure of its own, not a cancellation turned into one
        if error is not None:
            what = _("raised {error}").format(error=show(error))
        else:
            what = _("returned {result}").format(result=show(waiter.result()))
        scene.fail(
            _(
                "It {what} instead of ending cancelled: the CancelledError was swallowed. Let it "
                "propagate (re-raise it after any cleanup)."
            ),
            what=what,
        )
    problems = [f"{type(e).__name__}: {e}" for e in api.callback_errors]
    scene.check(
        not problems and not errors,
        _(
            "When the API called {answer} at 1 s, your callback raised {problems}. The future was "
            "cancelled with the task: check future.done() before set_result or set_exception, in "
            "on_done and in on_error."
        ),
        answer=answer,
        problems="; ".join([*problems, describe_errors(errors)] if errors else problems),
    )


class AnswerThenCancel(CallbackAPI):
    """A callback API whose caller cancels the waiting task in the very loop callback where
    the answer came, right after on_done(reply) or on_error(error) returned."""

    waiter = None

    def _answer(self, request, on_done, on_error):
        super()._answer(request, on_done, on_error)
        self.waiter.cancel()


@task(7, checks=("call-api-late-callbacks-do-not-crash",))
@pytest.mark.parametrize(
    ("late", "answer"),
    [
        (None, "on_done('reply to slow')"),
        (ConnectionResetError("too late"), "on_error(ConnectionResetError('too late'))"),
    ],
    ids=["reply", "error"],
)
async def test_call_api_cancelled_right_after_the_answer_came(topic, late, answer):
    """call_api cancelled right after on_done or on_error ran: no loop callback crashes."""
    api = AnswerThenCancel(delay=1.0, error=late)
    with loop_errors() as errors:
        waiter = asyncio.create_task(topic.call_api(api, "slow"))
        api.waiter = waiter
        await asyncio.wait([waiter])
        if not waiter.cancelled():
            waiter.exception()  # retrieved, so asyncio does not log it
        await asyncio.sleep(0.5)
    scene = Scene(
        _(
            "Started call_api(api, 'slow') as a task. At 1 s the API called {answer} and, in "
            "that same loop callback, the caller cancelled the task."
        ).format(answer=answer)
    )
    problems = [f"{type(e).__name__}: {e}" for e in api.callback_errors]
    scene.check(
        not problems and not errors,
        _(
            "Then a callback raised {problems}; expected nothing to crash. The future was "
            "still pending when your callback ran, but it was cancelled with the task before "
            "the loop ran what your callback had scheduled: set the result or exception right "
            "inside on_done and on_error (after checking future.done()), not in a later "
            "callback."
        ),
        problems="; ".join([*problems, describe_errors(errors)] if errors else problems),
    )


# ---------------------------------------------------------------------------------------
# Cancelled by its caller (the course's CANCELLED rule) while what it waits for runs


@task(1, checks=("cancelled",), guard=CLEANUP_GUARD)
async def test_run_pair_cancelled_while_both_run_ends_cancelled(topic):
    """run_pair(first, second), both taking an hour, cancelled 1 s in: it ends cancelled."""
    timeline = Timeline()
    first, second = timeline.fake("first", seconds=HOUR), timeline.fake("second", seconds=HOUR)
    scene = called(_("run_pair(first, second) as a task, each taking an hour"))
    await check_cancelled_while_waiting(scene, topic.run_pair(first, second), after=1.0)
