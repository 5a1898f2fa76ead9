"""Hidden tests for topic 06: timeouts and cancellation.

Everything runs on the virtual clock, so deadlines are exact. The fakes record, on a
Timeline, what was started, what finished, what was cancelled and when.
"""

import asyncio
import contextlib
import gc

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
    ApiSpy,
    collecting_only_new_garbage,
    destroyed_pending,
    loop_errors,
    wait_weakly_held,
)
from grader.inside.suite import called

PROMISES = {
    1: {
        "fod-returns-default-on-timeout": "fetch_or_default returns default when fetch() takes "
        "longer than seconds, at seconds, the fetch cancelled",
        "fod-returns-the-answer": "a fetch that answers in time gives its answer as it is, "
        "as soon as it comes (an empty answer too)",
        "fod-uses-asyncio-timeout": "the limit is set with async with asyncio.timeout(seconds)",
    },
    2: {
        "retries-fresh-timeout-each-attempt": "each call of fetch() gets seconds of its own; "
        "one that times out is cancelled and tried again; the first answer is returned",
        "retries-up-to-attempts-then-timeout-error": "at most attempts attempts, then TimeoutError",
        "retries-only-timeouts": "only a timeout is retried: any other error of fetch() "
        "reaches the caller at once",
        "retries-uses-wait-for": "each attempt is limited with asyncio.wait_for",
    },
    3: {
        "stop-all-cancels-and-waits-together": "stop_all cancels every task, then waits until "
        "all have finished, their cleanups overlapping",
        "stop-all-no-cancelled-error-escapes": "the tasks' CancelledError does not escape stop_all",
        "stop-all-counts-cancelled": "it returns how many tasks ended cancelled (not a "
        "finished one, nor one that refused; 0 for no tasks)",
    },
    4: {
        "use-connection-returns-work-result": "use_connection returns what await work(conn) "
        "returned, conn being the connection acquired",
        "use-connection-releases-after-success": "after the work succeeds, the connection is "
        "released exactly once, not before the work is over",
        "use-connection-releases-after-error": "after an error it is released exactly once "
        "and the error reaches the caller",
        "use-connection-releases-after-cancel": "after a cancellation it is released exactly "
        "once and the task still ends cancelled",
    },
    5: {
        "keep-polling-polls-every-interval": "keep_polling appends await probe() to log every "
        "interval seconds until cancelled",
        "keep-polling-logs-stopped": "once cancelled it appends 'stopped'",
        "keep-polling-stays-cancelled": "it re-raises the CancelledError: the task ends "
        "cancelled and an asyncio.timeout around it raises TimeoutError",
    },
    6: {
        "save-within-false-on-timeout": "save_within returns False after seconds when the "
        "save is slower, and the save still completes",
        "save-within-true-when-quick": "it returns True as soon as a quick save is done",
        "save-within-caller-cancel": "cancelled by its caller, it ends cancelled and the save "
        "still completes",
        "save-within-uses-shield": "the save is protected with asyncio.shield",
        "save-within-keeps-a-reference": "a reference to the save's task is kept until it is "
        "done, so gc.collect() cannot destroy it",
    },
    7: {
        "crawl-one-after-another": "crawl fetches the urls one after another",
        "crawl-one-budget": "the whole crawl gets one budget, not budget per page: a step may "
        "use what the steps before it left",
        "crawl-returns-pages-so-far": "when the budget runs out, the fetch in progress is "
        "cancelled and crawl returns the list of pages it got so far",
    },
}

# ---------------------------------------------------------------- helpers


def was_cancelled_from_outside() -> bool:
    """True when the test's own task is being cancelled (its hang guard fired)."""
    current = asyncio.current_task()
    return current is not None and current.cancelling() > 0


async def ends_within_a_minute(job: asyncio.Task, call: str, hint: str = "") -> None:
    """Wait for the cancelled ``job`` to end (a minute of loop time at most), then re-raise
    what it raised, if anything: the grader explains that (NotImplementedError...)."""
    scene = called(call)
    await asyncio.wait([job], timeout=60.0)
    if not job.done():
        scene.fail(
            _("It was still running a minute after it was cancelled.{hint}"),
            hint=" " + hint if hint else "",
        )
    if not job.cancelled() and job.exception() is not None:
        raise job.exception()


def outcome_of(job: asyncio.Task) -> str:
    """How a finished task ended, in words."""
    if not job.done():
        return _("was still running")
    if job.cancelled():
        return _("ended cancelled")
    if job.exception() is not None:
        return _("raised {error}").format(error=type(job.exception()).__name__)
    return _("returned {result}").format(result=show(job.result()))


def outcomes(timeline: Timeline) -> list[str]:
    return [span.outcome for span in timeline.spans]


# ---------------------------------------------------------------- Task 1

NOT_AVAILABLE = "".join(["n/", "a"])  # a str object of its own: the default itself comes back


@task(1, checks=("fod-returns-default-on-timeout",))
async def test_fetch_or_default_gives_up_on_time(topic):
    """fetch_or_default(fetch, 2.0, 'n/a'), fetch taking 5 s: 'n/a' at 2 s, the fetch cancelled."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=5.0, result=lambda: "page")
    call = _("{call}, the fetch taking 5 s").format(
        call=show_call("fetch_or_default", fetch, 2.0, "n/a")
    )
    scene = called(call, timeline)
    timeline.start_clock()
    with stopwatch() as watch:
        try:
            result = await topic.fetch_or_default(fetch, 2.0, NOT_AVAILABLE)
        except TimeoutError:
            scene.fail(
                _(
                    "It raised TimeoutError; expected it to return the default 'n/a': catch the "
                    "TimeoutError that asyncio.timeout raises when it leaves the block."
                )
            )
    scene.check(
        result is NOT_AVAILABLE,
        _("It returned {result}; expected the default 'n/a'."),
        draw=True,
        result=show(result),
    )
    expect_duration(
        watch.elapsed,
        at_least=2.0,
        under=2.01,
        call=call,
        expected=_("exactly 2 s: give up when the timeout expires."),
        timeline=timeline,
    )
    scene.check(
        outcomes(timeline) == ["cancelled"],
        _("The fetch should have been cancelled by the timeout."),
        draw=True,
    )


@task(1, checks=("fod-returns-the-answer",))
async def test_fetch_or_default_returns_a_quick_answer(topic):
    """fetch_or_default(fetch, 2.0, 'n/a'), the fetch answering at 0.5 s: its answer ('' too)."""
    for answer in ("page", ""):
        timeline = Timeline()
        fetch = timeline.fake("fetch", seconds=0.5, result=lambda answer=answer: answer)
        call = show_call("fetch_or_default", fetch, 2.0, "n/a")
        with stopwatch() as watch:
            result = await topic.fetch_or_default(fetch, 2.0, "n/a")
        expect_result(
            result,
            answer,
            call=_("{call} with a fetch that answers {answer} after 0.5 s").format(
                call=call, answer=show(answer)
            ),
            meaning=_("the answer as it is: only a timeout gives the default, not a falsy answer"),
        )
        expect_duration(
            watch.elapsed,
            at_least=0.5,
            under=0.51,
            call=_("{call}, the fetch taking 0.5 s").format(call=call),
            expected=_("0.5 s: return as soon as the fetch answers."),
            timeline=timeline,
        )


@task(1, checks=("fod-uses-asyncio-timeout",))
async def test_fetch_or_default_uses_asyncio_timeout(topic, monkeypatch):
    """fetch_or_default limits the fetch with asyncio.timeout (the subject of this task)."""
    spy = ApiSpy(monkeypatch, topic.module, "timeout", "timeout_at")
    fetch = Timeline().fake("fetch", seconds=5.0, result=lambda: "page")
    with contextlib.suppress(TimeoutError):  # the other tests of task 1 explain that one
        await topic.fetch_or_default(fetch, 2.0, "n/a")
    check(
        spy.used(),
        _(
            "fetch_or_default gave up at the right time, but not with asyncio.timeout, which this "
            "task is about. Write `async with asyncio.timeout(seconds):` around the await."
        ),
    )


# ---------------------------------------------------------------- Task 2


def flaky_fetch(timeline: Timeline, delays: list[float]):
    """A fetch whose n-th call takes delays[n] seconds and answers f'answer {n + 1}'."""
    calls = []

    async def fetch():
        calls.append(None)
        number = len(calls)
        delay = delays[min(number, len(delays)) - 1]
        async with timeline.span(f"attempt {number} ({delay:g} s)"):
            await asyncio.sleep(delay)
        return f"answer {number}"

    fetch.calls = calls
    return fetch


@task(2, checks=("retries-fresh-timeout-each-attempt",))
async def test_fetch_with_retries_retries_slow_attempts(topic):
    """fetch_with_retries(fetch, 1.0, 3), attempts of 3, 3, 0.5 s: the third answer at 2.5 s."""
    timeline = Timeline()
    fetch = flaky_fetch(timeline, [3.0, 3.0, 0.5])
    call = _("{call}, the attempts taking 3 s, 3 s and 0.5 s").format(
        call=show_call("fetch_with_retries", fetch, 1.0, 3)
    )
    scene = called(call, timeline)
    timeline.start_clock()
    with stopwatch() as watch:
        try:
            result = await topic.fetch_with_retries(fetch, 1.0, 3)
        except TimeoutError:
            scene.fail(
                _(
                    "It raised TimeoutError after the first timeout; expected it to try again, up "
                    "to 3 attempts."
                ),
                draw=True,
            )
    scene.check(
        same(result, "answer 3"),
        _(
            "It returned {result}; expected 'answer 3' (the first two attempts time out after 1 s "
            "each)."
        ),
        draw=True,
        result=show(result),
    )
    scene.check(
        outcomes(timeline) == ["cancelled", "cancelled", "done"],
        _(
            "Expected attempts 1 and 2 cancelled by their timeout and attempt 3 done; the attempts "
            "ended {outcomes}."
        ),
        draw=True,
        outcomes=outcomes(timeline),
    )
    expect_duration(
        watch.elapsed,
        at_least=2.5,
        under=2.51,
        call=call,
        expected=_("2.5 s: 1 s, 1 s, then 0.5 s for the attempt that answers."),
        timeline=timeline,
    )


@task(2, checks=("retries-up-to-attempts-then-timeout-error",))
async def test_fetch_with_retries_gives_up_with_timeout_error(topic):
    """fetch_with_retries(fetch, 1.0, 3), no attempt ever answering: TimeoutError at 3 s."""
    timeline = Timeline()
    fetch = flaky_fetch(timeline, [60.0])
    call = _("{call}, every attempt taking 60 s").format(
        call=show_call("fetch_with_retries", fetch, 1.0, 3)
    )
    scene = called(call, timeline)
    timeline.start_clock()
    with stopwatch() as watch:
        try:
            result = await topic.fetch_with_retries(fetch, 1.0, 3)
        except TimeoutError:
            pass
        else:
            scene.fail(
                _("It returned {result}; expected it to raise TimeoutError after 3 attempts."),
                draw=True,
                result=show(result),
            )
    scene.check(
        len(fetch.calls) == 3,
        _("It made {count} attempt(s); expected exactly 3."),
        draw=True,
        count=len(fetch.calls),
    )
    scene.check(
        all(outcome == "cancelled" for outcome in outcomes(timeline)),
        _("Every attempt that timed out should have been cancelled."),
        draw=True,
    )
    expect_duration(
        watch.elapsed,
        at_least=3.0,
        under=3.01,
        call=call,
        expected=_("3 s: three attempts of 1 s each."),
        timeline=timeline,
    )


BAD_URL = "bad url"


@task(2, checks=("retries-only-timeouts",))
async def test_fetch_with_retries_lets_other_errors_out(topic):
    """fetch_with_retries(fetch, 1.0, 3), the first attempt raising ValueError: it raises it."""
    error = ValueError(BAD_URL)
    calls = []

    async def fetch():
        calls.append(None)
        await asyncio.sleep(0.1)
        if len(calls) == 1:
            raise error
        return f"answer {len(calls)}"

    scene = called(
        _("{call}, the first attempt raising ValueError('bad url') after 0.1 s").format(
            call=show_call("fetch_with_retries", fetch, 1.0, 3)
        )
    )
    try:
        result = await topic.fetch_with_retries(fetch, 1.0, 3)
    except ValueError as raised:
        scene.check(
            raised is error,
            _("It raised {raised}, another ValueError."),
            raised=show(raised),
        )
    else:
        scene.fail(
            _(
                "It returned {result} after {count} attempts; expected the ValueError to reach the "
                "caller at once: only a timeout is retried (catch TimeoutError, not Exception)."
            ),
            result=show(result),
            count=len(calls),
        )
    scene.check(
        len(calls) == 1,
        _("It made {count} attempts; expected 1: an error that is not a timeout is not retried."),
        count=len(calls),
    )


@task(2, checks=("retries-uses-wait-for",))
async def test_fetch_with_retries_uses_wait_for(topic, monkeypatch):
    """fetch_with_retries limits each attempt with asyncio.wait_for (the subject of this task)."""
    spy = ApiSpy(monkeypatch, topic.module, "wait_for")
    await topic.fetch_with_retries(flaky_fetch(Timeline(), [3.0, 0.5]), 1.0, 3)
    check(
        spy.calls["wait_for"] >= 2,
        _(
            "fetch_with_retries called asyncio.wait_for {count} time(s) for two attempts. This "
            "task is about wait_for: write `await asyncio.wait_for(fetch(), seconds)` for each "
            "attempt."
        ),
        count=spy.calls["wait_for"],
    )


# ---------------------------------------------------------------- Task 3


async def cleans_up_when_cancelled(timeline: Timeline, name: str, cleanup: float = 1.0):
    """A worker that waits forever; cancelled, it spends ``cleanup`` s cleaning up."""
    try:
        await asyncio.sleep(3600)
    finally:
        async with timeline.span(f"{name} cleanup"):
            await asyncio.sleep(cleanup)


async def refuses_to_stop(timeline: Timeline, name: str):
    """A worker that catches the cancellation and returns normally (cancel is a request)."""
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        async with timeline.span(f"{name} cleanup"):
            await asyncio.sleep(0.5)
        return "refused"


async def call_stop_all(topic, tasks, call, timeline):
    """Await stop_all(tasks), turning an escaped CancelledError into a plain message."""
    scene = called(call, timeline)
    try:
        return await topic.stop_all(tasks)
    except asyncio.CancelledError:
        if was_cancelled_from_outside():
            raise
        scene.fail(
            _(
                "It raised CancelledError: awaiting a task that ended cancelled raises "
                "CancelledError in the awaiter. Catch it, or wait with asyncio.gather(*tasks, "
                "return_exceptions=True) or asyncio.wait(tasks)."
            ),
            draw=True,
        )


def states_of(workers) -> dict[str, str]:
    return {job.get_name(): outcome_of(job) for job in workers}


@task(3, checks=("stop-all-cancels-and-waits-together", "stop-all-no-cancelled-error-escapes"))
async def test_stop_all_waits_for_every_cleanup(topic):
    """stop_all(3 workers) cancels them all and returns once their 1 s cleanups are done, at 1 s."""
    timeline = Timeline()
    workers = [
        asyncio.create_task(cleans_up_when_cancelled(timeline, f"w{n}"), name=f"w{n}")
        for n in (1, 2, 3)
    ]
    await asyncio.sleep(0.5)  # let them all start waiting
    timeline.start_clock()
    call = "stop_all([w1, w2, w3])"
    scene = called(call, timeline)
    with stopwatch() as watch:
        count = await call_stop_all(topic, workers, call, timeline)
    states = states_of(workers)
    scene.check(
        any(job.done() or job.cancelling() for job in workers),
        _("None of the workers was cancelled: call task.cancel() on each. They are: {states}."),
        states=states,
    )
    scene.check(
        timeline.spans,
        _(
            "It returned before the workers had even started to clean up ({states}). cancel() only "
            "asks: the task stops at its next chance. Await the tasks after cancelling them, so "
            "that stop_all returns when they have finished."
        ),
        states=states,
    )
    scene.check(
        all(job.done() for job in workers) and len(timeline.finished) == 3,
        _(
            "It returned while the workers were still cleaning up ({states}). cancel() only asks: "
            "await the tasks after cancelling them, so that stop_all returns when they have really "
            "finished."
        ),
        states=states,
        draw=True,
    )
    scene.check(
        all(job.cancelled() for job in workers),
        _("Expected every worker to end cancelled; they ended: {states}."),
        states=states,
    )
    expect_duration(
        watch.elapsed,
        at_least=1.0,
        under=1.01,
        call=_("{call}, each worker taking 1 s to clean up").format(call=call),
        expected=_("1 s: cancel them all first, then wait for all, so the cleanups overlap."),
        timeline=timeline,
    )
    scene.check(
        same(count, 3),
        _("All three ended cancelled, but it returned {count}; expected 3."),
        count=show(count),
    )


@task(3, checks=("stop-all-counts-cancelled",))
async def test_stop_all_counts_only_cancelled_tasks(topic):
    """stop_all counts only tasks that ended cancelled: not a finished one, nor one that refused."""
    timeline = Timeline()

    async def quick():
        return "finished"

    workers = [
        asyncio.create_task(cleans_up_when_cancelled(timeline, "w1", 0.2), name="w1"),
        asyncio.create_task(quick(), name="quick"),
        asyncio.create_task(refuses_to_stop(timeline, "stubborn"), name="stubborn"),
        asyncio.create_task(cleans_up_when_cancelled(timeline, "w2", 0.3), name="w2"),
    ]
    await asyncio.sleep(0.5)  # quick has finished; the others are waiting
    timeline.start_clock()
    call = "stop_all([w1, quick, stubborn, w2])"
    scene = called(call, timeline)
    count = await call_stop_all(topic, workers, call, timeline)
    states = states_of(workers)
    scene.check(
        all(job.done() for job in workers),
        _(
            "It returned before every task had finished: {states}. After cancelling them, wait for "
            "them."
        ),
        states=states,
    )
    scene.check(
        same(count, 2),
        _(
            "The tasks ended: {states}. It returned {count}; expected 2: only w1 and w2 ended "
            "cancelled (task.cancelled() is true only for those). quick had already finished, and "
            "stubborn caught the cancellation and returned."
        ),
        states=states,
        count=show(count),
    )


@task(3, checks=("stop-all-counts-cancelled",))
async def test_stop_all_of_no_tasks(topic):
    """stop_all([]) returns 0 at once."""
    try:
        count = await topic.stop_all([])
    except ValueError as error:
        fail(
            _(
                "Called stop_all([]). It raised ValueError: {error}. asyncio.wait refuses an empty "
                "set: with no tasks there is nothing to wait for (gather() of nothing is fine), "
                "and the answer is 0."
            ),
            error=error,
        )
    expect_result(count, 0, call="stop_all([])")


# ---------------------------------------------------------------- Task 4


class FakePool:
    """A pool whose connections are numbered; it records every acquire and release."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self.lent = []
        self.released = []

    async def acquire(self):
        async with self.timeline.span("acquire"):
            await asyncio.sleep(0.1)
        conn = f"conn-{len(self.lent) + 1}"
        self.lent.append(conn)
        return conn

    async def release(self, conn):
        async with self.timeline.span(f"release({conn})"):
            await asyncio.sleep(0.1)
        self.released.append(conn)


def released_once_after(pool: FakePool, timeline: Timeline, work_label: str, call: str, hint=""):
    """Fail unless the connection went back once, and only once the work was over."""
    scene = called(call, timeline)
    scene.check(
        pool.released == ["conn-1"],
        _("The pool got back {released}; expected ['conn-1'], once.{hint}"),
        released=show(pool.released),
        hint=" " + hint if hint else "",
        draw=True,
    )
    work = next((span for span in timeline.spans if span.label.startswith(work_label)), None)
    release = next((span for span in timeline.spans if span.label.startswith("release")), None)
    if work is None or release is None or work.end is None:
        return
    scene.check(
        release.start >= work.end,
        _(
            "The connection was released at {released} s, while the work was still using it (it "
            "ended at {ended} s): release it only once the work is over."
        ),
        released=f"{release.start:.1f}",
        ended=f"{work.end:.1f}",
        draw=True,
    )


def pool_and_work(seconds: float, error: Exception | None = None):
    """A pool, and a work(conn) that uses the connection ``seconds``, then returns or raises."""
    timeline = Timeline()

    async def work(conn):
        async with timeline.span(f"work({conn})"):
            await asyncio.sleep(seconds)
        if error is not None:
            raise error
        return f"used {conn}"

    return FakePool(timeline), work, timeline


@task(4, checks=("use-connection-returns-work-result",))
async def test_use_connection_returns_what_work_returned(topic):
    """use_connection(pool, work) returns what work(conn) returned: 'used conn-1'."""
    pool, work, _timeline = pool_and_work(1.0)
    result = await topic.use_connection(pool, work)
    expect_result(
        result,
        "used conn-1",
        call=_("use_connection(pool, work), where work(conn) returns f'used {conn}'"),
        meaning=_("what work(conn) returned, with the connection from pool.acquire()"),
    )


@task(4, checks=("use-connection-releases-after-success",))
async def test_use_connection_releases_after_success(topic):
    """use_connection(pool, work), work succeeding after 1 s: released once, after the work."""
    pool, work, timeline = pool_and_work(1.0)
    await topic.use_connection(pool, work)
    call = _("use_connection(pool, work), work succeeding after 1 s")
    released_once_after(pool, timeline, "work", call)


BAD_QUERY = "bad query"


@task(4, checks=("use-connection-releases-after-error",))
async def test_use_connection_releases_after_an_error(topic):
    """use_connection(pool, failing_work): released once, and the ValueError reaches the caller."""
    pool, work, timeline = pool_and_work(0.5, ValueError(BAD_QUERY))
    call = _("use_connection(pool, work), where the work raises ValueError('bad query')")
    scene = called(call)
    try:
        result = await topic.use_connection(pool, work)
    except ValueError:
        pass
    else:
        scene.fail(
            _(
                "It returned {result}; expected the ValueError to reach the caller after the "
                "connection is released."
            ),
            result=show(result),
        )
    hint = _(
        "Release the connection in a `finally:` block, so it happens whether or not the work fails."
    )
    released_once_after(pool, timeline, "work", call, hint)


@task(4, checks=("use-connection-releases-after-cancel",))
async def test_use_connection_releases_when_cancelled(topic):
    """use_connection cancelled during work releases the connection and still ends cancelled."""
    pool, work, timeline = pool_and_work(10.0)
    call = _("use_connection(pool, work), cancelled 1 s in while work(conn) was running")
    scene = called(call)
    job = asyncio.create_task(topic.use_connection(pool, work))
    await asyncio.sleep(1.0)
    job.cancel()
    await ends_within_a_minute(job, call)
    hint = _(
        "The release was skipped when the work was cancelled: release in a `finally:` block "
        "(CancelledError is not an Exception, so `except Exception:` does not see it)."
    )
    released_once_after(pool, timeline, "work", call, hint if not pool.released else "")
    scene.check(
        job.cancelled(),
        _(
            "The task {outcome} instead of ending cancelled: after releasing, let the "
            "CancelledError go on (a `finally:` block does that by itself)."
        ),
        outcome=outcome_of(job),
    )


# ---------------------------------------------------------------- Task 5


@task(
    5,
    checks=(
        "keep-polling-polls-every-interval",
        "keep-polling-logs-stopped",
        "keep-polling-stays-cancelled",
    ),
)
async def test_keep_polling_stays_cancelled(topic):
    """keep_polling cancelled at 2.5 s has polled 3 times, logs 'stopped' and ends cancelled."""
    probe = Timeline().fake("probe", seconds=0.0, result=lambda: "ok")
    log = []
    call = _("keep_polling(probe, 1.0, log) as a task, cancelled at 2.5 s")
    scene = called(call)
    job = asyncio.create_task(topic.keep_polling(probe, 1.0, log))
    await asyncio.sleep(2.5)
    job.cancel()
    await ends_within_a_minute(
        job, call, _("It ignores cancellation: let the CancelledError end it.")
    )
    scene.check(
        log == ["ok", "ok", "ok", "stopped"],
        _(
            "The log is {log}; expected ['ok', 'ok', 'ok', 'stopped']: polls at 0, 1 and 2 s, then "
            "'stopped' when cancelled."
        ),
        log=show(log),
    )
    scene.check(
        job.cancelled(),
        _(
            "The task {outcome} instead of ending cancelled: the CancelledError was swallowed. "
            "After logging 'stopped', re-raise it (`raise`)."
        ),
        outcome=outcome_of(job),
    )


@task(5, checks=("keep-polling-stays-cancelled",))
async def test_keep_polling_lets_a_timeout_fire(topic):
    """asyncio.timeout(2.5) around keep_polling raises TimeoutError at 2.5 s."""
    probe = Timeline().fake("probe", seconds=0.0, result=lambda: "ok")
    log = []
    with stopwatch() as watch:
        try:
            async with asyncio.timeout(2.5):
                result = await topic.keep_polling(probe, 1.0, log)
        except TimeoutError:
            pass
        else:
            fail(
                _(
                    "Ran `async with asyncio.timeout(2.5): await keep_polling(probe, 1.0, log)`. "
                    "keep_polling returned {result} at {seconds} s, so the timeout never raised "
                    "TimeoutError and the caller cannot tell it was cut short. asyncio.timeout "
                    "works by cancelling: swallowing the CancelledError breaks it. Re-raise it "
                    "after logging."
                ),
                result=show(result),
                seconds=f"{watch.elapsed:.2f}",
            )
    expect_duration(
        watch.elapsed,
        at_least=2.5,
        under=2.51,
        call=_("keep_polling(probe, 1.0, log) under asyncio.timeout(2.5)"),
        expected=_("2.5 s: stop when the timeout cancels it."),
    )
    check(
        log[-1:] == ["stopped"],
        _(
            "keep_polling was stopped by a timeout, but its log ends {log}; expected it to end "
            "with 'stopped'."
        ),
        log=show(log[-2:]),
    )


# ---------------------------------------------------------------- Task 6


def slow_save(timeline: Timeline, seconds: float, weakly_held: bool = False):
    """A save that takes ``seconds`` and records what it stored; ``weakly_held``, it waits
    for a signal the loop holds only weakly (only a reference to its task keeps it alive)."""
    stored = []

    async def save(record):
        async with timeline.span(f"save({record!r})"):
            await (wait_weakly_held(seconds) if weakly_held else asyncio.sleep(seconds))
        stored.append(record)

    save.stored = stored
    return save


def expect_saved(save, record: str, call: str, timeline: Timeline) -> None:
    """Fail unless the save stored ``record``, saying how it went otherwise."""
    if save.stored == [record]:
        return
    scene = called(call, timeline)
    scene.check(timeline.spans, _("save(record) was never called."))
    if outcomes(timeline)[0] == "cancelled":
        message = _(
            "The save was cancelled halfway: the cancel that ended the wait reached the save too. "
            "Wait on asyncio.shield(task) instead of the task itself."
        )
    else:
        message = _("The save did not finish.")
    scene.fail(message, draw=True)


@task(6, checks=("save-within-false-on-timeout",))
async def test_save_within_gives_up_waiting_but_saves(topic):
    """save_within(save, 'r1', 0.5), the save taking 2 s: False at 0.5 s, the save done at 2 s."""
    timeline = Timeline()
    save = slow_save(timeline, 2.0)
    call = _("{call}, the save taking 2 s").format(call=show_call("save_within", save, "r1", 0.5))
    scene = called(call, timeline)
    timeline.start_clock()
    with stopwatch() as watch:
        try:
            result = await topic.save_within(save, "r1", 0.5)
        except TimeoutError:
            scene.fail(_("It raised TimeoutError; expected it to return False."))
    scene.check(
        result is False,
        _("It returned {result}; expected False (not saved in time)."),
        result=show(result),
    )
    expect_duration(
        watch.elapsed,
        at_least=0.5,
        under=0.51,
        call=call,
        expected=_("0.5 s: stop waiting when the patience runs out."),
        timeline=timeline,
    )
    await asyncio.sleep(2.0)
    expect_saved(save, "r1", call, timeline)


@task(6, checks=("save-within-true-when-quick",))
async def test_save_within_reports_a_quick_save(topic):
    """save_within(save, 'r2', 1.0) with a 0.3 s save returns True at 0.3 s."""
    timeline = Timeline()
    save = slow_save(timeline, 0.3)
    call = _("{call}, the save taking 0.3 s").format(call=show_call("save_within", save, "r2", 1.0))
    scene = called(call, timeline)
    with stopwatch() as watch:
        result = await topic.save_within(save, "r2", 1.0)
    scene.check(
        result is True and save.stored == ["r2"],
        _("It returned {result} and saved {stored}; expected True and ['r2']."),
        result=show(result),
        stored=show(save.stored),
    )
    expect_duration(
        watch.elapsed,
        at_least=0.3,
        under=0.31,
        call=call,
        expected=_("0.3 s: return as soon as the save is done."),
        timeline=timeline,
    )


@task(6, checks=("save-within-caller-cancel",))
async def test_save_within_survives_its_caller_being_cancelled(topic):
    """save_within(save, 'r3', 10.0) cancelled at 0.5 s ends cancelled; the 2 s save completes."""
    timeline = Timeline()
    save = slow_save(timeline, 2.0)
    call = _("{call} as a task, cancelled at 0.5 s").format(
        call=show_call("save_within", save, "r3", 10.0)
    )
    scene = called(call, timeline)
    timeline.start_clock()
    job = asyncio.create_task(topic.save_within(save, "r3", 10.0))
    await asyncio.sleep(0.5)
    job.cancel()
    await ends_within_a_minute(job, call)
    scene.check(
        job.cancelled(),
        _(
            "The task {outcome} instead of ending cancelled: let the CancelledError reach your "
            "caller (only the save is protected, not the wait)."
        ),
        outcome=outcome_of(job),
    )
    await asyncio.sleep(2.0)
    expect_saved(save, "r3", call, timeline)


@task(6, checks=("save-within-keeps-a-reference",))
async def test_save_within_keeps_the_save_alive(topic):
    """save_within(save, 'r5', 0.5), then gc.collect(): the 2 s save still completes."""
    timeline = Timeline()
    save = slow_save(timeline, 2.0, weakly_held=True)
    call = _("{call}, the save taking 2 s").format(call=show_call("save_within", save, "r5", 0.5))
    scene = called(call, timeline)
    with collecting_only_new_garbage(), loop_errors() as errors:
        result = await topic.save_within(save, "r5", 0.5)
        gc.collect()
        await asyncio.sleep(2.5)
    scene.check(
        result is False,
        _("It returned {result}; expected False."),
        result=show(result),
    )
    lost = _(": asyncio reported 'Task was destroyed but it is pending!'")
    check(
        save.stored == ["r5"],
        _(
            "Called {call}, then gc.collect(). The save never completed{lost}. Once save_within "
            "has returned, nothing referenced the save's task (the loop only keeps a weak "
            "reference), so the garbage collector threw it away mid-save. Create the task yourself "
            "and keep it, in a module-level set, until it is done "
            "(task.add_done_callback(the_set.discard)).\n{timeline}"
        ),
        call=call,
        lost=lost if destroyed_pending(errors) else "",
        timeline=timeline.render(),
    )


@task(6, checks=("save-within-uses-shield",))
async def test_save_within_uses_shield(topic, monkeypatch):
    """save_within protects the save with asyncio.shield (the subject of this task)."""
    spy = ApiSpy(monkeypatch, topic.module, "shield")
    await topic.save_within(slow_save(Timeline(), 2.0), "r4", 0.5)
    await asyncio.sleep(2.0)
    check(
        spy.used(),
        _(
            "save_within kept the save going, but not with asyncio.shield, which this task is "
            "about. Wait on `asyncio.shield(task)`."
        ),
    )


# ---------------------------------------------------------------- Task 7


async def crawl(topic, delays: dict, budget: float, setting: str):
    """crawl over ``delays``' urls, each fetch taking its delay, one at a time: the pages, a
    scene, the time taken and the call (``setting`` holds it)."""
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=delays.get, result=lambda url: f"<{url}>")
    call = setting.format(call=show_call("crawl", fetch, list(delays), budget))
    scene = called(call, timeline)
    timeline.start_clock()
    with stopwatch() as watch:
        try:
            pages = await topic.crawl(fetch, list(delays), budget)
        except TimeoutError:
            scene.fail(
                _(
                    "It raised TimeoutError; expected it to return the pages fetched before the "
                    "budget ran out."
                ),
                draw=True,
            )
    scene.check(
        timeline.peak == 1,
        _("{peak} fetches ran at once; this crawler is polite: fetch one url after another."),
        peak=timeline.peak,
        draw=True,
    )
    return pages, scene, watch.elapsed, call


@task(7, checks=("crawl-one-budget", "crawl-returns-pages-so-far", "crawl-one-after-another"))
async def test_crawl_shares_one_budget(topic):
    """crawl(fetch, 5 urls of 0.4 s, 1.0) returns 2 pages at 1 s; the third fetch is cancelled."""
    delays = dict.fromkeys("abcde", 0.4)
    pages, scene, elapsed, call = await crawl(
        topic, delays, 1.0, _("{call}, each fetch taking 0.4 s")
    )
    timeline = scene.timeline
    scene.check(
        elapsed <= 1.0 + 1e-6 or len(timeline.finished) <= 2,
        _(
            "It ran for {seconds} s and fetched {count} pages: each fetch got a fresh timeout of "
            "its own. The 1 s budget is for the whole crawl: one asyncio.timeout around the loop, "
            "or a deadline that every step shares."
        ),
        seconds=f"{elapsed:.2f}",
        count=len(timeline.finished),
        draw=True,
    )
    scene.check(
        same(pages, ["<a>", "<b>"]),
        _(
            "It returned {pages} ({type}); expected the list ['<a>', '<b>']: two fetches fit in 1 "
            "s, and the third is cut off."
        ),
        pages=show(pages),
        type=type(pages).__name__,
        draw=True,
    )
    expect_duration(
        elapsed,
        at_least=1.0,
        under=1.01,
        call=call,
        expected=_("exactly 1 s: the budget for the whole crawl."),
        timeline=timeline,
    )
    scene.check(
        outcomes(timeline) == ["done", "done", "cancelled"],
        _(
            "Expected fetch('a') and fetch('b') done, fetch('c') cancelled when the budget ran "
            "out, and nothing started after it."
        ),
        draw=True,
    )


@task(7, checks=("crawl-one-budget", "crawl-one-after-another"))
async def test_crawl_spends_the_budget_where_needed(topic):
    """crawl(fetch, ['a', 'b'], 1.2) with fetches of 0.2 s and 0.9 s returns both pages at 1.1 s."""
    pages, scene, elapsed, call = await crawl(
        topic, {"a": 0.2, "b": 0.9}, 1.2, _("{call}, the fetches taking 0.2 s and 0.9 s")
    )
    scene.check(
        list(pages) == ["<a>", "<b>"],
        _(
            "It returned {pages}; expected ['<a>', '<b>']: together they take 1.1 s, within the "
            "1.2 s budget. (Splitting the budget evenly gives each only 0.6 s: a step may use "
            "whatever the steps before it left.)"
        ),
        pages=show(pages),
        draw=True,
    )
    expect_duration(
        elapsed,
        at_least=1.1,
        under=1.11,
        call=call,
        expected=_("1.1 s: one fetch after the other, both within the budget."),
        timeline=scene.timeline,
    )
