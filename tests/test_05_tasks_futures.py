"""Hidden tests for topic 05: tasks and futures."""

import asyncio
import contextlib
import gc
import inspect
import weakref

from grader import (
    Timeline,
    check,
    expect_duration,
    fail,
    show,
    show_call,
    stopwatch,
    task,
)

EXACT = 1e-6  # the virtual clock is exact; this only absorbs float rounding


@contextlib.contextmanager
def loop_errors():
    """Collect what the loop reports to its exception handler (errors raised in callbacks,
    "Task was destroyed but it is pending!") instead of only logging it."""
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    errors = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        yield errors
    finally:
        loop.set_exception_handler(previous)


def describe_error(context):
    """One loop error report in a few words."""
    error = context.get("exception")
    if error is not None:
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return context.get("message", "an error")


def not_a_coroutine(value, call, kind):
    """Fail, closing it, when a plain function was written as ``async def`` by mistake."""
    if inspect.iscoroutine(value):
        value.close()
        fail(
            f"Called {call}. It returned a coroutine object, so none of its code ran. "
            f"{kind} is a plain function: write it with `def`, not `async def`."
        )


def as_tuple(value):
    return tuple(value) if isinstance(value, list | tuple) else value


# Task 1 -----------------------------------------------------------------------------------


async def run_pair_or_explain(topic, first, second):
    call = show_call("run_pair", first, second)
    try:
        return await topic.run_pair(first, second)
    except RuntimeError as error:
        if "already running" not in str(error):
            raise
        fail(
            f"Called {call}. It raised RuntimeError: {error}. run_pair is a coroutine, so "
            "it already runs on the event loop: loop.run_forever() cannot start that same "
            "loop again from inside. Start both with asyncio.create_task(...) and await the "
            "two tasks (or use asyncio.gather)."
        )


@task(1)
async def test_run_pair_runs_both_at_once(topic):
    """run_pair(first, second) runs both at the same time and returns both results."""
    timeline = Timeline()
    first = timeline.fake("first", seconds=1.0, result=lambda: "one")
    second = timeline.fake("second", seconds=1.5, result=lambda: "two")
    timeline.start_clock()
    with stopwatch() as watch:
        result = await run_pair_or_explain(topic, first, second)
    check(
        as_tuple(result) == ("one", "two"),
        f"Called run_pair(first, second). It returned {show(result)}; expected "
        "('one', 'two'): first()'s result, then second()'s.\n" + timeline.render(),
    )
    expect_duration(
        watch.elapsed,
        at_least=1.5,
        under=2.0,
        call="run_pair(first, second), first taking 1 s and second 1.5 s",
        expected="1.5 s: both running at the same time.",
        timeline=timeline,
    )
    check(
        timeline.peak == 2,
        "Called run_pair(first, second). first and second never ran at the same time; "
        "start both as tasks before awaiting either.\n" + timeline.render(),
    )


@task(1)
async def test_run_pair_keeps_the_order_of_arguments(topic):
    """run_pair(slow, fast) returns (slow's result, fast's result), whichever ends first."""
    timeline = Timeline()
    slow = timeline.fake("slow", seconds=2.0, result=lambda: "slow")
    fast = timeline.fake("fast", seconds=0.5, result=lambda: "fast")
    result = await run_pair_or_explain(topic, slow, fast)
    check(
        as_tuple(result) == ("slow", "fast"),
        f"Called run_pair(slow, fast), where fast finishes first. It returned {show(result)}; "
        "expected ('slow', 'fast'), in the order of the arguments.\n" + timeline.render(),
    )


# Task 2 -----------------------------------------------------------------------------------

JOB_SECONDS = {"download": 1.0, "resize": 0.5, "upload": 0.8}


@task(2)
async def test_start_named_returns_named_running_tasks(topic):
    """start_named({'download': ..., 'resize': ..., 'upload': ...}) starts 3 named tasks."""
    timeline = Timeline()
    jobs = {
        name: timeline.fake(name, seconds=seconds, result=lambda name=name: f"{name} done")
        for name, seconds in JOB_SECONDS.items()
    }
    call = "start_named({'download': download, 'resize': resize, 'upload': upload})"
    timeline.start_clock()
    with stopwatch() as watch:
        tasks = topic.start_named(jobs)
    not_a_coroutine(tasks, call, "start_named")
    check(
        isinstance(tasks, list | tuple) and len(tasks) == len(jobs),
        f"Called {call}. It returned {show(tasks)}; expected a list of 3 tasks.",
    )
    tasks = list(tasks)
    check(
        all(isinstance(item, asyncio.Task) for item in tasks),
        f"Called {call}. It returned {show(tasks)}; expected asyncio.Task objects, made "
        "with asyncio.create_task(job()).",
    )
    names = [item.get_name() for item in tasks]
    check(
        names == list(jobs),
        f"Called {call}. The tasks are named {show(names)}; expected {show(list(jobs))}, "
        "in the order of jobs. Give each its name: asyncio.create_task(job(), name=name).",
    )
    check(
        watch.elapsed < EXACT and not any(item.done() for item in tasks),
        f"Called {call}. It waited for the jobs before returning; it should only start "
        "them and return the tasks at once.",
    )
    results = await asyncio.gather(*tasks)
    check(
        results == [f"{name} done" for name in jobs],
        f"Awaiting the tasks gave {show(results)}; expected each job's own result.",
    )
    check(
        len(timeline.spans) == len(jobs) and timeline.peak == len(jobs),
        f"Called {call}, then awaited the tasks. Expected the 3 jobs to run once each, all "
        "at the same time.\n" + timeline.render(),
    )


@task(2)
async def test_start_named_of_nothing(topic):
    """start_named({}) returns an empty list."""
    tasks = topic.start_named({})
    not_a_coroutine(tasks, "start_named({})", "start_named")
    check(
        isinstance(tasks, list | tuple) and len(tasks) == 0,
        f"start_named({{}}) returned {show(tasks)}; expected [].",
    )


# Task 3 -----------------------------------------------------------------------------------


def _wake(future_ref):
    future = future_ref()
    if future is not None and not future.done():
        future.set_result(None)


async def wait_for_signal_then_record(number, finished, seconds=1.0):
    """Wait for a signal that the loop only holds weakly, as a task waiting on an outside
    event often is; only a strong reference to the task keeps it alive meanwhile."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_later(seconds, _wake, weakref.ref(future))
    await future
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
    """Spawn ``count`` jobs and keep nothing of what spawn returns but its type's name."""
    kinds = []
    for number in range(count):
        returned = spawn_or_close(topic, wait_for_signal_then_record(number, finished))
        not_a_coroutine(returned, "spawn(job())", "spawn")
        kinds.append(type(returned).__name__)
        del returned
    return kinds


@task(3)
async def test_spawned_tasks_survive_garbage_collection(topic):
    """3 jobs started with spawn(job()), then dropped, still finish after gc.collect()."""
    background = topic.background_tasks
    check(
        isinstance(background, set),
        f"background_tasks is {show(background)}; expected a set (start with `set()`).",
    )
    background.clear()
    finished = []
    # Freezing moves every object alive so far out of the collector's sight, so that
    # gc.collect() below only scans what this test made: it stays fast.
    gc.freeze()
    try:
        with loop_errors() as errors:
            spawn_and_drop(topic, 3, finished)
            await asyncio.sleep(0)  # the jobs start and wait for their signal
            held = len(background)
            gc.collect()
            await asyncio.sleep(1.5)
    finally:
        gc.unfreeze()
    destroyed = [e for e in errors if "destroyed but it is pending" in e.get("message", "")]
    if sorted(finished) != [0, 1, 2]:
        reason = (
            f" asyncio reported 'Task was destroyed but it is pending!' {len(destroyed)} "
            "time(s): the garbage collector threw the tasks away mid-work."
            if destroyed
            else ""
        )
        fail(
            f"Spawned 3 jobs with spawn(job()) and kept nothing of what it returned, then "
            f"ran gc.collect(). {len(finished)} of the 3 jobs finished.{reason} The event "
            "loop keeps only a weak reference to a task: spawn must keep a strong one, by "
            "adding the task to background_tasks."
        )
    check(
        held == 3,
        f"While the 3 spawned jobs were running, background_tasks held {held} item(s); "
        "expected the 3 running tasks. Add each task to background_tasks in spawn.",
    )
    check(
        len(background) == 0,
        f"After the 3 spawned jobs finished, background_tasks still held {len(background)} "
        "task(s). Remove each task once it is done, with "
        "task.add_done_callback(background_tasks.discard); otherwise the set grows forever.",
    )


@task(3)
async def test_spawn_returns_a_running_task(topic):
    """spawn(coro) returns its task; jobs overlap; a failed job also leaves the set."""
    background = topic.background_tasks
    background.clear()
    timeline = Timeline()
    job = timeline.fake("job", seconds=1.0, result=lambda number: number * 10)
    with stopwatch() as watch:
        tasks = [spawn_or_close(topic, job(number)) for number in range(3)]
        not_a_coroutine(tasks[0], "spawn(job(0))", "spawn")
        check(
            all(isinstance(item, asyncio.Task) for item in tasks),
            f"spawn(job(0)) returned {show(tasks[0])}; expected the asyncio.Task it started.",
        )
        results = [await item for item in tasks]
    check(
        results == [0, 10, 20],
        f"Awaited the tasks that spawn returned: they gave {show(results)}; expected [0, 10, "
        "20], each job's own result.",
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call="spawn(job(n)) for 3 jobs of 1 s, then awaiting the tasks",
        expected="1 s: the jobs run as tasks, all at the same time.",
        timeline=timeline,
    )
    await asyncio.sleep(0)  # done callbacks run one step after the task ends
    check(
        len(background) == 0,
        f"After the 3 spawned jobs finished, background_tasks still held {len(background)} "
        "task(s). Remove each task once it is done, with "
        "task.add_done_callback(background_tasks.discard).",
    )

    async def broken():
        await asyncio.sleep(0.1)
        raise ValueError("job failed")

    failing = spawn_or_close(topic, broken())
    await asyncio.wait([failing])
    await asyncio.sleep(0)
    failing.exception()  # retrieved, so asyncio does not log it
    check(
        failing not in background and len(background) == 0,
        "Spawned a job that raised ValueError. After it ended, background_tasks still held "
        "it. A done callback runs however the task ends: use "
        "task.add_done_callback(background_tasks.discard).",
    )


# Task 4 -----------------------------------------------------------------------------------


async def returns_after(seconds, value):
    await asyncio.sleep(seconds)
    return value


async def raises_after(seconds, error):
    await asyncio.sleep(seconds)
    raise error


def ask_outcome(topic, item, what):
    """Call the learner's outcome(), turning what it should not raise into a message."""
    try:
        return as_tuple(topic.outcome(item))
    except asyncio.CancelledError:
        fail(
            f"Called outcome(task) on {what}. It raised CancelledError: on a cancelled task, "
            "task.result() and task.exception() both raise it. Check task.cancelled() first."
        )
    except asyncio.InvalidStateError:
        fail(
            f"Called outcome(task) on {what}. It raised InvalidStateError: result() and "
            "exception() raise it while a task is not done. Check task.done() first."
        )


@task(4)
async def test_outcome_of_finished_tasks(topic):
    """outcome(task) on tasks that returned, returned None, failed, or were cancelled."""
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
    cases = [
        (returned, "a task that returned 42", ("ok", 42)),
        (returned_none, "a task that returned None", ("ok", None)),
        (cancelled, "a cancelled task", ("cancelled", None)),
        (failed, "a task that raised KeyError('missing')", ("failed", error)),
    ]
    for item, what, expected in cases:
        got = ask_outcome(topic, item, what)
        check(
            isinstance(got, tuple)
            and len(got) == 2
            and got[0] == expected[0]
            and (got[1] is expected[1] or got[1] == expected[1]),
            f"Called outcome(task) on {what}. It returned {show(got)}; expected "
            f"{show(expected)}."
            + (
                " For a failed task, give the exception object itself: task.exception()."
                if expected[0] == "failed"
                else ""
            ),
        )


@task(4)
async def test_outcome_of_a_pending_task(topic):
    """outcome(task) on a task still running gives ('pending', None)."""
    running = asyncio.create_task(returns_after(5.0, "later"))
    await asyncio.sleep(0.1)
    try:
        got = ask_outcome(topic, running, "a task still running")
    finally:
        running.cancel()
    check(
        got == ("pending", None),
        f"Called outcome(task) on a task still running. It returned {show(got)}; expected "
        "('pending', None).",
    )


# Task 5 -----------------------------------------------------------------------------------


@task(5)
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
    with loop_errors() as errors:
        returned = topic.notify_progress(tasks, on_progress)
        not_a_coroutine(returned, call, "notify_progress")
        check(
            calls == [],
            f"Called {call}. It called on_progress {show(calls)} before any task ended.",
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
    lines = [
        f"Called {call}; quick returns at 0.5 s, broken raises OSError at 1 s, doomed is "
        "cancelled at 1.25 s, slow returns at 2 s.",
        f"on_progress was called with (time, finished, total, name): {show(calls)}",
        f"Expected: {show(expected)}",
    ]
    if errors:
        lines.append(
            "Your done callback raised "
            + "; ".join(describe_error(context) for context in errors)
            + ". A done callback also runs for a failed or cancelled task, where "
            "task.result() raises: you only need the task's name."
        )
    elif calls and len({entry[0] for entry in calls}) == 1 and len(calls) > 1:
        lines.append(
            "Every call came at the same moment: call on_progress from a done callback "
            "(task.add_done_callback), as each task ends, not after all have ended."
        )
    elif len(calls) < len(expected):
        lines.append(
            "Some endings were not reported: a done callback runs for every ending, "
            "including a failure or a cancellation."
        )
    fail("\n".join(lines))


@task(5)
async def test_notify_progress_of_one_task(topic):
    """notify_progress([one], on_progress) calls on_progress(1, 1, 'one') when it ends."""
    calls = []
    one = asyncio.create_task(returns_after(0.3, None), name="one")
    returned = topic.notify_progress([one], lambda *args: calls.append(args))
    not_a_coroutine(returned, "notify_progress([one], on_progress)", "notify_progress")
    await one
    await asyncio.sleep(0)
    check(
        calls == [(1, 1, "one")],
        f"Called notify_progress([one], on_progress) and awaited one. on_progress got "
        f"{show(calls)}; expected [(1, 1, 'one')].",
    )


# Task 6 -----------------------------------------------------------------------------------


def settle_or_explain(topic, call, *args, **kwargs):
    future = topic.settle_later(*args, **kwargs)
    not_a_coroutine(future, call, "settle_later")
    check(
        not isinstance(future, asyncio.Task),
        f"Called {call}. It returned a task; expected a plain asyncio.Future, made with "
        "asyncio.get_running_loop().create_future() and set later by a loop.call_later "
        "callback. This task is about the future itself.",
    )
    check(
        isinstance(future, asyncio.Future),
        f"Called {call}. It returned {show(future)}; expected an asyncio.Future, made with "
        "asyncio.get_running_loop().create_future().",
    )
    check(
        not future.done(),
        f"Called {call}. The future it returned was already done; it should get its "
        "result only later, from a loop.call_later callback.",
    )
    return future


@task(6)
async def test_settle_later_sets_the_result_later(topic):
    """settle_later(1.0, value='ready') returns a future that gives 'ready' 1 s later."""
    call = "settle_later(1.0, value='ready')"
    with stopwatch() as watch:
        future = settle_or_explain(topic, call, 1.0, value="ready")
        result = await future
    check(
        result == "ready",
        f"Called {call} and awaited the future. It gave {show(result)}; expected 'ready'.",
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.1,
        call=f"{call}, then awaited the future",
        expected="1 s: the result is set by loop.call_later(1.0, ...).",
    )
    nothing = await settle_or_explain(topic, "settle_later(0.3)", 0.3)
    check(nothing is None, f"settle_later(0.3) gave {show(nothing)}; expected None.")


@task(6)
async def test_settle_later_sets_the_exception_later(topic):
    """settle_later(0.5, error=LookupError(...)): awaiting it raises that error after 0.5 s."""
    error = LookupError("no such key")
    call = "settle_later(0.5, error=LookupError('no such key'))"
    with stopwatch() as watch:
        future = settle_or_explain(topic, call, 0.5, error=error)
        try:
            result = await future
        except LookupError as raised:
            check(
                raised is error,
                f"Called {call}. Awaiting it raised {show(raised)}, not the error given.",
            )
        else:
            fail(
                f"Called {call} and awaited the future. It gave {show(result)}; expected it "
                "to raise the LookupError: use future.set_exception(error)."
            )
    expect_duration(
        watch.elapsed,
        at_least=0.5,
        under=0.6,
        call=f"{call}, then awaited the future",
        expected="0.5 s.",
    )


@task(6)
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
        f"Called {call} and cancelled the future at 0.2 s. It did not stay cancelled.",
    )
    check(
        not errors,
        f"Called {call} and cancelled the future at 0.2 s. At 1 s your call_later callback "
        "raised " + "; ".join(describe_error(context) for context in errors) + ". A "
        "cancelled future is done: check future.done() (or cancelled()) before setting it.",
    )


# Task 7 -----------------------------------------------------------------------------------


class CallbackAPI:
    """A callback-style client: request() returns at once and, ``delay`` seconds later,
    calls ``on_done(reply)`` or ``on_error(error)`` from the event loop."""

    def __init__(self, delay=1.0, error=None):
        self.delay = delay
        self.error = error
        self.requests = []
        self.in_flight = 0
        self.peak = 0
        self.callback_errors = []

    def request(self, request, on_done, on_error):
        self.requests.append(request)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        asyncio.get_running_loop().call_later(self.delay, self._answer, request, on_done, on_error)

    def _answer(self, request, on_done, on_error):
        self.in_flight -= 1
        try:
            if self.error is not None:
                on_error(self.error)
            else:
                on_done(f"reply to {request}")
        except Exception as error:
            self.callback_errors.append(error)


@task(7)
async def test_call_api_gives_the_reply(topic):
    """await call_api(api, 'ping') gives 'reply to ping' when the API calls on_done, 1 s later."""
    api = CallbackAPI(delay=1.0)
    with stopwatch() as watch:
        reply = await topic.call_api(api, "ping")
    check(
        api.requests == ["ping"],
        f"Called call_api(api, 'ping'). It sent the requests {show(api.requests)}; expected "
        "exactly one: api.request('ping', on_done, on_error).",
    )
    check(
        reply == "reply to ping",
        f"Called call_api(api, 'ping'). It gave {show(reply)}; expected 'reply to ping', "
        "the value the API passed to on_done.",
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call="call_api(api, 'ping'), the API answering after 1 s",
        expected="1 s: the await ends when on_done is called.",
    )


@task(7)
async def test_call_api_waiters_overlap(topic):
    """3 call_api(...) awaited together take 1 s, each getting its own reply."""
    api = CallbackAPI(delay=1.0)
    with stopwatch() as watch:
        replies = await asyncio.gather(*(topic.call_api(api, name) for name in "abc"))
    check(
        replies == ["reply to a", "reply to b", "reply to c"],
        f"Awaited call_api(api, 'a'), (api, 'b') and (api, 'c') together with gather. "
        f"They gave {show(replies)}; expected ['reply to a', 'reply to b', 'reply to c']. "
        "Make a new future in every call.",
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.5,
        call="call_api three times at once, the API answering each after 1 s",
        expected="1 s: the three requests are in flight together.",
    )


@task(7)
async def test_call_api_raises_the_error(topic):
    """await call_api(api, 'ping') raises the exception the API passes to on_error."""
    error = ConnectionResetError("peer went away")
    api = CallbackAPI(delay=1.0, error=error)
    deadline = asyncio.timeout(5.0)
    try:
        async with deadline:
            reply = await topic.call_api(api, "ping")
    except ConnectionResetError as raised:
        check(
            raised is error,
            f"call_api(api, 'ping') raised {show(raised)}, not the error the API gave.",
        )
        return
    except TimeoutError:
        if not deadline.expired():
            raise
        fail(
            "Called call_api(api, 'ping'); at 1 s the API called on_error(ConnectionResetError"
            "('peer went away')). Your call_api was still waiting 4 s later: on_error must "
            "set the exception on the future (future.set_exception(error)), so the await "
            "raises it."
        )
    fail(
        "Called call_api(api, 'ping'); the API called on_error(ConnectionResetError('peer "
        f"went away')). call_api returned {show(reply)}; expected it to raise that error."
    )


@task(7)
async def test_call_api_can_be_cancelled(topic):
    """Cancelling await call_api(...) at 0.5 s stops it, and the reply at 1 s breaks nothing."""
    api = CallbackAPI(delay=1.0)
    with loop_errors() as errors:
        waiter = asyncio.create_task(topic.call_api(api, "slow"))
        await asyncio.sleep(0.5)
        waiter.cancel()
        await asyncio.wait([waiter])
        if not waiter.cancelled():
            error = waiter.exception()
            if error is not None and not isinstance(error.__context__, asyncio.CancelledError):
                raise error  # a failure of its own, not a cancellation turned into one
            what = (
                f"raised {show(error)}"
                if error is not None
                else f"returned {show(waiter.result())}"
            )
            fail(
                "Started call_api(api, 'slow') as a task and cancelled it at 0.5 s. It "
                f"{what} instead of ending cancelled: the CancelledError was swallowed. Let "
                "it propagate (re-raise it after any cleanup)."
            )
        await asyncio.sleep(1.0)  # the API answers at 1 s, after the waiter was cancelled
    problems = [f"{type(e).__name__}: {e}" for e in api.callback_errors]
    problems += [describe_error(context) for context in errors]
    check(
        not problems,
        "Started call_api(api, 'slow') as a task and cancelled it at 0.5 s. When the API "
        "called on_done at 1 s, your callback raised " + "; ".join(problems) + ". The future "
        "was cancelled with the task: check future.done() before set_result/set_exception.",
    )
