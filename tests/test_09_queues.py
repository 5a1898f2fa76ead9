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
    N_,
    Timeline,
    _,
    check,
    expect_duration,
    find_error,
    same,
    show,
    show_call,
    stopwatch,
    task,
)
from grader.inside.running import (
    Started,
    check_none_left,
    expect_in_input_order,
    finish_within,
    leaves,
    stop_tasks,
)
from grader.inside.suite import Scene, called

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
    reason=_(
        "Queue.shutdown and QueueShutDown arrived in Python 3.13; this is Python {version}, so "
        "task 5 is skipped and not counted."
    ).format(version=f"{sys.version_info[0]}.{sys.version_info[1]}"),
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


def blocked_in_thread_queue(error):
    """True when ``error`` holds a BlockingError raised inside the threading queue module."""
    return any(
        isinstance(leaf, BlockingError)
        and Path(thread_queue.__file__)
        in {Path(frame.filename) for frame in traceback.extract_tb(leaf.__traceback__)}
        for leaf in leaves(error)
    )


@dataclass
class Run:
    """What one call of the learner's function gave, and which of its tasks outlived it."""

    call: str
    result: object = None
    leftovers: list = field(default_factory=list)

    def result_list(self):
        """The result, once it is a list."""
        called(self.call).check(
            type(self.result) is list,
            _("It returned {got} (a {type}); expected a list."),
            got=show(self.result),
            type=type(self.result).__name__,
        )
        return self.result

    def check_nothing_left(self):
        """Fail when the call returned while tasks it started still ran."""
        check_none_left(
            self.leftovers,
            call=self.call,
            remedy=_(
                "They wait for items that will never come: the workers were never stopped. "
                "After `await queue.join()`, cancel them and await them, or put one sentinel "
                "per worker so that each one returns."
            ),
        )


async def run_watched(call, coroutine, *, hint="", timeline=None):
    """Await the learner's coroutine with a limit; note (then stop) tasks it left running."""
    started = Started()
    try:
        finished, result = await finish_within(coroutine, LIMIT)
    except Exception as raised:
        if blocked_in_thread_queue(raised):
            await started.stop()
            called(call).fail(
                _(
                    "It used queue.Queue, the queue for threads: its get() and put() block the "
                    "whole thread while they wait, which freezes the event loop and every task "
                    "on it. Use asyncio.Queue, whose get() and put() you await."
                )
            )
        raise
    leftovers = started.leftovers()
    await started.stop()
    called(call, timeline).check(
        finished,
        _(
            "It had not returned after {seconds} s of loop time: it waits for something that "
            "never happens.{hint}"
        ),
        draw=True,
        seconds=f"{LIMIT:g}",
        hint="\n" + _(hint) if hint else "",
    )
    return Run(call, result, leftovers)


# ---------------------------------------------------------------------------------------
# Task 1: consume


async def join_or_explain(queue, worker, call, timeline):
    """``await queue.join()``; if it hangs, say why in terms of task_done."""
    joined, _result = await finish_within(queue.join(), 30.0)
    if joined:
        return
    if worker.done() and not worker.cancelled() and worker.exception() is not None:
        raise worker.exception() from None
    await stop_tasks([worker])
    if queue.marked_done == 0:
        why = _(
            "consume took {taken} item(s) and never called queue.task_done(). join() waits "
            "until task_done() has been called once for every item that was put: call it after "
            "handling each item."
        )
    else:
        why = _(
            "consume took {taken} item(s) but called queue.task_done() only {done} time(s): "
            "call it once for every item, after handling it."
        )
    Scene(_("Started {call} as a task with items in the queue;").format(call=call), timeline).fail(
        _("queue.join() never returned. {why}"),
        draw=True,
        why=why.format(taken=queue.taken, done=queue.marked_done),
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
    scene = Scene(_("Started {call}.").format(call=call), timeline)
    timeline.start_clock()
    worker = asyncio.create_task(topic.consume(queue, handle))
    try:
        with stopwatch() as watch:
            await join_or_explain(queue, worker, call, timeline)
        handled = [span.label for span in timeline.spans]
        scene.check(
            handled == ["handle('a')", "handle('b')", "handle('c')"],
            _(
                "Put 'a', 'b', 'c' on the queue first. It called {got}; expected "
                "handle('a'), handle('b'), handle('c'), one after another."
            ),
            got=show(handled),
        )
        still_running = [span.label for span in timeline.spans if span.outcome != "done"]
        scene.check(
            not still_running,
            _(
                "queue.join() returned while {names} was still running: task_done() was "
                "called before the item was handled. Call it after `await handle(item)`, so "
                "that join() means all the work is done."
            ),
            draw=True,
            names=", ".join(still_running),
        )
        scene.check(
            queue.marked_done == 3,
            _("On 3 items, it called task_done() {times} times; expected once per item."),
            times=queue.marked_done,
        )
        expect_duration(
            watch.elapsed,
            at_least=3.0,
            under=3.5,
            call=_("{call} on 3 items, with handle taking 1 s, then queue.join()").format(
                call=call
            ),
            expected=_("join() returns after 3 s, when the third item has been handled."),
            timeline=timeline,
        )
    finally:
        await stop_tasks([worker])


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
            _(
                "Started {call}; after handling one item it returned, while the queue was "
                "empty. A consumer runs forever: loop on `await queue.get()`, which waits for "
                "the next item (do not stop when queue.empty())."
            ),
            call=call,
        )
        queue.put_nowait("second")
        await join_or_explain(queue, worker, call, timeline)
        handled = [span.label for span in timeline.spans]
        check(
            handled == ["handle('first')", "handle('second')"],
            _(
                "Put 'first', then 5 s later 'second', while {call} ran. It called {got}; "
                "expected handle('first') then handle('second')."
            ),
            call=call,
            got=show(handled),
        )
    finally:
        await stop_tasks([worker])
    scene = Scene(_("Cancelled the task running {call};").format(call=call))
    scene.check(
        worker.done(),
        _(
            "it did not stop. Let asyncio.CancelledError end the loop (do not catch it, or "
            "re-raise it)."
        ),
    )
    scene.check(
        worker.cancelled(),
        _(
            "it ended without raising CancelledError, so the cancellation was swallowed. If you "
            "catch CancelledError to clean up, re-raise it afterwards."
        ),
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

    async def pipeline(self, topic, items, maxsize):
        """Call pipeline(items, fetch, handle, maxsize) and check its results, in order."""
        call = show_call("pipeline", items, self.fetch, self.handle, maxsize)
        self.timeline.start_clock()
        run = await run_watched(
            call,
            topic.pipeline(items, self.fetch, self.handle, maxsize),
            hint=PIPELINE_HINT,
            timeline=self.timeline,
        )
        expect_in_input_order(run.result, [f"data-{item}".upper() for item in items], call=call)
        return run


PIPELINE_HINT = N_(
    "If the queue is bounded and nothing takes from it yet, put() waits forever: start the "
    "consumer before (or while) producing. If the consumer waits for one more item after "
    "the last one, stop it (a sentinel, or join() then cancel)."
)


@task(2, checks=("pipeline-overlaps", "pipeline-results-in-item-order"))
async def test_pipeline_overlaps_fetching_and_handling(topic):
    """pipeline(5 items, fetch 1 s, handle 1 s, maxsize=2) takes 6 s; results in order."""
    fakes = PipelineFakes(fetch_seconds=1.0, handle_seconds=1.0)
    with stopwatch() as watch:
        run = await fakes.pipeline(topic, ["a", "b", "c", "d", "e"], 2)
    expect_duration(
        watch.elapsed,
        at_least=6.0,
        under=6.5,
        call=_("{call}, fetch and handle taking 1 s each").format(call=run.call),
        expected=_(
            "6 s: the producer fetches the next item while the consumer handles the previous "
            "one (1 s for the first fetch, then 5 handles of 1 s)."
        ),
        timeline=fakes.timeline,
    )


@task(2, checks=("pipeline-bounded-asyncio-queue", "pipeline-results-in-item-order"))
async def test_pipeline_holds_a_fast_producer_back(topic, monkeypatch):
    """pipeline(10 items, fetch 0.1 s, handle 1 s, maxsize=2): the producer is never >3 ahead."""
    made = watch_queues(monkeypatch, topic.module)
    fakes = PipelineFakes(fetch_seconds=0.1, handle_seconds=1.0)
    run = await fakes.pipeline(topic, list(range(10)), 2)
    if fakes.max_ahead <= 2 + 2:
        return
    if not made:
        why = _("No asyncio.Queue was made: pass the items through asyncio.Queue(maxsize=maxsize).")
    elif all(queue.maxsize <= 0 for queue in made):
        why = _(
            "Your queue is unbounded: create it with asyncio.Queue(maxsize=maxsize), so that "
            "put() waits while it is full."
        )
    else:
        why = _(
            "Your queue is bounded, but the producer does not wait for put(): "
            "`await queue.put(...)` in the producer itself (a task per put, as in the seed's "
            "bloquear_asyncQueue.py, lets it run on while the puts pile up)."
        )
    fetched, handled = fakes.ahead_at
    called(run.call, fakes.timeline).fail(
        _(
            "fetch takes 0.1 s and handle 1 s. The producer started fetch number {fetched} when "
            "the consumer had started handling only {handled} item(s): it ran {ahead} items "
            "ahead. With maxsize=2 it should never be more than 3 ahead (2 in the queue and one "
            "waiting to be put).\n{why}"
        ),
        draw=True,
        fetched=fetched,
        handled=handled,
        ahead=fakes.max_ahead,
        why=why,
    )


FALSY_SENTINEL = N_(
    "A value that fetch gave was taken for the end of the stream: use a sentinel no data can "
    "be, such as `DONE = object()`, compared with `is`."
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
        hint=N_(
            "The consumer stopped early, and the producer waits on a full queue: a value fetch "
            "gave was taken for the end of the stream. Use a sentinel that no data can be, such "
            "as `DONE = object()`, and compare with `is`."
        ),
        timeline=timeline,
    )
    handled = [span.label for span in timeline.spans if span.label.startswith("handle")]
    called(call).check(
        len(handled) == len(items),
        _(
            "fetch gives None, 0, '', False and 'last'. handle was called {times} time(s): "
            "{got}; expected once for each of the 5 values. {why}"
        ),
        times=len(handled),
        got=show(handled),
        why=_(FALSY_SENTINEL),
    )
    expect_in_input_order(run.result, [repr(value) for value in given.values()], call=call)
    run.check_nothing_left()


@task(2, checks=("pipeline-stops-consumer", "pipeline-results-in-item-order"))
async def test_pipeline_stops_its_consumer(topic):
    """pipeline leaves no task running when it returns, also with no items at all."""
    for items in (["x", "y", "z"], []):
        fakes = PipelineFakes(fetch_seconds=0.5, handle_seconds=1.0)
        run = await fakes.pipeline(topic, items, 1)
        run.check_nothing_left()


# ---------------------------------------------------------------------------------------
# Task 3: run_pool


POOL_HINT = N_(
    "If it awaits its workers, they loop forever on get(): after `await queue.join()`, "
    "cancel them (or put one sentinel per worker). If join() never returns, a worker "
    "does not call task_done() once per job."
)


async def run_pool(topic, jobs, workers, seconds=1.0, result=lambda job: f"done-{job}"):
    """Call run_pool(jobs, handle, workers), handle taking ``seconds`` (a number or a lookup)."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=seconds, result=result)
    call = show_call("run_pool", jobs, handle, workers)
    timeline.start_clock()
    with stopwatch() as watch:
        run = await run_watched(
            call, topic.run_pool(jobs, handle, workers), hint=POOL_HINT, timeline=timeline
        )
    return run, called(call, timeline), watch


@task(3, checks=("pool-at-most-workers", "pool-workers-all-busy", "pool-results-in-job-order"))
async def test_pool_of_three_runs_ten_jobs_in_four_seconds(topic):
    """run_pool(10 jobs of 1 s, handle, 3) takes 4 s with exactly 3 jobs at once at most."""
    jobs = [f"job{n}" for n in range(10)]
    run, scene, watch = await run_pool(topic, jobs, 3)
    expect_in_input_order(run.result, [f"done-{job}" for job in jobs], call=run.call)
    scene.check(
        scene.timeline.peak <= 3,
        _(
            "Up to {peak} jobs ran at once; expected at most 3: the cap does not cap. Start "
            "exactly `workers` worker tasks, each handling one job at a time, rather than a "
            "task per job."
        ),
        draw=True,
        peak=scene.timeline.peak,
    )
    scene.check(
        scene.timeline.peak == 3,
        _(
            "Only {peak} job(s) ran at once; expected 3, one per worker: start all the workers "
            "before waiting for any of them."
        ),
        draw=True,
        peak=scene.timeline.peak,
    )
    expect_duration(
        watch.elapsed,
        at_least=4.0,
        under=4.5,
        call=_("{call}, each job taking 1 s").format(call=run.call),
        expected=_("4 s: three workers take three jobs at a time, so ten jobs need 4 rounds."),
        timeline=scene.timeline,
    )


JOB_SECONDS = {"slow": 3.0, "quick": 0.5, "medium": 1.5, "tiny": 0.2, "fair": 1.0}


@task(3, checks=("pool-results-in-job-order", "pool-workers-all-busy"))
async def test_pool_returns_results_in_job_order(topic):
    """run_pool(jobs of different lengths, handle, 2) returns results in the order of jobs."""
    jobs = list(JOB_SECONDS)
    run, scene, watch = await run_pool(topic, jobs, 2, JOB_SECONDS.get, str.upper)
    expect_in_input_order(run.result, [job.upper() for job in jobs], call=run.call)
    expect_duration(
        watch.elapsed,
        at_least=3.2,
        under=3.5,
        call=_("{call}, the jobs taking 3, 0.5, 1.5, 0.2 and 1 s").format(call=run.call),
        expected=_("3.2 s: while one worker does the 3 s job, the other does the rest."),
        timeline=scene.timeline,
    )


@task(3, checks=("pool-results-in-job-order",))
async def test_pool_with_a_job_listed_twice(topic):
    """run_pool(['a', 'b', 'a', 'c'], handle, 2): four results, 'a' handled twice."""
    run, scene, _watch = await run_pool(topic, ["a", "b", "a", "c"], 2)
    handled = sorted(span.label for span in scene.timeline.spans)
    scene.check(
        handled == ["handle('a')", "handle('a')", "handle('b')", "handle('c')"],
        _("handle was called as {got}; expected once per job: 'a' twice, 'b' and 'c' once."),
        got=show(handled),
    )
    expected = ["done-a", "done-b", "done-a", "done-c"]
    scene.check(
        same(run.result, expected),
        _(
            "It returned {got}; expected {want}: one result per place in jobs. Put (index, "
            "job) on the queue and store each result at its index; jobs.index(job) finds only "
            "the first 'a'."
        ),
        got=show(run.result),
        want=show(expected),
    )
    run.check_nothing_left()


@task(3, checks=("pool-stops-workers", "pool-results-in-job-order"))
async def test_pool_stops_its_workers(topic):
    """run_pool leaves no worker running when it returns (also with more workers than jobs)."""
    for jobs, workers in ((["a", "b", "c", "d"], 2), (["a", "b"], 5), ([], 3)):
        run, _scene, _watch = await run_pool(topic, jobs, workers)
        expect_in_input_order(run.result, [f"done-{job}" for job in jobs], call=run.call)
        run.check_nothing_left()


# ---------------------------------------------------------------------------------------
# Task 4: triage

ARRIVALS = [(0.0, 5, "a"), (0.2, 3, "b"), (0.4, 1, "c"), (0.6, 2, "d"), (1.5, 0, "e")]


def triage_call(arrivals):
    shown = ", ".join(f"({at:g}, {prio}, {job!r})" for at, prio, job in arrivals)
    return f"triage([{shown}], handle)"


def key_of(job):
    return job if isinstance(job, str) else repr(job)


async def triage(topic, arrivals, result=lambda job: job):
    """Call triage(arrivals, handle), handle taking 1 s and giving ``result(job)``.

    Gives the run, its scene and when each job began (loop time since the call).
    """
    timeline = Timeline()
    began = {}
    start = asyncio.get_running_loop().time()

    async def handle(job):
        began[key_of(job)] = asyncio.get_running_loop().time() - start
        async with timeline.span(f"handle({job!r})"):
            await asyncio.sleep(1.0)
        return result(job)

    call = triage_call(arrivals)
    timeline.start_clock()
    run = await run_watched(call, topic.triage(arrivals, handle), timeline=timeline)
    scene = called(call, timeline)
    early = [
        _("{job} (arrives at {at} s, began at {began} s)").format(
            job=repr(job), at=f"{at:g}", began=f"{began[key_of(job)]:g}"
        )
        for at, _prio, job in arrivals
        if key_of(job) in began and began[key_of(job)] < at - 1e-6
    ]
    scene.check(
        not early,
        _(
            "Jobs were handled before they arrived: {early}. Put each job on the queue only "
            "when its time comes (sleep until `at` seconds after the start), so the worker can "
            "only choose among jobs that have arrived."
        ),
        draw=True,
        early=", ".join(early),
    )
    return run, scene


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
    with stopwatch() as watch:
        run, scene = await triage(topic, ARRIVALS, result=lambda job: f"done-{job}")
    results = run.result_list()
    expected = ["a", "c", "e", "d", "b"]
    scene.check(
        sorted(map(str, results)) != sorted(job for _at, _prio, job in ARRIVALS),
        _(
            "handle(job) gives 'done-' + job. It returned the jobs themselves, {got}; expected "
            "the results of handle, in the order the jobs were handled."
        ),
        got=show(results),
    )
    order = [r.removeprefix("done-") if isinstance(r, str) else r for r in results]
    scene.check(
        order != ["a", "b", "c", "d", "e"],
        _(
            "It handled the jobs in arrival order {got}; expected {want}: when the worker is "
            "free it takes the waiting job with the lowest priority number. Use an "
            "asyncio.PriorityQueue of (priority, arrival_number, job)."
        ),
        draw=True,
        got=show(order),
        want=show(expected),
    )
    scene.check(
        same(results, [f"done-{job}" for job in expected]),
        _(
            "handle takes 1 s. It handled them in the order {got}; expected {want}: 'a' alone "
            "has arrived at 0 s; at 1 s 'b', 'c', 'd' wait and 'c' is the most urgent; at 2 s "
            "'e' (priority 0) has arrived, then 'd', then 'b'."
        ),
        draw=True,
        got=show(order),
        want=show(expected),
    )
    scene.check(
        scene.timeline.peak == 1,
        _("{peak} jobs ran at once; expected one worker, one job at a time."),
        draw=True,
        peak=scene.timeline.peak,
    )
    expect_duration(
        watch.elapsed,
        at_least=5.0,
        under=5.5,
        call=_("{call}, with handle taking 1 s").format(call=run.call),
        expected=_("5 s: five jobs of 1 s one after another, the worker never idle."),
        timeline=scene.timeline,
    )


@task(4, checks=("triage-equal-priority-fifo",))
async def test_triage_equal_priorities_first_come_first_served(topic):
    """Jobs of equal priority are handled in the order they arrived, not by their names."""
    arrivals = [(0.0, 1, "busy"), (0.1, 2, "zed"), (0.2, 2, "amy"), (0.3, 2, "kim")]
    run, scene = await triage(topic, arrivals)
    order = run.result_list()
    expected = ["busy", "zed", "amy", "kim"]
    scene.check(
        order != ["busy", "amy", "kim", "zed"],
        _(
            "It returned {got}: the three jobs of priority 2 came out in alphabetical order, "
            "because the queue compared the jobs themselves when the priorities were equal. "
            "Expected {want}, first come first served: put (priority, arrival_number, job), "
            "with a counter such as itertools.count()."
        ),
        got=show(order),
        want=show(expected),
    )
    scene.check(
        order == expected,
        _("It returned {got}; expected {want}."),
        draw=True,
        got=show(order),
        want=show(expected),
    )


@task(4, checks=("triage-simultaneous-arrivals", "triage-equal-priority-fifo"))
async def test_triage_jobs_arriving_together(topic):
    """triage: three jobs arrive together at 0 s; the free worker takes the most urgent."""
    arrivals = [(0.0, 5, "low"), (0.0, 1, "high"), (0.0, 1, "also-high"), (0.5, 0, "urgent")]
    run, scene = await triage(topic, arrivals)
    expected = ["high", "urgent", "also-high", "low"]
    scene.check(
        same(run.result, expected),
        _(
            "handle takes 1 s. It returned {got}; expected {want}. 'low', 'high' and "
            "'also-high' arrive in the same instant, so the free worker must choose among all "
            "three: put every job that arrives at one time on the queue before anything else "
            "runs (no await between those puts), or the worker wakes up on the first one. "
            "'also-high' came after 'high', and 'urgent' (priority 0) has arrived when the "
            "worker is next free."
        ),
        draw=True,
        got=show(run.result),
        want=show(expected),
    )


@task(4, checks=("triage-never-compares-jobs",))
async def test_triage_never_compares_two_jobs(topic):
    """triage works with jobs that cannot be compared (dicts) of equal priority."""
    first, second, third = {"id": 1}, {"id": 2}, {"id": 3}
    arrivals = [(0.0, 1, first), (0.1, 2, second), (0.2, 2, third)]
    try:
        run, scene = await triage(topic, arrivals)
    except Exception as raised:
        error = find_error(raised, TypeError)
        if error is None:
            raise
        called(triage_call(arrivals)).fail(
            _(
                "It raised TypeError: {error}. Two jobs had the same priority, so the "
                "PriorityQueue went on to compare the jobs themselves, and dicts cannot be "
                "compared. Put (priority, arrival_number, job): the arrival numbers are never "
                "equal, so the jobs are never compared."
            ),
            error=error,
        )
    scene.check(
        same(run.result, [first, second, third]),
        _("It returned {got}; expected {want}."),
        got=show(run.result),
        want=show([first, second, third]),
    )


@task(4, checks=("triage-stops-worker", "triage-only-arrived-jobs"))
async def test_triage_stops_its_worker(topic):
    """triage leaves no task running when it returns."""
    run, scene = await triage(topic, [(0.0, 2, "p"), (0.5, 1, "q"), (3.0, 1, "r")])
    scene.check(
        same(run.result, ["p", "q", "r"]),
        _(
            "It returned {got}; expected ['p', 'q', 'r']: 'p' is alone at 0 s, 'q' arrives "
            "while 'p' is handled, and 'r' arrives at 3 s, after the queue has been empty for "
            "a while: keep the worker until every job has arrived and been handled."
        ),
        draw=True,
        got=show(run.result),
    )
    run.check_nothing_left()


# ---------------------------------------------------------------------------------------
# Task 5: drain (Python 3.13+)


async def drain(topic, jobs, workers, hint=""):
    """Call drain(jobs, handle, workers), each job taking 1 s: (run, scene, stopwatch)."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0)
    call = show_call("drain", jobs, handle, workers)
    timeline.start_clock()
    with stopwatch() as watch:
        run = await run_watched(
            call, topic.drain(jobs, handle, workers), hint=hint, timeline=timeline
        )
    return run, called(call, timeline), watch


@NEEDS_313
@task(
    5,
    checks=("drain-shuts-down-the-queue", "drain-workers-share-the-jobs", "drain-returns-counts"),
)
async def test_drain_ten_jobs_on_three_workers(topic, monkeypatch):
    """drain(10 jobs of 1 s, handle, 3) takes 4 s and returns each worker's count: 4, 3, 3."""
    made = watch_queues(monkeypatch, topic.module)
    run, scene, watch = await drain(
        topic,
        [f"job{n}" for n in range(10)],
        3,
        hint=N_(
            "After the last put, call queue.shutdown(): then get() raises asyncio.QueueShutDown "
            "once the queue is empty, and each worker can return."
        ),
    )
    scene.check(
        any(queue.shut_down for queue in made),
        _(
            "queue.shutdown() was never called on the queue. Put every job, then call "
            "queue.shutdown(), and let each worker return when get() raises "
            "asyncio.QueueShutDown."
        ),
    )
    counts = run.result
    scene.check(
        type(counts) is list and len(counts) == 3 and all(type(n) is int for n in counts),
        _(
            "It returned {got}; expected a list of 3 counts (int), one per worker, each the "
            "number of jobs that worker handled."
        ),
        got=show(counts),
    )
    scene.check(
        sorted(counts) == [3, 3, 4],
        _(
            "It returned {got}; expected 4, 3 and 3 in some order: with jobs of 1 s, the three "
            "workers share the ten jobs."
        ),
        draw=True,
        got=show(list(counts)),
    )
    scene.check(
        scene.timeline.peak == 3,
        _("{peak} job(s) ran at once; expected 3, one per worker."),
        draw=True,
        peak=scene.timeline.peak,
    )
    expect_duration(
        watch.elapsed,
        at_least=4.0,
        under=4.5,
        call=_("{call}, each job taking 1 s").format(call=run.call),
        expected=_("4 s: three workers, ten jobs of 1 s."),
        timeline=scene.timeline,
    )
    run.check_nothing_left()


@NEEDS_313
@task(5, checks=("drain-keeps-waiting-jobs", "drain-returns-counts"))
async def test_drain_workers_return_by_themselves(topic):
    """drain(1 job, handle, 3) returns [1, 0, 0] in some order after 1 s; no task is left."""
    for jobs, workers, expected in ((["only"], 3, [0, 0, 1]), ([], 2, [0, 0])):
        run, scene, watch = await drain(topic, jobs, workers)
        counts = run.result
        scene.check(
            type(counts) is list and same(sorted(counts), expected),
            _(
                "It returned {got}; expected {want} in some order: a worker that finds the "
                "queue empty and shut down returns 0."
            ),
            got=show(counts),
            want=expected,
        )
        expect_duration(
            watch.elapsed,
            at_least=len(jobs) * 1.0,
            under=len(jobs) * 1.0 + 0.5,
            call=run.call,
            expected=_("{seconds} s: the workers stop as soon as the queue is empty.").format(
                seconds=len(jobs)
            ),
            timeline=scene.timeline,
        )
        run.check_nothing_left()
