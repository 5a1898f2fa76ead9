"""Hidden tests for topic 09: queues."""

import asyncio
import queue as thread_queue
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from blockbuster import BlockingError

from grader import (
    Timeline,
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

PROMISES = {
    1: {
        "consume-task-done-once-per-item": "consume handles every item and calls task_done() once",
        "consume-task-done-after-handling": "task_done() comes after the item has been handled",
        "consume-waits-for-more": "it runs forever, waiting on the queue for the next item",
        "consume-lets-cancellation-through": "cancelled, it stops: the cancellation goes through",
    },
    2: {
        "pipeline-overlaps": "the producer and the consumer run at the same time",
        "pipeline-bounded-asyncio-queue": "items pass an asyncio.Queue of maxsize: backpressure",
        "pipeline-results-in-item-order": "it returns a list of handle's results in item order",
        "pipeline-passes-any-value": "whatever fetch gives is handled, None, 0 and '' included",
        "pipeline-stops-consumer": "the consumer is stopped: no task is left pending",
    },
    3: {
        "pool-at-most-workers": "never more than `workers` jobs at once",
        "pool-workers-all-busy": "all the workers take jobs at the same time (10 x 1 s on 3: 4 s)",
        "pool-results-in-job-order": "it returns a list of results in job order, duplicates too",
        "pool-stops-workers": "when it returns, every worker task has finished",
    },
    4: {
        "triage-most-urgent-first": "the free worker takes the lowest priority number waiting",
        "triage-only-arrived-jobs": "it chooses only among jobs that have arrived",
        "triage-equal-priority-fifo": "among equal priorities, the job that came first",
        "triage-never-compares-jobs": "two jobs are never compared (dicts work)",
        "triage-simultaneous-arrivals": "jobs arriving in one instant are all choices at once",
        "triage-one-at-a-time": "one worker handles one job at a time",
        "triage-results-in-handled-order": "it returns a list of results in the order handled",
        "triage-stops-worker": "no task is left pending when it returns",
    },
    5: {
        "drain-shuts-down-the-queue": "drain calls queue.shutdown(); workers end on QueueShutDown",
        "drain-keeps-waiting-jobs": "jobs already queued are still handled after shutdown()",
        "drain-workers-share-the-jobs": "the workers run at the same time and share the jobs",
        "drain-returns-counts": "it returns a list of each worker's count of jobs handled",
    },
}

NEEDS_313 = pytest.mark.skipif(
    sys.version_info < (3, 13),
    reason=(
        "Queue.shutdown and QueueShutDown arrived in Python 3.13; this is Python "
        f"{sys.version_info[0]}.{sys.version_info[1]}, so task 5 is skipped and not counted."
    ),
)

LIMIT = 60.0  # seconds of loop time (virtual, so free) before a call counts as hung


# ---------------------------------------------------------------------------------------
# Helpers: watching queues and the tasks the learner's code leaves behind.


class WatchedQueue(asyncio.Queue):
    """An asyncio.Queue that counts what is taken from it and what is marked done."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = 0
        self.marked_done = 0
        self.shut_down = False

    def get_nowait(self):  # get() ends in get_nowait() too
        item = super().get_nowait()
        self.taken += 1
        return item

    def task_done(self):
        self.marked_done += 1
        super().task_done()

    def shutdown(self, *args, **kwargs):
        self.shut_down = True
        super().shutdown(*args, **kwargs)


def watch_queues(monkeypatch, module):
    """Make every ``asyncio.Queue()`` the learner's code creates a WatchedQueue; list them."""
    made = []
    real_queue = asyncio.Queue

    class RecordedQueue(WatchedQueue):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(asyncio, "Queue", RecordedQueue)
    if getattr(module, "Queue", None) is real_queue:
        monkeypatch.setattr(module, "Queue", RecordedQueue)
    return made


@dataclass
class Run:
    """What one call of the learner's function gave, and which of its tasks outlived it."""

    result: object = None
    leftover: list = field(default_factory=list)  # (coroutine name, cancel requested)


def blocked_in_thread_queue(error):
    """True when ``error`` holds a BlockingError raised inside the threading queue module."""
    if isinstance(error, BaseExceptionGroup):
        return any(blocked_in_thread_queue(inner) for inner in error.exceptions)
    if not isinstance(error, BlockingError):
        return False
    where = {Path(frame.filename) for frame in traceback.extract_tb(error.__traceback__)}
    return Path(thread_queue.__file__) in where


def _pending_since(before):
    return [t for t in asyncio.all_tasks() - before if not t.done()]


async def _stop(tasks):
    for leftover in tasks:
        leftover.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=1.0)


def _coroutine_name(a_task):
    coroutine = a_task.get_coro()
    return getattr(coroutine, "__qualname__", None) or a_task.get_name()


async def run_watched(call, coroutine, *, hint="", timeline=None):
    """Await the learner's coroutine with a limit; note (then stop) tasks it left running."""
    before = asyncio.all_tasks()
    deadline = asyncio.timeout(LIMIT)
    hung = False
    try:
        async with deadline:
            result = await coroutine
    except TimeoutError:
        if not deadline.expired():
            raise
        hung = True
    except Exception as raised:
        if blocked_in_thread_queue(raised):
            await _stop(_pending_since(before))
            fail(
                f"Called {call}. It used queue.Queue, the queue for threads: its get() and "
                "put() block the whole thread while they wait, which freezes the event loop "
                "and every task on it. Use asyncio.Queue, whose get() and put() you await."
            )
        raise
    if hung:
        await _stop(_pending_since(before))
        lines = [
            f"Called {call}. It had not returned after {LIMIT:g} s of loop time: it waits "
            "for something that never happens.",
        ]
        if hint:
            lines.append(hint)
        if timeline is not None:
            lines.append(timeline.render())
        fail("\n".join(lines))
    pending = _pending_since(before)
    leftover = [(_coroutine_name(t), t.cancelling() > 0) for t in pending]
    await _stop(pending)
    return Run(result, leftover)


def check_nothing_left(call, run):
    """Fail, naming the mistake, when the call returned while tasks it started still ran."""
    if not run.leftover:
        return
    names = ", ".join(sorted({name for name, _ in run.leftover}))
    count = len(run.leftover)
    if all(cancel_requested for _, cancel_requested in run.leftover):
        fail(
            f"Called {call}. When it returned, {count} task(s) it started ({names}) had been "
            "cancelled but had not finished yet: cancel() only asks a task to stop. Await "
            "them after cancelling, for example "
            "`await asyncio.gather(*workers, return_exceptions=True)`, so that they have "
            "really stopped before you return."
        )
    fail(
        f"Called {call}. When it returned, {count} task(s) it started ({names}) were still "
        "running, waiting for items that will never come: the workers were never stopped. "
        "After `await queue.join()`, cancel them and await them, or put one sentinel per "
        "worker so that each one returns."
    )


def results_order_check(call, results, expected):
    """Fail with a precise message when the results differ from ``expected``."""
    if (
        isinstance(results, list | tuple)
        and not same(list(results), expected)
        and sorted(map(str, results)) == sorted(map(str, expected))
    ):
        fail(
            f"Called {call}. It returned {show(results)}: the right results, in the order the "
            f"jobs finished; expected them in the order of the input: {show(expected)}."
        )
    expect_result(results, expected, call=call)


def check_a_list(call, results):
    """Fail unless ``results`` is exactly a list."""
    check(
        type(results) is list,
        f"Called {call}. It returned {show(results)} (a {type(results).__name__}); expected a "
        "list.",
    )


# ---------------------------------------------------------------------------------------
# Task 1: consume


async def join_or_explain(queue, worker, call, timeline):
    """``await queue.join()``; if it hangs, say why in terms of task_done."""
    deadline = asyncio.timeout(30.0)
    try:
        async with deadline:
            await queue.join()
    except TimeoutError:
        if not deadline.expired():
            raise
        if worker.done() and not worker.cancelled() and worker.exception() is not None:
            raise worker.exception() from None
        worker.cancel()
        await asyncio.wait([worker], timeout=1.0)
        if queue.marked_done == 0:
            why = (
                f"consume took {queue.taken} item(s) and never called queue.task_done(). "
                "join() waits until task_done() has been called once for every item that was "
                "put: call it after handling each item."
            )
        else:
            why = (
                f"consume took {queue.taken} item(s) but called queue.task_done() only "
                f"{queue.marked_done} time(s): call it once for every item, after handling it."
            )
        fail(
            f"Started {call} as a task with items in the queue; queue.join() never returned. "
            f"{why}\n" + timeline.render()
        )


@task(1, checks=("consume-task-done-once-per-item", "consume-task-done-after-handling"))
async def test_consume_marks_each_item_done_after_handling_it(topic):
    """consume(queue, handle) handles 3 items in order; join() returns once all are handled."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0)
    queue = WatchedQueue()
    for item in ("a", "b", "c"):
        queue.put_nowait(item)
    call = "consume(queue, handle)"
    timeline.start_clock()
    worker = asyncio.create_task(topic.consume(queue, handle))
    try:
        with stopwatch() as watch:
            await join_or_explain(queue, worker, call, timeline)
        handled = [span.label for span in timeline.spans]
        check(
            handled == ["handle('a')", "handle('b')", "handle('c')"],
            f"Put 'a', 'b', 'c' on the queue and started {call}. It called {show(handled)}; "
            "expected handle('a'), handle('b'), handle('c'), one after another.",
        )
        still_running = [span.label for span in timeline.spans if span.outcome != "done"]
        check(
            not still_running,
            f"Started {call}. queue.join() returned while {', '.join(still_running)} was "
            "still running: task_done() was called before the item was handled. Call it "
            "after `await handle(item)`, so that join() means all the work is done.\n"
            + timeline.render(),
        )
        check(
            queue.marked_done == 3,
            f"Started {call} on 3 items. It called task_done() {queue.marked_done} times; "
            "expected once per item.",
        )
        expect_duration(
            watch.elapsed,
            at_least=3.0,
            under=3.5,
            call=f"{call} on 3 items, with handle taking 1 s, then queue.join()",
            expected="join() returns after 3 s, when the third item has been handled.",
            timeline=timeline,
        )
    finally:
        worker.cancel()
        await asyncio.wait([worker], timeout=1.0)


@task(1, checks=("consume-waits-for-more", "consume-lets-cancellation-through"))
async def test_consume_waits_for_more_and_stops_when_cancelled(topic):
    """consume keeps waiting on an empty queue for the next item, and stops when cancelled."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0)
    queue = WatchedQueue()
    call = "consume(queue, handle)"
    worker = asyncio.create_task(topic.consume(queue, handle))
    try:
        queue.put_nowait("first")
        await join_or_explain(queue, worker, call, timeline)
        await asyncio.sleep(5.0)
        if worker.done() and not worker.cancelled() and worker.exception() is not None:
            raise worker.exception()
        check(
            not worker.done(),
            f"Started {call}; after handling one item it returned, while the queue was "
            "empty. A consumer runs forever: loop on `await queue.get()`, which waits for "
            "the next item (do not stop when queue.empty()).",
        )
        queue.put_nowait("second")
        await join_or_explain(queue, worker, call, timeline)
        handled = [span.label for span in timeline.spans]
        check(
            handled == ["handle('first')", "handle('second')"],
            f"Put 'first', then 5 s later 'second', while {call} ran. It called "
            f"{show(handled)}; expected handle('first') then handle('second').",
        )
    finally:
        worker.cancel()
        await asyncio.wait([worker], timeout=1.0)
    check(
        worker.done(),
        f"Cancelled the task running {call}; it did not stop. Let asyncio.CancelledError "
        "end the loop (do not catch it, or re-raise it).",
    )
    check(
        worker.cancelled(),
        f"Cancelled the task running {call}; it ended without raising CancelledError, so "
        "the cancellation was swallowed. If you catch CancelledError to clean up, re-raise "
        "it afterwards.",
    )


# ---------------------------------------------------------------------------------------
# Task 2: pipeline


class PipelineFakes:
    """fetch and handle fakes that measure how far the producer runs ahead."""

    def __init__(self, fetch_seconds, handle_seconds):
        self.timeline = Timeline()
        self.fetch_seconds = fetch_seconds
        self.handle_seconds = handle_seconds
        self.fetches = 0
        self.handles = 0
        self.max_ahead = 0
        self.ahead_at = None  # (fetches, handles) when max_ahead was reached

    async def fetch(self, item):
        self.fetches += 1
        ahead = self.fetches - self.handles
        if ahead > self.max_ahead:
            self.max_ahead, self.ahead_at = ahead, (self.fetches, self.handles)
        async with self.timeline.span(f"fetch({item!r})"):
            await asyncio.sleep(self.fetch_seconds)
        return f"data-{item}"

    async def handle(self, data):
        self.handles += 1
        async with self.timeline.span(f"handle({data!r})"):
            await asyncio.sleep(self.handle_seconds)
        return str(data).upper()


PIPELINE_HINT = (
    "If the queue is bounded and nothing takes from it yet, put() waits forever: start the "
    "consumer before (or while) producing. If the consumer waits for one more item after "
    "the last one, stop it (a sentinel, or join() then cancel)."
)


@task(2, checks=("pipeline-overlaps", "pipeline-results-in-item-order"))
async def test_pipeline_overlaps_fetching_and_handling(topic):
    """pipeline(5 items, fetch 1 s, handle 1 s, maxsize=2) takes 6 s; results in order."""
    fakes = PipelineFakes(fetch_seconds=1.0, handle_seconds=1.0)
    items = ["a", "b", "c", "d", "e"]
    call = show_call("pipeline", items, fakes.fetch, fakes.handle, 2)
    fakes.timeline.start_clock()
    with stopwatch() as watch:
        run = await run_watched(
            call,
            topic.pipeline(items, fakes.fetch, fakes.handle, 2),
            hint=PIPELINE_HINT,
            timeline=fakes.timeline,
        )
    results_order_check(call, run.result, [f"data-{item}".upper() for item in items])
    expect_duration(
        watch.elapsed,
        at_least=6.0,
        under=6.5,
        call=f"{call}, fetch and handle taking 1 s each",
        expected=(
            "6 s: the producer fetches the next item while the consumer handles the "
            "previous one (1 s for the first fetch, then 5 handles of 1 s)."
        ),
        timeline=fakes.timeline,
    )


@task(2, checks=("pipeline-bounded-asyncio-queue", "pipeline-results-in-item-order"))
async def test_pipeline_holds_a_fast_producer_back(topic, monkeypatch):
    """pipeline(10 items, fetch 0.1 s, handle 1 s, maxsize=2): the producer is never >3 ahead."""
    made = watch_queues(monkeypatch, topic.module)
    fakes = PipelineFakes(fetch_seconds=0.1, handle_seconds=1.0)
    items = list(range(10))
    call = show_call("pipeline", items, fakes.fetch, fakes.handle, 2)
    fakes.timeline.start_clock()
    run = await run_watched(
        call,
        topic.pipeline(items, fakes.fetch, fakes.handle, 2),
        hint=PIPELINE_HINT,
        timeline=fakes.timeline,
    )
    results_order_check(call, run.result, [f"data-{item}".upper() for item in items])
    if fakes.max_ahead > 2 + 2:
        fetched, handled = fakes.ahead_at
        if not made:
            why = (
                "No asyncio.Queue was made: pass the items through asyncio.Queue(maxsize=maxsize)."
            )
        elif all(queue.maxsize <= 0 for queue in made):
            why = (
                "Your queue is unbounded: create it with asyncio.Queue(maxsize=maxsize), so "
                "that put() waits while it is full."
            )
        else:
            why = (
                "Your queue is bounded, but the producer does not wait for put(): "
                "`await queue.put(...)` in the producer itself (a task per put, as in the "
                "seed's bloquear_asyncQueue.py, lets it run on while the puts pile up)."
            )
        fail(
            f"Called {call}, fetch taking 0.1 s and handle 1 s. The producer started fetch "
            f"number {fetched} when the consumer had started handling only {handled} "
            f"item(s): it ran {fakes.max_ahead} items ahead. With maxsize=2 it should never "
            f"be more than 3 ahead (2 in the queue and one waiting to be put).\n{why}\n"
            + fakes.timeline.render()
        )


@task(2, checks=("pipeline-passes-any-value",))
async def test_pipeline_hands_on_whatever_fetch_gives(topic):
    """pipeline where fetch gives None, 0, '' and False: each is handled, in order."""
    given = {"a": None, "b": 0, "c": "", "d": False, "e": "last"}
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=0.1, result=given.get)
    handle = timeline.fake("handle", seconds=0.2, result=repr)
    items = list(given)
    call = show_call("pipeline", items, fetch, handle, 2)
    run = await run_watched(
        call,
        topic.pipeline(items, fetch, handle, 2),
        hint=(
            "The consumer stopped early, and the producer waits on a full queue: a value "
            "fetch gave was taken for the end of the stream. Use a sentinel that no data can "
            "be, such as `DONE = object()`, and compare with `is`."
        ),
        timeline=timeline,
    )
    expected = [repr(value) for value in given.values()]
    handled = [span.label for span in timeline.spans if span.label.startswith("handle")]
    check(
        len(handled) == len(items),
        f"Called {call}, where fetch gives None, 0, '', False and 'last'. handle was called "
        f"{len(handled)} time(s): {show(handled)}; expected once for each of the 5 values. A "
        "value that fetch gave was taken for the end of the stream: use a sentinel no data "
        "can be, such as `DONE = object()`, compared with `is`.",
    )
    results_order_check(call, run.result, expected)
    check_nothing_left(call, run)


@task(2, checks=("pipeline-stops-consumer", "pipeline-results-in-item-order"))
async def test_pipeline_stops_its_consumer(topic):
    """pipeline leaves no task running when it returns, also with no items at all."""
    for items in (["x", "y", "z"], []):
        fakes = PipelineFakes(fetch_seconds=0.5, handle_seconds=1.0)
        call = show_call("pipeline", items, fakes.fetch, fakes.handle, 1)
        run = await run_watched(
            call,
            topic.pipeline(items, fakes.fetch, fakes.handle, 1),
            hint=PIPELINE_HINT,
            timeline=fakes.timeline,
        )
        results_order_check(call, run.result, [f"data-{item}".upper() for item in items])
        check_nothing_left(call, run)


# ---------------------------------------------------------------------------------------
# Task 3: run_pool


POOL_HINT = (
    "If it awaits its workers, they loop forever on get(): after `await queue.join()`, "
    "cancel them (or put one sentinel per worker). If join() never returns, a worker "
    "does not call task_done() once per job."
)


@task(3, checks=("pool-at-most-workers", "pool-workers-all-busy", "pool-results-in-job-order"))
async def test_pool_of_three_runs_ten_jobs_in_four_seconds(topic):
    """run_pool(10 jobs of 1 s, handle, 3) takes 4 s with exactly 3 jobs at once at most."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0, result=lambda job: f"done-{job}")
    jobs = [f"job{n}" for n in range(10)]
    call = show_call("run_pool", jobs, handle, 3)
    timeline.start_clock()
    with stopwatch() as watch:
        run = await run_watched(
            call, topic.run_pool(jobs, handle, 3), hint=POOL_HINT, timeline=timeline
        )
    results_order_check(call, run.result, [f"done-{job}" for job in jobs])
    check(
        timeline.peak <= 3,
        f"Called {call}. Up to {timeline.peak} jobs ran at once; expected at most 3: the "
        "cap does not cap. Start exactly `workers` worker tasks, each handling one job at "
        "a time, rather than a task per job.\n" + timeline.render(),
    )
    check(
        timeline.peak == 3,
        f"Called {call}. Only {timeline.peak} job(s) ran at once; expected 3, one per "
        "worker: start all the workers before waiting for any of them.\n" + timeline.render(),
    )
    expect_duration(
        watch.elapsed,
        at_least=4.0,
        under=4.5,
        call=f"{call}, each job taking 1 s",
        expected="4 s: three workers take three jobs at a time, so ten jobs need 4 rounds.",
        timeline=timeline,
    )


JOB_SECONDS = {"slow": 3.0, "quick": 0.5, "medium": 1.5, "tiny": 0.2, "fair": 1.0}


@task(3, checks=("pool-results-in-job-order", "pool-workers-all-busy"))
async def test_pool_returns_results_in_job_order(topic):
    """run_pool(jobs of different lengths, handle, 2) returns results in the order of jobs."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=JOB_SECONDS.get, result=lambda job: job.upper())
    jobs = list(JOB_SECONDS)
    call = show_call("run_pool", jobs, handle, 2)
    timeline.start_clock()
    with stopwatch() as watch:
        run = await run_watched(
            call, topic.run_pool(jobs, handle, 2), hint=POOL_HINT, timeline=timeline
        )
    results_order_check(call, run.result, [job.upper() for job in jobs])
    expect_duration(
        watch.elapsed,
        at_least=3.2,
        under=3.5,
        call=f"{call}, the jobs taking 3, 0.5, 1.5, 0.2 and 1 s",
        expected="3.2 s: while one worker does the 3 s job, the other does the rest.",
        timeline=timeline,
    )


@task(3, checks=("pool-results-in-job-order",))
async def test_pool_with_a_job_listed_twice(topic):
    """run_pool(['a', 'b', 'a', 'c'], handle, 2): four results, 'a' handled twice."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0, result=lambda job: f"done-{job}")
    jobs = ["a", "b", "a", "c"]
    call = show_call("run_pool", jobs, handle, 2)
    run = await run_watched(
        call, topic.run_pool(jobs, handle, 2), hint=POOL_HINT, timeline=timeline
    )
    handled = sorted(span.label for span in timeline.spans)
    check(
        handled == ["handle('a')", "handle('a')", "handle('b')", "handle('c')"],
        f"Called {call}. handle was called as {show(handled)}; expected once per job: 'a' "
        "twice, 'b' and 'c' once.",
    )
    expected = ["done-a", "done-b", "done-a", "done-c"]
    check(
        same(run.result, expected),
        f"Called {call}. It returned {show(run.result)}; expected {show(expected)}: one result "
        "per place in jobs. Put (index, job) on the queue and store each result at its index; "
        "jobs.index(job) finds only the first 'a'.",
    )
    check_nothing_left(call, run)


@task(3, checks=("pool-stops-workers", "pool-results-in-job-order"))
async def test_pool_stops_its_workers(topic):
    """run_pool leaves no worker running when it returns (also with more workers than jobs)."""
    for jobs, workers in ((["a", "b", "c", "d"], 2), (["a", "b"], 5), ([], 3)):
        timeline = Timeline()
        handle = timeline.fake("handle", seconds=1.0, result=lambda job: f"done-{job}")
        call = show_call("run_pool", jobs, handle, workers)
        run = await run_watched(
            call, topic.run_pool(jobs, handle, workers), hint=POOL_HINT, timeline=timeline
        )
        results_order_check(call, run.result, [f"done-{job}" for job in jobs])
        check_nothing_left(call, run)


# ---------------------------------------------------------------------------------------
# Task 4: triage

ARRIVALS = [(0.0, 5, "a"), (0.2, 3, "b"), (0.4, 1, "c"), (0.6, 2, "d"), (1.5, 0, "e")]


def show_arrivals(arrivals):
    return "[" + ", ".join(f"({at:g}, {prio}, {job!r})" for at, prio, job in arrivals) + "]"


def handle_recorder(timeline, result=lambda job: job):
    """A handle fake that also notes when each job began; it gives ``result(job)``."""
    started = {}

    async def handle(job):
        key = job if isinstance(job, str) else repr(job)
        started[key] = asyncio.get_running_loop().time()
        async with timeline.span(f"handle({job!r})"):
            await asyncio.sleep(1.0)
        return result(job)

    return handle, started


def check_none_early(call, arrivals, started, start, timeline):
    """Fail when a job was handled before its arrival time."""
    early = [
        f"{job!r} (arrives at {at:g} s, began at {started[job] - start:g} s)"
        for at, _, job in arrivals
        if job in started and started[job] - start < at - 1e-6
    ]
    check(
        not early,
        f"Called {call}. Jobs were handled before they arrived: {', '.join(early)}. Put each "
        "job on the queue only when its time comes (sleep until `at` seconds after the "
        "start), so the worker can only choose among jobs that have arrived.\n" + timeline.render(),
    )


@task(
    4,
    checks=(
        "triage-most-urgent-first",
        "triage-only-arrived-jobs",
        "triage-one-at-a-time",
        "triage-results-in-handled-order",
    ),
)
async def test_triage_takes_the_most_urgent_job_first(topic):
    """triage hands the free worker the most urgent job that has arrived: a, c, e, d, b."""
    timeline = Timeline()
    handle, started = handle_recorder(timeline, result=lambda job: f"done-{job}")
    call = f"triage({show_arrivals(ARRIVALS)}, handle)"
    timeline.start_clock()
    start = asyncio.get_running_loop().time()
    with stopwatch() as watch:
        run = await run_watched(call, topic.triage(ARRIVALS, handle), timeline=timeline)
    results = run.result
    expected = ["a", "c", "e", "d", "b"]
    check_none_early(call, ARRIVALS, started, start, timeline)
    check_a_list(call, results)
    check(
        sorted(map(str, results)) != sorted(job for _, _, job in ARRIVALS),
        f"Called {call}, where handle(job) gives 'done-' + job. It returned the jobs "
        f"themselves, {show(results)}; expected the results of handle, in the order the "
        "jobs were handled.",
    )
    order = [r.removeprefix("done-") if isinstance(r, str) else r for r in results]
    if order == ["a", "b", "c", "d", "e"]:
        fail(
            f"Called {call}. It handled the jobs in arrival order {show(order)}; expected "
            f"{show(expected)}: when the worker is free it takes the waiting job with the "
            "lowest priority number. Use an asyncio.PriorityQueue of "
            "(priority, arrival_number, job).\n" + timeline.render()
        )
    check(
        same(results, [f"done-{job}" for job in expected]),
        f"Called {call}, with handle taking 1 s. It handled them in the order {show(order)}; "
        f"expected {show(expected)}: 'a' alone has arrived at 0 s; at 1 s 'b', 'c', 'd' wait "
        "and 'c' is the most urgent; at 2 s 'e' (priority 0) has arrived, then 'd', then "
        "'b'.\n" + timeline.render(),
    )
    check(
        timeline.peak == 1,
        f"Called {call}. {timeline.peak} jobs ran at once; expected one worker, one job at a "
        "time.\n" + timeline.render(),
    )
    expect_duration(
        watch.elapsed,
        at_least=5.0,
        under=5.5,
        call=f"{call}, with handle taking 1 s",
        expected="5 s: five jobs of 1 s one after another, the worker never idle.",
        timeline=timeline,
    )


@task(4, checks=("triage-equal-priority-fifo",))
async def test_triage_equal_priorities_first_come_first_served(topic):
    """Jobs of equal priority are handled in the order they arrived, not by their names."""
    timeline = Timeline()
    handle, _ = handle_recorder(timeline)
    arrivals = [(0.0, 1, "busy"), (0.1, 2, "zed"), (0.2, 2, "amy"), (0.3, 2, "kim")]
    call = f"triage({show_arrivals(arrivals)}, handle)"
    run = await run_watched(call, topic.triage(arrivals, handle), timeline=timeline)
    order = run.result
    check_a_list(call, order)
    expected = ["busy", "zed", "amy", "kim"]
    if order == ["busy", "amy", "kim", "zed"]:
        fail(
            f"Called {call}. It returned {show(order)}: the three jobs of priority 2 came out "
            "in alphabetical order, because the queue compared the jobs themselves when the "
            f"priorities were equal. Expected {show(expected)}, first come first served: put "
            "(priority, arrival_number, job), with a counter such as itertools.count()."
        )
    check(
        order == expected,
        f"Called {call}. It returned {show(order)}; expected {show(expected)}.\n"
        + timeline.render(),
    )


def find_type_error(error):
    """The TypeError in ``error``, inside exception groups too, or None."""
    if isinstance(error, TypeError):
        return error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            found = find_type_error(inner)
            if found is not None:
                return found
    return None


@task(4, checks=("triage-simultaneous-arrivals", "triage-equal-priority-fifo"))
async def test_triage_jobs_arriving_together(topic):
    """triage: three jobs arrive together at 0 s; the free worker takes the most urgent."""
    timeline = Timeline()
    handle, _ = handle_recorder(timeline)
    arrivals = [(0.0, 5, "low"), (0.0, 1, "high"), (0.0, 1, "also-high"), (0.5, 0, "urgent")]
    call = f"triage({show_arrivals(arrivals)}, handle)"
    run = await run_watched(call, topic.triage(arrivals, handle), timeline=timeline)
    expected = ["high", "urgent", "also-high", "low"]
    check(
        same(run.result, expected),
        f"Called {call}, with handle taking 1 s. It returned {show(run.result)}; expected "
        f"{show(expected)}. 'low', 'high' and 'also-high' arrive in the same instant, so the "
        "free worker must choose among all three: put every job that arrives at one time on "
        "the queue before anything else runs (no await between those puts), or the worker "
        "wakes up on the first one. 'also-high' came after 'high', and 'urgent' (priority "
        "0) has arrived when the worker is next free.\n" + timeline.render(),
    )


@task(4, checks=("triage-never-compares-jobs",))
async def test_triage_never_compares_two_jobs(topic):
    """triage works with jobs that cannot be compared (dicts) of equal priority."""
    timeline = Timeline()
    handle, _ = handle_recorder(timeline)
    first, second, third = {"id": 1}, {"id": 2}, {"id": 3}
    arrivals = [(0.0, 1, first), (0.1, 2, second), (0.2, 2, third)]
    call = f"triage({show_arrivals(arrivals)}, handle)"
    try:
        run = await run_watched(call, topic.triage(arrivals, handle), timeline=timeline)
    except Exception as raised:
        error = find_type_error(raised)
        if error is None:
            raise
        fail(
            f"Called {call}. It raised TypeError: {error}. Two jobs had the same priority, "
            "so the PriorityQueue went on to compare the jobs themselves, and dicts cannot "
            "be compared. Put (priority, arrival_number, job): the arrival numbers are "
            "never equal, so the jobs are never compared."
        )
    order = run.result
    check(
        same(order, [first, second, third]),
        f"Called {call}. It returned {show(order)}; expected {show([first, second, third])}.",
    )


@task(4, checks=("triage-stops-worker", "triage-only-arrived-jobs"))
async def test_triage_stops_its_worker(topic):
    """triage leaves no task running when it returns."""
    timeline = Timeline()
    handle, started = handle_recorder(timeline)
    arrivals = [(0.0, 2, "p"), (0.5, 1, "q"), (3.0, 1, "r")]
    call = f"triage({show_arrivals(arrivals)}, handle)"
    start = asyncio.get_running_loop().time()
    run = await run_watched(call, topic.triage(arrivals, handle), timeline=timeline)
    order = run.result
    check_none_early(call, arrivals, started, start, timeline)
    check(
        same(order, ["p", "q", "r"]),
        f"Called {call}. It returned {show(order)}; expected ['p', 'q', 'r']: 'p' is alone "
        "at 0 s, 'q' arrives while 'p' is handled, and 'r' arrives at 3 s, after the queue "
        "has been empty for a while: keep the worker until every job has arrived and been "
        "handled.\n" + timeline.render(),
    )
    check_nothing_left(call, run)


# ---------------------------------------------------------------------------------------
# Task 5: drain (Python 3.13+)


@NEEDS_313
@task(
    5,
    checks=("drain-shuts-down-the-queue", "drain-workers-share-the-jobs", "drain-returns-counts"),
)
async def test_drain_ten_jobs_on_three_workers(topic, monkeypatch):
    """drain(10 jobs of 1 s, handle, 3) takes 4 s and returns each worker's count: 4, 3, 3."""
    made = watch_queues(monkeypatch, topic.module)
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0)
    jobs = [f"job{n}" for n in range(10)]
    call = show_call("drain", jobs, handle, 3)
    timeline.start_clock()
    with stopwatch() as watch:
        run = await run_watched(
            call,
            topic.drain(jobs, handle, 3),
            hint=(
                "After the last put, call queue.shutdown(): then get() raises "
                "asyncio.QueueShutDown once the queue is empty, and each worker can return."
            ),
            timeline=timeline,
        )
    check(
        any(queue.shut_down for queue in made),
        f"Called {call}. queue.shutdown() was never called on the queue. Put every job, "
        "then call queue.shutdown(), and let each worker return when get() raises "
        "asyncio.QueueShutDown.",
    )
    counts = run.result
    check(
        type(counts) is list and len(counts) == 3 and all(type(n) is int for n in counts),
        f"Called {call}. It returned {show(counts)}; expected a list of 3 counts (int), one "
        "per worker, each the number of jobs that worker handled.",
    )
    check(
        sorted(counts) == [3, 3, 4],
        f"Called {call}. It returned {show(list(counts))}; expected 4, 3 and 3 in some "
        "order: with jobs of 1 s, the three workers share the ten jobs.\n" + timeline.render(),
    )
    check(
        timeline.peak == 3,
        f"Called {call}. {timeline.peak} job(s) ran at once; expected 3, one per worker.\n"
        + timeline.render(),
    )
    expect_duration(
        watch.elapsed,
        at_least=4.0,
        under=4.5,
        call=f"{call}, each job taking 1 s",
        expected="4 s: three workers, ten jobs of 1 s.",
        timeline=timeline,
    )
    check_nothing_left(call, run)


@NEEDS_313
@task(5, checks=("drain-keeps-waiting-jobs", "drain-returns-counts"))
async def test_drain_workers_return_by_themselves(topic):
    """drain(1 job, handle, 3) returns [1, 0, 0] in some order after 1 s; no task is left."""
    for jobs, workers, expected in ((["only"], 3, [0, 0, 1]), ([], 2, [0, 0])):
        timeline = Timeline()
        handle = timeline.fake("handle", seconds=1.0)
        call = show_call("drain", jobs, handle, workers)
        with stopwatch() as watch:
            run = await run_watched(call, topic.drain(jobs, handle, workers), timeline=timeline)
        counts = run.result
        check(
            type(counts) is list and same(sorted(counts), expected),
            f"Called {call}. It returned {show(counts)}; expected {expected} in some order: "
            "a worker that finds the queue empty and shut down returns 0.",
        )
        expect_duration(
            watch.elapsed,
            at_least=len(jobs) * 1.0,
            under=len(jobs) * 1.0 + 0.5,
            call=call,
            expected=f"{len(jobs)} s: the workers stop as soon as the queue is empty.",
            timeline=timeline,
        )
        check_nothing_left(call, run)
