"""Hidden tests for topic 05: tasks and futures."""

import asyncio
import gc
import inspect

import pytest

from grader import (
    Timeline,
    _,
    check,
    expect_duration,
    expect_result,
    fail,
    same,
    show,
    show_call,
    stopwatch,
    task,
)
from grader.inside.spies import (
    collecting_only_new_garbage,
    describe_errors,
    destroyed_pending,
    loop_errors,
    wait_weakly_held,
)
from grader.inside.suite import called

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
    scene = called(call)
    if inspect.iscoroutine(value):
        value.close()
        scene.fail(
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


async def run_pair_or_explain(topic, first, second):
    try:
        return await topic.run_pair(first, second)
    except RuntimeError as error:
        if "already running" not in str(error):
            raise
        fail(
            _(
                "Called {call}. It raised RuntimeError: {error}. run_pair is a coroutine, so it "
                "already runs on the event loop: loop.run_forever() cannot start that same loop "
                "again from inside. Start both with asyncio.create_task(...) and await the two "
                "tasks (or use asyncio.gather)."
            ),
            call=show_call("run_pair", first, second),
            error=error,
        )


@task(1, checks=("run-pair-runs-both-at-once",))
async def test_run_pair_runs_both_at_once(topic):
    """run_pair(first, second) runs both at the same time, once each: 1.5 s."""
    timeline = Timeline()
    first = timeline.fake("first", seconds=1.0, result=lambda: "one")
    second = timeline.fake("second", seconds=1.5, result=lambda: "two")
    timeline.start_clock()
    with stopwatch() as watch:
        await run_pair_or_explain(topic, first, second)
    expect_duration(
        watch.elapsed,
        at_least=1.5,
        under=2.0,
        call=_("run_pair(first, second), first taking 1 s and second 1.5 s"),
        expected=_("1.5 s: both running at the same time."),
        timeline=timeline,
    )
    check(
        timeline.peak == 2,
        _(
            "Called run_pair(first, second). first and second never ran at the same time; start "
            "both as tasks before awaiting either.\n{timeline}"
        ),
        timeline=timeline.render(),
    )
    labels = [span.label for span in timeline.spans]
    check(
        sorted(labels) == ["first()", "second()"],
        _(
            "Called run_pair(first, second). It ran {labels}; expected first() and second() once "
            "each.\n{timeline}"
        ),
        labels=", ".join(labels),
        timeline=timeline.render(),
    )


@task(1, checks=("run-pair-returns-both-in-order",))
async def test_run_pair_keeps_the_order_of_arguments(topic):
    """run_pair(slow, fast) returns (slow's result, fast's result), whichever ends first."""
    timeline = Timeline()
    slow = timeline.fake("slow", seconds=2.0, result=lambda: "slow")
    fast = timeline.fake("fast", seconds=0.5, result=lambda: "fast")
    result = await run_pair_or_explain(topic, slow, fast)
    call = _("run_pair(slow, fast), where fast finishes first")
    scene = called(call, timeline)
    scene.check(
        not (isinstance(result, list | tuple) and tuple(result) == ("fast", "slow")),
        _("It returned {result}; expected ('slow', 'fast'), in the order of the arguments."),
        result=show(result),
        draw=True,
    )
    expect_result(
        result, ("slow", "fast"), call=call, meaning=_("the tuple (first_result, second_result)")
    )


# Task 2 -----------------------------------------------------------------------------------

JOB_SECONDS = {"download": 1.0, "resize": 0.5, "upload": 0.8}
START_CALL = "start_named({'download': download, 'resize': resize, 'upload': upload})"


def start_three(topic):
    """start_named over three jobs of different lengths: the timeline, jobs, tasks, time."""
    timeline = Timeline()
    jobs = {
        name: timeline.fake(name, seconds=seconds, result=lambda name=name: f"{name} done")
        for name, seconds in JOB_SECONDS.items()
    }
    for name, job in jobs.items():
        job.__name__ = f"{name}_job"  # a task named after its function would be wrong
    timeline.start_clock()
    with stopwatch() as watch:
        tasks = topic.start_named(jobs)
    not_a_coroutine(tasks, START_CALL, "start_named")
    check(
        isinstance(tasks, list | tuple) and len(tasks) == len(jobs),
        _("Called {call}. It returned {tasks}; expected a list of 3 tasks."),
        call=START_CALL,
        tasks=show(tasks),
    )
    check(
        all(isinstance(item, asyncio.Task) for item in tasks),
        _(
            "Called {call}. It returned {tasks}; expected asyncio.Task objects, made with "
            "asyncio.create_task(job())."
        ),
        call=START_CALL,
        tasks=show(tasks),
    )
    return timeline, jobs, list(tasks), tasks, watch.elapsed


@task(2, checks=("start-named-returns-named-tasks-in-order",))
async def test_start_named_returns_named_tasks(topic):
    """start_named({'download': ..., 'resize': ..., 'upload': ...}) returns 3 named tasks."""
    _timeline, jobs, tasks, returned, _elapsed = start_three(topic)
    await asyncio.gather(*tasks)
    check(
        type(returned) is list,
        _("Called {call}. It returned a {type}; expected a list of the tasks."),
        call=START_CALL,
        type=type(returned).__name__,
    )
    names = [item.get_name() for item in tasks]
    check(
        names == list(jobs),
        _(
            "Called {call}. The tasks are named {names}; expected {expected}, in the order of "
            "jobs. Give each its name: asyncio.create_task(job(), name=name)."
        ),
        call=START_CALL,
        names=show(names),
        expected=show(list(jobs)),
    )


@task(2, checks=("start-named-does-not-wait",))
async def test_start_named_does_not_wait(topic):
    """start_named(...) returns at once, before any job has finished."""
    *_rest, tasks, _returned, elapsed = start_three(topic)
    waited = elapsed >= EXACT or any(item.done() for item in tasks)
    await asyncio.gather(*tasks)
    check(
        not waited,
        _(
            "Called {call}. It waited for the jobs before returning; it should only start them and "
            "return the tasks at once."
        ),
        call=START_CALL,
    )


@task(2, checks=("start-named-runs-each-job",))
async def test_start_named_runs_each_job_once(topic):
    """The tasks start_named(...) returns run the 3 jobs once each, all at the same time."""
    timeline, jobs, tasks, _returned, _elapsed = start_three(topic)
    results = await asyncio.gather(*tasks)
    check(
        same(results, [f"{name} done" for name in jobs]),
        _("Awaiting the tasks gave {results}; expected each job's own result."),
        results=show(results),
    )
    check(
        len(timeline.spans) == len(jobs) and timeline.peak == len(jobs),
        _(
            "Called {call}, then awaited the tasks. Expected the 3 jobs to run once each, all at "
            "the same time.\n{timeline}"
        ),
        call=START_CALL,
        timeline=timeline.render(),
    )


@task(2, checks=("start-named-returns-named-tasks-in-order",))
async def test_start_named_of_nothing(topic):
    """start_named({}) returns an empty list."""
    tasks = topic.start_named({})
    not_a_coroutine(tasks, "start_named({})", "start_named")
    expect_result(tasks, [], call="start_named({})")


# Task 3 -----------------------------------------------------------------------------------


async def wait_then_record(number, finished, seconds):
    await wait_weakly_held(seconds)
    finished.append(number)


def spawn_or_close(topic, coro):
    """topic.spawn(coro), closing ``coro`` if spawn fails before running it: a coroutine
    left for the garbage collector would warn "never awaited" at some random later point."""
    try:
        return topic.spawn(coro)
    except BaseException:
        coro.close()
        raise


def spawn_and_drop(topic, count, finished):
    """Spawn ``count`` jobs and keep nothing of what spawn returns."""
    for number in range(count):
        # The jobs end one after another (1, 1.5, 2 s): a finished job must not take the
        # others' references with it.
        job = wait_then_record(number, finished, seconds=1.0 + number / 2)
        returned = spawn_or_close(topic, job)
        not_a_coroutine(returned, "spawn(job())", "spawn")
        del returned


@task(3, checks=("spawn-keeps-a-strong-reference", "spawn-discards-when-done"))
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
    with collecting_only_new_garbage(), loop_errors() as errors:
        spawn_and_drop(topic, 3, finished)
        await asyncio.sleep(0)  # the jobs start and wait for their signal
        held = len(background)
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
        held == 3,
        _(
            "While the 3 spawned jobs were running, background_tasks held {held} item(s); expected "
            "the 3 running tasks. Add each task to background_tasks in spawn."
        ),
        held=held,
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
        not_a_coroutine(tasks[0], "spawn(job(0))", "spawn")
        check(
            all(isinstance(item, asyncio.Task) for item in tasks),
            _("spawn(job(0)) returned {returned}; expected the asyncio.Task it started."),
            returned=show(tasks[0]),
        )
        results = [await item for item in tasks]
    check(
        same(results, [0, 10, 20]),
        _(
            "Awaited the tasks that spawn returned: they gave {results}; expected [0, 10, 20], "
            "each job's own result."
        ),
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


@task(3, checks=("spawn-discards-when-done",))
async def test_a_failed_or_cancelled_spawn_leaves_the_set(topic):
    """A spawned job that raises, and one cancelled before it starts, both leave the set."""
    background = topic.background_tasks
    background.clear()
    failing = spawn_or_close(topic, raises_after(0.1, ValueError("job failed")))
    await asyncio.wait([failing])
    await asyncio.sleep(0)
    failing.exception()  # retrieved, so asyncio does not log it
    check(
        failing not in background and len(background) == 0,
        _(
            "Spawned a job that raised ValueError. After it ended, background_tasks still held it. "
            "A done callback runs however the task ends: use "
            "task.add_done_callback(background_tasks.discard)."
        ),
    )
    doomed = spawn_or_close(topic, returns_after(1.0, "never"))
    doomed.cancel()  # before it ever ran: its coroutine never starts
    await asyncio.wait([doomed])
    await asyncio.sleep(0)
    check(
        len(background) == 0,
        _(
            "Spawned a job and cancelled its task at once, before it started. After it ended, "
            "background_tasks still held it: code inside the coroutine (a finally block) never "
            "runs when a task is cancelled before it starts. Use "
            "task.add_done_callback(background_tasks.discard), which runs however the task ends."
        ),
    )


# Task 4 -----------------------------------------------------------------------------------


def ask_outcome(topic, item, what):
    """Call the learner's outcome(), turning what it should not raise into a message."""
    try:
        return topic.outcome(item)
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


async def finished_tasks():
    """Tasks that returned 42, returned None, raised KeyError and were cancelled."""
    error = KeyError("missing")
    returned = asyncio.create_task(returns_after(0.1, 42))
    returned_none = asyncio.create_task(returns_after(0.1, None))
    failed = asyncio.create_task(raises_after(0.1, error))
    cancelled = asyncio.create_task(returns_after(5.0, "never"))
    await asyncio.sleep(0.5)
    cancelled.cancel()
    await asyncio.wait([returned, returned_none, failed, cancelled])
    # Retrieved here, so that the task never logs "exception was never retrieved" from a
    # finalizer at some random later moment (on 3.11.7 that can crash pytest's reporting).
    failed.exception()
    return returned, returned_none, failed, cancelled, error


def expect_outcome(topic, item, what, expected):
    """Fail unless outcome(item) is exactly the tuple ``expected`` (the error itself)."""
    got = ask_outcome(topic, item, what)
    kind, value = expected
    if kind == "failed":
        right = type(got) is tuple and len(got) == 2 and same(got[0], kind) and got[1] is value
    else:
        right = same(got, expected)
    hint = _(" For a failed task, give the exception object itself: task.exception().")
    check(
        right,
        _("Called outcome(task) on {what}. It returned {got} ({type}); expected the tuple {want}.")
        + (hint if kind == "failed" else ""),
        what=what,
        got=show(got),
        type=type(got).__name__,
        want=show(expected),
    )


@task(4, checks=("outcome-ok",))
async def test_outcome_of_tasks_that_returned(topic):
    """outcome(task) on tasks that returned 42 and None gives ('ok', 42) and ('ok', None)."""
    returned, returned_none, *_rest = await finished_tasks()
    expect_outcome(topic, returned, _("a task that returned 42"), ("ok", 42))
    expect_outcome(topic, returned_none, _("a task that returned None"), ("ok", None))


@task(4, checks=("outcome-failed",))
async def test_outcome_of_a_failed_task(topic):
    """outcome(task) on a task that raised KeyError('missing') gives ('failed', that error)."""
    *_rest, failed, _cancelled, error = await finished_tasks()
    expect_outcome(topic, failed, _("a task that raised KeyError('missing')"), ("failed", error))


@task(4, checks=("outcome-cancelled",))
async def test_outcome_of_a_cancelled_task(topic):
    """outcome(task) on a cancelled task gives ('cancelled', None)."""
    *_rest, cancelled, _error = await finished_tasks()
    expect_outcome(topic, cancelled, _("a cancelled task"), ("cancelled", None))


@task(4, checks=("outcome-pending",))
async def test_outcome_of_a_pending_task(topic):
    """outcome(task) on a task still running gives ('pending', None)."""
    running = asyncio.create_task(returns_after(5.0, "later"))
    await asyncio.sleep(0.1)
    try:
        got = ask_outcome(topic, running, _("a task still running"))
    finally:
        running.cancel()
    expect_result(got, ("pending", None), call=_("outcome(task) on a task still running"))


# Task 5 -----------------------------------------------------------------------------------


def call_notify_progress(topic, tasks, on_progress, call):
    returned = topic.notify_progress(tasks, on_progress)
    not_a_coroutine(returned, call, "notify_progress")


@task(5, checks=("progress-reported-as-each-ends", "progress-returns-at-once"))
async def test_notify_progress_reports_each_task_as_it_ends(topic):
    """notify_progress(4 tasks, on_progress) reports each one when it ends, however it ends."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = [
        asyncio.create_task(returns_after(2.0, "slow"), name="slow"),
        asyncio.create_task(raises_after(1.0, OSError("disk full")), name="broken"),
        asyncio.create_task(returns_after(0.5, "quick"), name="quick"),
        asyncio.create_task(returns_after(5.0, "never"), name="doomed"),
    ]
    calls = []

    def on_progress(*args):
        calls.append((round(loop.time() - start, 3), *args))

    call = "notify_progress([slow, broken, quick, doomed], on_progress)"
    scene = called(call)
    with loop_errors() as errors:
        call_notify_progress(topic, tasks, on_progress, call)
        scene.check(
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
    if calls == expected:
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


@task(5, checks=("progress-counts-one-by-one",))
async def test_notify_progress_of_tasks_ending_together(topic):
    """Three tasks ending in the same instant are reported as 1, 2 and 3 of 3."""
    names = ["x", "y", "z"]
    tasks = [asyncio.create_task(returns_after(1.0, name), name=name) for name in names]
    calls = []
    call = _("notify_progress([x, y, z], on_progress), all three returning at 1 s")
    scene = called(call)
    call_notify_progress(topic, tasks, lambda *args: calls.append(args), call)
    await asyncio.wait(tasks)
    await asyncio.sleep(0)
    scene.check(
        [args[0] if args else None for args in calls] == [1, 2, 3],
        _(
            "on_progress got {calls}; expected finished_so_far to count 1, 2, 3. "
            "The tasks all ended in the same loop iteration, so counting the tasks that are done() "
            "at callback time counts all of them at once: keep your own counter, increased by one "
            "in each done callback."
        ),
        calls=show(calls),
    )
    scene.check(
        sorted(calls) == [(1, 3, "x"), (2, 3, "y"), (3, 3, "z")]
        or (sorted(args[2] for args in calls) == names and all(args[1] == 3 for args in calls)),
        _(
            "on_progress got {calls}; expected (1, 3, name), (2, 3, name), (3, 3, "
            "name), one for each of x, y and z."
        ),
        calls=show(calls),
    )


@task(5, checks=("progress-counts-one-by-one",))
async def test_notify_progress_of_one_task(topic):
    """notify_progress([one], on_progress) calls on_progress(1, 1, 'one') when it ends."""
    calls = []
    one = asyncio.create_task(returns_after(0.3, None), name="one")
    call = "notify_progress([one], on_progress)"
    call_notify_progress(topic, [one], lambda *args: calls.append(args), call)
    await one
    await asyncio.sleep(0)
    check(
        same(calls, [(1, 1, "one")]),
        _("Called {call} and awaited one. on_progress got {calls}; expected [(1, 1, 'one')]."),
        call=call,
        calls=show(calls),
    )


# Task 6 -----------------------------------------------------------------------------------


NO_SUCH_KEY = "no such key"
READY = "".join(["re", "ady"])  # a str object of its own: the value itself must come back


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
        _(
            "The future it returned was already done; it should get its result only "
            "later, from a loop.call_later callback."
        ),
    )
    return future


@task(6, checks=("settle-later-returns-a-pending-future", "settle-later-sets-the-result"))
async def test_settle_later_sets_the_result_later(topic):
    """settle_later(1.0, value='ready') returns a future that gives 'ready' 1 s later."""
    call = "settle_later(1.0, value='ready')"
    await asyncio.sleep(10)  # the loop's clock is past 1.0 now: call_at(1.0) would be late
    with stopwatch() as watch:
        result = await settle_or_explain(topic, call, 1.0, value=READY)
    check(
        result is READY,
        _(
            "Called {call} and awaited the future. It gave {result}; expected 'ready', the value "
            "itself: future.set_result(value)."
        ),
        call=call,
        result=show(result),
    )
    check(
        watch.elapsed > EXACT,
        _(
            "Called {call} and awaited the future. It gave its result at once, at {seconds} s of "
            "loop time; expected 1 s later: loop.call_later(1.0, ...) waits the delay "
            "(loop.call_at takes a time on the loop's clock, which was already past 1.0 here)."
        ),
        call=call,
        seconds=f"{watch.elapsed:.2f}",
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.1,
        call=_("{call}, then awaited the future").format(call=call),
        expected=_("1 s: the result is set by loop.call_later(1.0, ...)."),
    )
    nothing = await settle_or_explain(topic, "settle_later(0.3)", 0.3)
    check(
        nothing is None,
        _("settle_later(0.3) gave {result}; expected None."),
        result=show(nothing),
    )


@task(6, checks=("settle-later-sets-the-exception",))
async def test_settle_later_sets_the_exception_later(topic):
    """settle_later(0.5, error=LookupError(...)): awaiting it raises that error after 0.5 s."""
    error = LookupError(NO_SUCH_KEY)
    call = "settle_later(0.5, error=LookupError('no such key'))"
    scene = called(call)
    with stopwatch() as watch:
        future = settle_or_explain(topic, call, 0.5, error=error)
        try:
            result = await future
        except LookupError as raised:
            scene.check(
                raised is error,
                _("Awaiting it raised {raised}, not the error given."),
                raised=show(raised),
            )
        else:
            fail(
                _(
                    "Called {call} and awaited the future. It gave {result}; expected it to raise "
                    "the LookupError: use future.set_exception(error)."
                ),
                call=call,
                result=show(result),
            )
    expect_duration(
        watch.elapsed,
        at_least=0.5,
        under=0.6,
        call=_("{call}, then awaited the future").format(call=call),
        expected=_("0.5 s."),
    )


@task(6, checks=("settle-later-leaves-a-cancelled-future-alone",))
async def test_settle_later_leaves_a_cancelled_future_alone(topic):
    """A future from settle_later(1.0, ...), cancelled at 0.2 s, causes no error at 1 s."""
    call = "settle_later(1.0, value=1)"
    with loop_errors() as errors:
        future = settle_or_explain(topic, call, 1.0, value=1)
        await asyncio.sleep(0.2)
        future.cancel()
        await asyncio.sleep(1.5)
    check(
        future.cancelled(),
        _("Called {call} and cancelled the future at 0.2 s. It did not stay cancelled."),
        call=call,
    )
    check(
        not errors,
        _(
            "Called {call} and cancelled the future at 0.2 s. At 1 s your call_later callback "
            "raised {errors}. A cancelled future is done: check future.done() (or cancelled()) "
            "before setting it."
        ),
        call=call,
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
        self.error = error
        self.requests = []
        self.callback_errors = []

    def request(self, request, on_done, on_error):
        self.requests.append(request)
        asyncio.get_running_loop().call_later(self.delay, self._answer, request, on_done, on_error)

    def _answer(self, request, on_done, on_error):
        try:
            if self.error is not None:
                on_error(self.error)
            else:
                on_done(reply_to(request))
        except Exception as error:
            self.callback_errors.append(error)


@task(7, checks=("call-api-gives-the-reply",))
async def test_call_api_gives_the_reply(topic):
    """await call_api(api, 'ping') gives 'reply to ping' when the API calls on_done, 1 s later."""
    api = CallbackAPI(delay=1.0)
    call = "call_api(api, 'ping')"
    scene = called(call)
    with stopwatch() as watch:
        reply = await topic.call_api(api, "ping")
    scene.check(
        api.requests == ["ping"],
        _(
            "It sent the requests {requests}; expected exactly one: "
            "api.request('ping', on_done, on_error)."
        ),
        requests=show(api.requests),
    )
    scene.check(
        same(reply, reply_to("ping")),
        _("It gave {reply}; expected 'reply to ping', the value the API passed to on_done."),
        reply=show(reply),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("call_api(api, 'ping'), the API answering after 1 s"),
        expected=_("1 s: the await ends when on_done is called."),
    )


@task(7, checks=("call-api-gives-the-reply",))
async def test_call_api_waiters_overlap(topic):
    """3 call_api(...) awaited together take 1 s, each getting its own reply."""
    api = CallbackAPI(delay=1.0)
    with stopwatch() as watch:
        replies = await asyncio.gather(*(topic.call_api(api, name) for name in "abc"))
    check(
        same(replies, [reply_to(name) for name in "abc"]),
        _(
            "Awaited call_api(api, 'a'), (api, 'b') and (api, 'c') together with gather. They gave "
            "{replies}; expected ['reply to a', 'reply to b', 'reply to c']. Make a new future in "
            "every call."
        ),
        replies=show(replies),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call=_("call_api three times at once, the API answering each after 1 s"),
        expected=_("1 s: the three requests are in flight together."),
    )


@task(7, checks=("call-api-raises-the-error",))
async def test_call_api_raises_the_error(topic):
    """await call_api(api, 'ping') raises the exception the API passes to on_error."""
    error = ConnectionResetError(PEER_WENT_AWAY)
    api = CallbackAPI(delay=1.0, error=error)
    deadline = asyncio.timeout(5.0)
    try:
        async with deadline:
            reply = await topic.call_api(api, "ping")
    except ConnectionResetError as raised:
        check(
            raised is error,
            _("call_api(api, 'ping') raised {raised}, not the error the API gave."),
            raised=show(raised),
        )
        return
    except TimeoutError:
        if not deadline.expired():
            raise
        fail(
            _(
                "Called call_api(api, 'ping'); at 1 s the API called "
                "on_error(ConnectionResetError('peer went away')). Your call_api was still waiting "
                "4 s later: on_error must set the exception on the future "
                "(future.set_exception(error)), so the await raises it."
            )
        )
    fail(
        _(
            "Called call_api(api, 'ping'); the API called on_error(ConnectionResetError('peer went "
            "away')). call_api returned {reply}; expected it to raise that error."
        ),
        reply=show(reply),
    )


async def cancel_call_api(topic, api):
    """Start call_api(api, 'slow') as a task, cancel it at 0.5 s, let the API answer at 1 s;
    return the task and the loop's error reports."""
    with loop_errors() as errors:
        waiter = asyncio.create_task(topic.call_api(api, "slow"))
        await asyncio.sleep(0.5)
        waiter.cancel()
        await asyncio.wait([waiter])
        if not waiter.cancelled():
            waiter.exception()  # retrieved: test_call_api_can_be_cancelled reports it
        await asyncio.sleep(1.0)  # the API answers at 1 s, after the waiter was cancelled
    return waiter, errors


@task(7, checks=("call-api-late-callbacks-do-not-crash",))
@pytest.mark.parametrize(
    ("error", "answer"),
    [
        (None, "on_done('reply to slow')"),
        (ConnectionResetError("too late"), "on_error(ConnectionResetError('too late'))"),
    ],
    ids=["reply", "error"],
)
async def test_call_api_late_answer_after_cancel(topic, error, answer):
    """call_api cancelled at 0.5 s, the API answering at 1 s all the same: nothing breaks."""
    api = CallbackAPI(delay=1.0, error=error)
    _waiter, errors = await cancel_call_api(topic, api)
    problems = [f"{type(e).__name__}: {e}" for e in api.callback_errors]
    check(
        not problems and not errors,
        _(
            "Started call_api(api, 'slow') as a task and cancelled it at 0.5 s. When the API "
            "called {answer} at 1 s, your callback raised {problems}. The future was cancelled "
            "with the task: check future.done() before set_result or set_exception, in on_done and "
            "in on_error."
        ),
        answer=answer,
        problems="; ".join([*problems, describe_errors(errors)] if errors else problems),
    )


@task(7, checks=("call-api-cancellable",))
async def test_call_api_can_be_cancelled(topic):
    """Cancelling await call_api(...) at 0.5 s ends it cancelled, not with a result."""
    waiter, _errors = await cancel_call_api(topic, CallbackAPI(delay=1.0))
    if waiter.cancelled():
        return
    error = waiter.exception()
    if error is not None and not isinstance(error.__context__, asyncio.CancelledError):
        raise error  # a failure of its own, not a cancellation turned into one
    if error is not None:
        what = _("raised {error}").format(error=show(error))
    else:
        what = _("returned {result}").format(result=show(waiter.result()))
    fail(
        _(
            "Started call_api(api, 'slow') as a task and cancelled it at 0.5 s. It {what} instead "
            "of ending cancelled: the CancelledError was swallowed. Let it propagate (re-raise it "
            "after any cleanup)."
        ),
        what=what,
    )
