"""Hidden tests for topic 09: queues."""

import asyncio
import itertools
import queue as thread_queue
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from blockbuster import BlockingError

from grader import N_, Timeline, _, expect_duration, find_error, same, show, show_call, task
from grader.inside.evidence import learners_values, record
from grader.inside.running import (
    CLEANUP_GUARD,
    HOUR,
    KEEPS_WAITING,
    Started,
    as_long_as_it_takes,
    check_cancelled_while_waiting,
    check_none_left,
    expect_in_input_order,
    expect_same,
    finish_within,
    leaves,
    long_result,
    peak_of,
    reraise_failed,
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
        "pipeline-one-consumer": "one consumer task handles the items, one at a time",
        "pipeline-one-fetch-at-a-time": "the producer awaits one fetch at a time, in item order",
        "pipeline-leaves-items": "items, the caller's list, is left as it was",
    },
    3: {
        "pool-at-most-workers": "never more than `workers` jobs at once",
        "pool-workers-all-busy": "all the workers take jobs at the same time (10 x 1 s on 3: 4 s)",
        "pool-results-in-job-order": "it returns a list of results in job order, duplicates too",
        "pool-stops-workers": "when it returns, every worker task has finished",
        "pool-leaves-jobs": "jobs, the caller's list, is left as it was",
        "pool-jobs-through-one-queue": "the workers take the jobs from one asyncio.Queue",
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
        "triage-leaves-arrivals": "arrivals, the caller's list, is left as it was",
        "triage-loop-clock": "the arrival times are measured on the loop's clock",
        "triage-priority-queue": "the jobs pass an asyncio.PriorityQueue",
    },
    5: {
        "drain-shuts-down-the-queue": "drain calls queue.shutdown(); workers end on QueueShutDown",
        "drain-keeps-waiting-jobs": "jobs already queued are still handled after shutdown()",
        "drain-workers-share-the-jobs": "the workers run at the same time and share the jobs",
        "drain-returns-counts": "it returns a list of each worker's count of jobs handled",
        "drain-leaves-jobs": "jobs, the caller's list, is left as it was",
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
EXACT = 1e-3  # loop seconds: the virtual clock is exact, this only absorbs float rounding


class WatchedQueue(asyncio.Queue):
    """An asyncio.Queue that counts what is taken from it and what is marked done."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = self.marked_done = 0
        self.shut_down = self.shut_down_at_once = False

    def get_nowait(self):  # get() ends in get_nowait() too
        item = super().get_nowait()
        self.taken += 1
        return item

    def task_done(self):
        self.marked_done += 1
        super().task_done()

    def shutdown(self, immediate=False):
        self.shut_down = True
        self.shut_down_at_once |= bool(immediate)
        super().shutdown(immediate)


def watch_queues(monkeypatch):
    """List every asyncio.Queue made from now on, whatever the learner's code calls the class
    (``Queue``, an alias, a subclass of its own), each noting whether it was shut down."""
    made = record()
    real_init = asyncio.Queue.__init__

    def recording_init(queue, *args, **kwargs):
        real_init(queue, *args, **kwargs)
        queue.shut_down = queue.shut_down_at_once = False
        made.append(queue)

    monkeypatch.setattr(asyncio.Queue, "__init__", recording_init)
    if hasattr(asyncio.Queue, "shutdown"):  # Python 3.13 and newer
        real_shutdown = asyncio.Queue.shutdown

        def recording_shutdown(queue, immediate=False):
            queue.shut_down = True
            queue.shut_down_at_once |= bool(immediate)
            real_shutdown(queue, immediate)

        monkeypatch.setattr(asyncio.Queue, "shutdown", recording_shutdown)
    return made


def watch_takes(monkeypatch):
    """Count, from now on, the items taken from each asyncio.Queue (PriorityQueue and any
    subclass included: get() ends in get_nowait()); return {id: [queue, items taken]}."""
    taken = record(dict)
    real_get_nowait = asyncio.Queue.get_nowait

    def counting_get_nowait(queue):
        item = real_get_nowait(queue)
        taken.setdefault(id(queue), [queue, 0])[1] += 1
        return item

    monkeypatch.setattr(asyncio.Queue, "get_nowait", counting_get_nowait)
    return taken


def most_taken(taken, kind=asyncio.Queue):
    """The most items taken from one queue of ``kind`` (0 when none)."""
    return max((count for queue, count in taken.values() if isinstance(queue, kind)), default=0)


def blocked_in_thread_queue(error):
    """True when ``error`` holds a BlockingError raised inside the threading queue module."""
    return any(
        isinstance(leaf, BlockingError)
        and Path(thread_queue.__file__)
        in {Path(frame.filename) for frame in traceback.extract_tb(leaf.__traceback__)}
        for leaf in leaves(error)
    )


@learners_values("result")
@dataclass
class Run:
    """A call of the learner's function: its result, loop time taken and leftover tasks."""

    call: str
    timeline: Timeline | None
    result: object = None
    elapsed: float = 0.0
    leftovers: tuple = ()

    @property
    def scene(self):
        return called(self.call, self.timeline)

    def expect(self, want, message, **values):
        """Fail with ``message`` (``{got}``, ``{want}`` shown) unless it returned ``want``."""
        got = show(self.result)
        self.scene.check(same(self.result, want), message, got=got, want=show(want), **values)

    def took(self, seconds, expected, call="{call}", under=None):
        """Fail unless it took ``seconds`` of loop time, under ``under`` (default: 0.5 s more);
        ``call`` describes the call, its ``{call}`` the call itself."""
        under = under or seconds + 0.5
        doing, timeline = call.format(call=self.call), self.timeline
        expect_duration(
            self.elapsed,
            at_least=seconds,
            under=under,
            call=doing,
            expected=expected,
            timeline=timeline,
        )

    def check_nothing_left(self):
        """Fail when the call returned while tasks it started still ran."""
        check_none_left(
            self.leftovers,
            call=self.call,
            remedy=_(
                "They wait for items that never come: after `await queue.join()`, cancel and "
                "await them, or put one sentinel per worker."
            ),
        )


async def run_watched(call, coroutine, *, hint="", timeline=None, explain=None):
    """Await the learner's coroutine with a limit; note (then stop) tasks it left running.
    ``explain()``, when given, may fail with a message of its own if the call raised or hung."""
    start = asyncio.get_running_loop().time()
    started = Started()
    try:
        finished, result = await finish_within(coroutine, LIMIT)
    except Exception as raised:
        if blocked_in_thread_queue(raised):
            await started.stop()
            message = _(
                "It used queue.Queue, for threads: its get() and put() block, freezing the "
                "event loop. Use asyncio.Queue, whose get() and put() you await."
            )
            called(call).fail(message)
        if explain is not None:
            await started.stop()
            explain()
        raise
    run = Run(call, timeline, result, leftovers=tuple(started.leftovers()))
    await started.stop()
    if not finished and explain is not None:
        explain()
    run.elapsed = asyncio.get_running_loop().time() - start
    message = _(
        "It had not returned after {seconds} s of loop time: it waits for something that "
        "never happens.{hint}"
    )
    hint = "\n" + _(hint) if hint else ""
    run.scene.check(finished, message, draw=True, seconds=f"{LIMIT:g}", hint=hint)
    return run


def check_list_kept(scene, given, before):
    """Fail when the call changed the list it was given, which its caller still holds."""
    message = _(
        "It changed the list it was given: {before} before the call, {after} after. The list is "
        "the caller's: read it (a for loop over it), do not pop from it or sort it."
    )
    scene.check(same(given, before), message, before=show(before), after=show(given))


# Task 1: consume


def check_nothing_cut_off(run, name):
    """Fail when a call of handle was cancelled halfway: the workers were stopped too early."""
    cut = [span.label for span in run.timeline.spans if span.outcome == "cancelled"]
    message = _(
        "{label} was cancelled halfway: {name} stopped the task handling it before it was done. "
        "Stop a worker only once its work is over: queue.join() returns once task_done() has "
        "been called for every item, so call task_done() after the handling, not before."
    )
    run.scene.check(not cut, message, draw=True, label=cut[0] if cut else "", name=name)


async def join_or_explain(queue, worker, scene):
    """``await queue.join()``; if it hangs, say why in terms of task_done."""
    joined, _result = await finish_within(queue.join(), 30.0)
    if joined:
        return
    reraise_failed([worker])
    await stop_tasks([worker])
    message = _(
        "queue.join() never returned: consume took {taken} item(s) and called "
        "queue.task_done() {done} time(s). Call it once per item, after handling it."
    )
    scene.fail(message, draw=True, taken=queue.taken, done=queue.marked_done)


def check_done_at_most_once_per_item(queue, worker, scene):
    """Fail, saying so, when consume called task_done() more often than it took items: join()
    then returns while items are still unhandled (and a call too many raises ValueError)."""
    failed = worker.done() and not worker.cancelled() and worker.exception() is not None
    error = worker.exception() if failed else None
    ended = f"{type(error).__name__}: {error}" if error else ""
    ended = _(", then ended with {error}").format(error=ended) if error else ""
    message = _(
        "it took {taken} item(s) and called queue.task_done() {done} times{ended}: more than "
        "once per item, so queue.join() returned before every item was handled. Call it once "
        "per item, after handling it."
    )
    too_many = queue.marked_done > queue.taken
    scene.check(not too_many, message, taken=queue.taken, done=queue.marked_done, ended=ended)


@task(
    1,
    checks=(
        "consume-task-done-once-per-item",
        "consume-task-done-after-handling",
        "consume-waits-for-more",
        "consume-lets-cancellation-through",
    ),
)
async def test_consume_handles_items_waits_for_more_and_stops_when_cancelled(topic):
    """consume(queue, handle) handles 3 items, marks each done after it, waits for a 4th."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=1.0)
    queue = WatchedQueue()
    for item in ("a", "b", "c"):
        queue.put_nowait(item)
    call = "consume(queue, handle)"
    scene = Scene(_("Started {call} as a task with items in the queue;").format(call=call))
    scene.timeline = timeline
    timeline.start_clock()
    start = asyncio.get_running_loop().time()
    worker = asyncio.create_task(topic.consume(queue, handle))
    try:
        await join_or_explain(queue, worker, scene)
        elapsed = asyncio.get_running_loop().time() - start
        check_done_at_most_once_per_item(queue, worker, scene)
        handled = timeline.labels
        message = _("'a', 'b', 'c' were put first. It called {got}; expected them in order.")
        ordered = handled == ["handle('a')", "handle('b')", "handle('c')"]
        scene.check(ordered, message, got=show(handled))
        still_running = [span.label for span in timeline.spans if span.outcome != "done"]
        message = _(
            "queue.join() returned while {names} still ran: task_done() came before the "
            "handling. Call it after `await handle(item)`."
        )
        scene.check(not still_running, message, draw=True, names=", ".join(still_running))
        message = _("On 3 items, it called task_done() {times} times; expected once per item.")
        scene.check(queue.marked_done == 3, message, times=queue.marked_done)
        doing = _("{call} on 3 items, with handle taking 1 s, then queue.join()").format(call=call)
        expected = _("join() returns after 3 s, when the third item has been handled.")
        expect_duration(
            elapsed, at_least=3.0, under=3.5, call=doing, expected=expected, timeline=timeline
        )
        await asyncio.sleep(5.0)
        reraise_failed([worker])
        message = _(
            "once the queue was empty it returned. A consumer runs forever: loop on "
            "`await queue.get()`, which waits for the next item."
        )
        scene.check(not worker.done(), message)
        queue.put_nowait("d")
        await join_or_explain(queue, worker, scene)
        handled = timeline.labels[3:]
        message = _("5 s after the others, 'd' was put. It called {got}; expected handle('d').")
        scene.check(handled == ["handle('d')"], message, got=show(handled))
    finally:
        await stop_tasks([worker])
    check_ends_cancelled(worker, _("Cancelled the task running {call};").format(call=call))
    await check_cancelled_while_handling(topic, call)


def check_ends_cancelled(worker, said):
    """Fail unless ``worker``, cancelled, has ended by the cancellation; ``said`` what was done."""
    scene = Scene(said)
    message = _("it did not stop. Let asyncio.CancelledError end the loop (or re-raise it).")
    scene.check(worker.done(), message)
    error = None if worker.cancelled() else worker.exception()
    message = _(
        "it ended with ValueError: {error}. Cancelled while it waited in queue.get(), it "
        "called task_done() for an item it never took: mark an item done after handling it "
        "(a finally around `await handle(item)`), not in a finally around the get() too."
    )
    too_many = isinstance(error, ValueError) and "task_done" in str(error)
    scene.check(not too_many, message, error=error)
    reraise_failed([worker])
    message = _("it ended without CancelledError: the cancellation was swallowed. Re-raise it.")
    scene.check(worker.cancelled(), message)


async def check_cancelled_while_handling(topic, call):
    """Cancel consume halfway through a 1 s handle: it must end, by the cancellation."""
    handle = Timeline().fake("handle", seconds=1.0)
    queue = WatchedQueue()
    queue.put_nowait("e")
    worker = asyncio.create_task(topic.consume(queue, handle))
    try:
        await asyncio.sleep(0.5)
        worker.cancel()
        await asyncio.wait([worker], timeout=5.0)
        said = _("Cancelled the task running {call} halfway through its handle('e');")
        check_ends_cancelled(worker, said.format(call=call))
    finally:
        await stop_tasks([worker])


# Task 2: pipeline

PIPELINE_HINT = N_(
    "Start the consumer before producing (put() on a full queue waits for it), and stop it "
    "after the last item (a sentinel, or join() then cancel)."
)


class PipelineFakes:
    """fetch and handle fakes that measure how far the producer runs ahead."""

    def __init__(self, fetch_seconds, handle_seconds):
        self.timeline = Timeline()
        self.fetch_seconds, self.handle_seconds = fetch_seconds, handle_seconds
        self.fetches = self.handles = self.max_ahead = 0
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
        given = list(items)  # the learner's copy: a mistake there leaves the test's list intact
        coroutine = topic.pipeline(given, self.fetch, self.handle, maxsize)
        run = await run_watched(call, coroutine, hint=PIPELINE_HINT, timeline=self.timeline)
        check_list_kept(run.scene, given, items)
        check_nothing_cut_off(run, "pipeline")
        expect_in_input_order(run.result, [f"data-{item}".upper() for item in items], call=call)
        return run


@task(
    2,
    checks=(
        "pipeline-overlaps",
        "pipeline-results-in-item-order",
        "pipeline-leaves-items",
        "pipeline-bounded-asyncio-queue",
    ),
)
async def test_pipeline_overlaps_fetching_and_handling(topic):
    """pipeline(5 items, fetch 1 s, handle 1 s, maxsize=2) takes 6 s; results in order."""
    run = await PipelineFakes(1.0, 1.0).pipeline(topic, ["a", "b", "c", "d", "e"], 2)
    expected = _(
        "6 s: the producer fetches the next item while the consumer handles the previous "
        "one (1 s for the first fetch, then 5 handles of 1 s)."
    )
    call = _("{call}, fetch and handle taking 1 s each")
    run.took(6.0, expected, call, under=6.0 + EXACT)  # the virtual clock is exact


@task(
    2,
    checks=(
        "pipeline-bounded-asyncio-queue",
        "pipeline-one-consumer",
        "pipeline-one-fetch-at-a-time",
        "pipeline-results-in-item-order",
    ),
)
async def test_pipeline_holds_a_fast_producer_back(topic, monkeypatch):
    """pipeline(10 items, fetch 0.1 s, handle 1 s, maxsize=2): one handle at once, <= 3 ahead."""
    made = watch_queues(monkeypatch)
    fakes = PipelineFakes(fetch_seconds=0.1, handle_seconds=1.0)
    run = await fakes.pipeline(topic, list(range(10)), 2)
    handles = [(span.start, span.end) for span in run.timeline.spans if span.label[:7] == "handle("]
    message = _(
        "Up to {peak} handle calls ran at once; expected one at a time: one consumer task "
        "gets an item, awaits handle(...), then gets the next."
    )
    run.scene.check(peak_of(handles) <= 1, message, draw=True, peak=peak_of(handles))
    fetches = [(span.start, span.end) for span in run.timeline.spans if span.label[:6] == "fetch("]
    message = _(
        "Up to {peak} fetch calls ran at once; expected one at a time: the producer awaits "
        "fetch(item) for one item at a time, in order, and puts what it gives on the queue "
        "before fetching the next."
    )
    run.scene.check(peak_of(fetches) <= 1, message, draw=True, peak=peak_of(fetches))
    if fakes.max_ahead <= 2 + 2:
        return
    if not made:
        why = _("No asyncio.Queue was made: use asyncio.Queue(maxsize=maxsize).")
    elif all(queue.maxsize <= 0 for queue in made):
        why = _("Your queue is unbounded: use asyncio.Queue(maxsize=maxsize).")
    else:
        why = _(
            "Your queue is bounded, but the producer does not wait for put(): "
            "`await queue.put(...)` in the producer itself, not in a task per put."
        )
    fetched, handled = fakes.ahead_at
    message = _(
        "fetch takes 0.1 s, handle 1 s. The producer began fetch {fetched} when {handled} "
        "item(s) were being handled: {ahead} ahead; expected 3 at most (2 queued, 1 to put)."
        "\n{why}"
    )
    ahead = fakes.max_ahead
    run.scene.fail(message, draw=True, fetched=fetched, handled=handled, ahead=ahead, why=why)


@task(2, checks=("pipeline-bounded-asyncio-queue",))
@pytest.mark.parametrize("maxsize", [3, 1])
async def test_pipeline_bounds_its_queue_to_maxsize(topic, monkeypatch, maxsize):
    """pipeline(6 items, fetch, handle, maxsize) puts them on an asyncio.Queue(maxsize), 3 or 1."""
    made = watch_queues(monkeypatch)
    run = await PipelineFakes(fetch_seconds=0.1, handle_seconds=1.0).pipeline(
        topic, list(range(6)), maxsize
    )
    sizes = [queue.maxsize for queue in made]
    message = _(
        "The queues it made were bounded to {sizes}; expected asyncio.Queue(maxsize={maxsize}), "
        "the maxsize it was given."
    )
    run.scene.check(maxsize in sizes, message, sizes=show(sizes), maxsize=maxsize)


FALSY = N_(
    "A value fetch gave was taken for the end of the stream, stopping the consumer: use a "
    "sentinel no data can be, such as `DONE = object()`, compared with `is`."
)


class EqualToAnything:
    """Data whose == says True to anything (as mock.ANY does): a sentinel found by == is not
    safe, one found by ``is`` is."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __repr__(self):
        return "<ANY>"


@task(2, checks=("pipeline-passes-any-value", "pipeline-stops-consumer"))
async def test_pipeline_hands_on_whatever_fetch_gives(topic):
    """pipeline where fetch gives None, 0, '' and False: each is handled, in order."""
    given = {"a": None, "b": 0, "c": "", "d": False, "e": EqualToAnything(), "f": "last"}
    timeline = Timeline()
    fetch = timeline.fake("fetch", seconds=0.1, result=given.get)
    handle = timeline.fake("handle", seconds=0.2, result=repr)
    items = list(given)
    call = show_call("pipeline", items, fetch, handle, 2)
    run = await run_watched(call, topic.pipeline(items, fetch, handle, 2), hint=FALSY)
    handled = [span.label for span in timeline.spans if span.label.startswith("handle")]
    message = _(
        "fetch gave None, 0, '', False, an object equal to anything, then 'last'; handle was "
        "called as {got}; expected 6. {why}"
    )
    run.scene.check(len(handled) == len(items), message, got=show(handled), why=_(FALSY))
    expect_in_input_order(run.result, [repr(value) for value in given.values()], call=call)
    run.check_nothing_left()


@task(2, checks=("pipeline-stops-consumer", "pipeline-results-in-item-order"))
@pytest.mark.parametrize(
    "items", [["x", "y", "z"], [], [f"item{n}" for n in range(25)]], ids=["three", "none", "25"]
)
async def test_pipeline_stops_its_consumer(topic, items):
    """pipeline leaves no task running when it returns, also with no items at all."""
    run = await PipelineFakes(fetch_seconds=0.5, handle_seconds=1.0).pipeline(topic, items, 1)
    run.check_nothing_left()


@task(2, checks=("shared-state",))
async def test_two_pipelines_at_once_keep_their_own_results(topic):
    """Two pipeline calls at the same time: each returns its own items' results, in order."""
    fetch = Timeline().fake("fetch", seconds=0.2)
    handle = Timeline().fake("handle", seconds=0.5, result=done)
    items = (["a", "b", "c"], ["x", "y"])
    call = _("{first} and {second} at the same time").format(
        first=show_call("pipeline", items[0], fetch, handle, 1),
        second=show_call("pipeline", items[1], fetch, handle, 1),
    )
    both = asyncio.gather(*(topic.pipeline(list(each), fetch, handle, 1) for each in items))
    run = await run_watched(call, both)
    want = [[done(item) for item in each] for each in items]
    message = _(
        "They returned {got}; expected {want}: each call has its own queue, producer, consumer "
        "and results, in its own variables, none the module or a class shares."
    )
    run.scene.check(
        same(list(run.result or ()), want), message, got=show(run.result), want=show(want)
    )
    run.check_nothing_left()


# Task 3: run_pool

POOL_HINT = N_(
    "Workers loop forever on get(): after `await queue.join()` cancel them (or put a sentinel "
    "each). join() returns once task_done() was called per job."
)
JOB_SECONDS = {"slow": 3.0, "quick": 0.5, "medium": 1.5, "tiny": 0.2, "fair": 1.0}


async def run_jobs(topic, name, jobs, workers, seconds=1.0, result=None, hint=POOL_HINT):
    """Call ``name``(jobs, handle, workers), run_pool or drain, handle taking ``seconds`` (a
    number or a lookup) and giving ``result(job)``, else the job."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=seconds, result=result)
    call = show_call(name, jobs, handle, workers)
    timeline.start_clock()
    given = list(jobs)  # the learner's copy: a mistake there leaves the test's list intact
    coroutine = getattr(topic, name)(given, handle, workers)
    run = await run_watched(call, coroutine, hint=hint, timeline=timeline)
    check_list_kept(run.scene, given, jobs)
    check_nothing_cut_off(run, name)
    return run


def done(job):
    return f"done-{job}"


@task(
    3,
    checks=(
        "pool-at-most-workers",
        "pool-workers-all-busy",
        "pool-results-in-job-order",
        "pool-leaves-jobs",
        "pool-jobs-through-one-queue",
        "pool-stops-workers",
    ),
)
async def test_pool_of_three_runs_ten_jobs_in_four_seconds(topic, monkeypatch):
    """run_pool(10 jobs of 1 s, handle, 3) takes 4 s with exactly 3 jobs at once at most."""
    jobs = [f"job{n}" for n in range(10)]
    taken = watch_takes(monkeypatch)
    run = await run_jobs(topic, "run_pool", jobs, 3, result=done)
    expect_in_input_order(run.result, [f"done-{job}" for job in jobs], call=run.call)
    peak = run.timeline.peak
    message = _(
        "Up to {peak} jobs ran at once; expected 3 at most: `workers` tasks, not one per job."
    )
    run.scene.check(peak <= 3, message, draw=True, peak=peak)
    message = _("Only {peak} job(s) ran at once; expected 3: start every worker before waiting.")
    run.scene.check(peak == 3, message, draw=True, peak=peak)
    expected = _("4 s: three workers take three jobs at a time, so ten jobs need 4 rounds.")
    run.took(4.0, expected, _("{call}, each job taking 1 s"))
    message = _(
        "The results are right, but at most {count} item(s) were taken from one asyncio.Queue "
        "for the 10 jobs; expected the workers to take every job from one asyncio.Queue, this "
        "task's subject: put the (index, job) pairs on it and let each worker get() them."
    )
    count = most_taken(taken)
    run.scene.check(count >= len(jobs), message, count=count)


@task(3, checks=("pool-results-in-job-order", "pool-workers-all-busy", "pool-at-most-workers"))
async def test_pool_returns_results_in_job_order(topic):
    """run_pool(jobs of different lengths, handle, 2) returns results in the order of jobs."""
    jobs = list(JOB_SECONDS)
    run = await run_jobs(topic, "run_pool", jobs, 2, JOB_SECONDS.get, str.upper)
    expect_in_input_order(run.result, [job.upper() for job in jobs], call=run.call)
    message = _(
        "Up to {peak} jobs ran at once; expected {workers} at most: `workers` tasks, not one "
        "per job."
    )
    run.scene.check(run.timeline.peak <= 2, message, draw=True, peak=run.timeline.peak, workers=2)
    expected = _("3.2 s: while one worker does the 3 s job, the other does the rest.")
    run.took(3.2, expected, _("{call}, the jobs taking 3, 0.5, 1.5, 0.2 and 1 s"), under=3.5)


@task(3, checks=("pool-results-in-job-order", "pool-jobs-through-one-queue"))
async def test_two_pools_at_once_keep_their_own_jobs_and_results(topic):
    """Two run_pool calls at the same time: each returns its own jobs' results, in order."""
    handle = Timeline().fake("handle", seconds=0.5, result=done)
    jobs = (["a", "b", "c"], ["x", "y"])
    call = _("{first} and {second} at the same time").format(
        first=show_call("run_pool", jobs[0], handle, 2),
        second=show_call("run_pool", jobs[1], handle, 2),
    )
    both = asyncio.gather(*(topic.run_pool(list(each), handle, 2) for each in jobs))
    run = await run_watched(call, both, hint=POOL_HINT)
    want = [[done(job) for job in each] for each in jobs]
    message = _(
        "They returned {got}; expected {want}: each call has its own queue, workers and "
        "results, in its own variables, none the module or a class shares."
    )
    run.scene.check(
        same(list(run.result or ()), want), message, got=show(run.result), want=show(want)
    )
    run.check_nothing_left()


@task(3, checks=("pool-results-in-job-order", "pool-stops-workers"))
async def test_pool_with_a_job_listed_twice(topic):
    """run_pool(['a', 'b', 'a', 'c'], handle, 2): four results, 'a' handled twice."""
    jobs, numbers, given = ["a", "b", "a", "c"], itertools.count(1), []

    def numbered(job):  # each call of handle gives its own result: 'done-a #1', ...
        given.append(f"{done(job)} #{next(numbers)}")
        return given[-1]

    run = await run_jobs(topic, "run_pool", jobs, 2, result=numbered)
    handled = sorted(run.timeline.labels)
    message = _("handle was called as {got}; expected once per job: 'a' twice, 'b' and 'c' once.")
    once_each = handled == ["handle('a')", "handle('a')", "handle('b')", "handle('c')"]
    run.scene.check(once_each, message, got=show(handled))
    got = run.result
    # Exact types: a result that claims to equal any text is none of them.
    in_place = type(got) is list and same(sorted(got, key=repr), sorted(given, key=repr))
    in_place = in_place and all(
        str(result).startswith(f"{done(job)} #") for result, job in zip(got, jobs, strict=True)
    )
    message = _(
        "handle gave each call its own result, {given}. It returned {got}; expected each of "
        "them once, at the place of its job: put (index, job) on the queue and store each "
        "result at its index (jobs.index(job), or a dict by job, keeps only one 'a')."
    )
    run.scene.check(in_place, message, given=show(given), got=show(got))
    run.check_nothing_left()


@task(3, checks=("pool-stops-workers", "pool-results-in-job-order"))
@pytest.mark.parametrize(("jobs", "workers"), [(["a", "b", "c", "d"], 2), (["a", "b"], 5), ([], 3)])
async def test_pool_stops_its_workers(topic, jobs, workers):
    """run_pool leaves no worker running when it returns (also with more workers than jobs)."""
    run = await run_jobs(topic, "run_pool", jobs, workers, result=done)
    expect_in_input_order(run.result, [f"done-{job}" for job in jobs], call=run.call)
    run.check_nothing_left()


@task(3, checks=("pool-workers-all-busy", "pool-at-most-workers", "pool-results-in-job-order"))
@pytest.mark.parametrize(("count", "workers"), [(6, 4), (2, 5), (3, 1)])
async def test_pool_uses_as_many_workers_as_it_is_given(topic, count, workers):
    """run_pool(jobs of 1 s, handle, workers) for other counts: min(jobs, workers) at once."""
    jobs = [f"job{n}" for n in range(count)]
    run = await run_jobs(topic, "run_pool", jobs, workers, result=done)
    expect_in_input_order(run.result, [f"done-{job}" for job in jobs], call=run.call)
    peak, want = run.timeline.peak, min(count, workers)
    message = _(
        "Up to {peak} jobs ran at once; expected {workers} at most: `workers` tasks, not one "
        "per job."
    )
    run.scene.check(peak <= workers, message, draw=True, peak=peak, workers=workers)
    message = _(
        "Only {peak} job(s) ran at once; expected {want}: {count} jobs on {workers} worker(s). "
        "Start exactly `workers` worker tasks, whatever the number of jobs."
    )
    run.scene.check(
        peak == want, message, draw=True, peak=peak, want=want, count=count, workers=workers
    )
    rounds = -(-count // workers)
    expected = _("{rounds} s: {count} jobs of 1 s on {workers} worker(s) take {rounds} round(s).")
    run.took(
        float(rounds),
        expected.format(rounds=rounds, count=count, workers=workers),
        _("{call}, each job taking 1 s"),
    )


# Task 4: triage

ARRIVALS = [(0.0, 5, "a"), (0.2, 3, "b"), (0.4, 1, "c"), (0.6, 2, "d"), (1.5, 0, "e")]


def triage_call(arrivals):
    shown = ", ".join(f"({at:g}, {prio}, {job!r})" for at, prio, job in arrivals)
    return f"triage([{shown}], handle)"


def key_of(job):
    return job if isinstance(job, str) else repr(job)


class Ticket:
    """A job with no order at all: ``<`` between two tickets raises TypeError, as it does
    between two objects of most classes."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Ticket({self.name!r})"


def watch_comparisons(monkeypatch):
    """Note every TypeError an asyncio.PriorityQueue raises putting or getting an entry (two
    entries it could not compare), wherever that happens: in the caller, or in a worker task
    that dies of it, leaving queue.join() to wait forever."""
    errors = record()
    for name in ("_put", "_get"):
        real = getattr(asyncio.PriorityQueue, name)

        def noting(queue, *args, _real=real):
            try:
                return _real(queue, *args)
            except TypeError as error:
                errors.append(error)
                raise

        monkeypatch.setattr(asyncio.PriorityQueue, name, noting)
    return errors


COMPARED = N_(
    "It handled {handled}, then the asyncio.PriorityQueue raised TypeError: {error}. Expected "
    "{want}, the most urgent first and equal priorities in arrival order: the queue compared "
    "two jobs of equal priority (and equal `at`), which have no order. Put (priority, "
    "arrival_number, job), the number from itertools.count(): two arrival numbers are never "
    "equal, so the jobs are never compared."
)


async def triage(topic, arrivals, clock, expected, result=lambda job: job, compared=None):
    """Call triage(arrivals, handle), handle taking 1 s and giving ``result(job)``; fail if a
    job began before it arrived, or if it read the wall clock (``clock`` counts) and did not
    return ``expected``; if it raised or hung after the PriorityQueue failed to compare two
    entries (``compared``, from :func:`watch_comparisons`), say so."""
    timeline = Timeline()

    def explain():
        if compared:
            scene = called(triage_call(arrivals), timeline)
            handled, want = show(jobs), show(expected)
            scene.fail(_(COMPARED), draw=True, handled=handled, error=compared[0], want=want)

    began = {}
    starts, jobs = [], []  # when each call of handle began, and its job, in order
    start = asyncio.get_running_loop().time()

    async def handle(job):
        began[key_of(job)] = asyncio.get_running_loop().time() - start
        starts.append(began[key_of(job)])
        jobs.append(job)
        async with timeline.span(f"handle({job!r})"):
            await asyncio.sleep(1.0)
        return result(job)

    timeline.start_clock()
    call = triage_call(arrivals)
    given = list(arrivals)  # the learner's copy: a mistake there leaves the test's list intact
    coroutine = topic.triage(given, handle)
    explaining = explain if compared is not None else None
    run = await run_watched(call, coroutine, timeline=timeline, explain=explaining)
    check_list_kept(run.scene, given, arrivals)
    message = _(
        "It returned {got}; expected {want}. It read the wall clock (time.monotonic(), "
        "time.time()...) {count} time(s): the grader runs a virtual clock, on which "
        "asyncio.sleep(1) takes no real time and the wall clock stands still. Measure `at` on "
        "the loop's clock: asyncio.get_running_loop().time()."
    )
    on_time = not clock.reads or same(run.result, expected)
    got, want = show(run.result), show(expected)
    run.scene.check(on_time, message, draw=True, got=got, want=want, count=clock.reads)
    early = [
        _("{job} (arrives at {at} s, began at {began} s)").format(
            job=repr(job), at=f"{at:g}", began=f"{began[key_of(job)]:g}"
        )
        for at, _prio, job in arrivals
        if key_of(job) in began and began[key_of(job)] < at - 1e-6
    ]
    message = _(
        "Jobs were handled before they arrived: {early}. Put each job on the queue when its "
        "time comes, `at` seconds after the start."
    )
    run.scene.check(not early, message, draw=True, early=", ".join(early))
    if arrivals and starts:  # the worker is free when the first job arrives: it takes it then
        first_at, first_began = arrivals[0][0], starts[0]
        message = _(
            "The first job arrived at {at} s, the worker free, but the first handle(...) began "
            "at {began} s; expected it to begin at {at} s: `at` counts the seconds from the "
            "call of triage, and a free worker takes a job as soon as it arrives."
        )
        late = first_began > first_at + EXACT
        at, began_at = f"{first_at:g}", f"{first_began:.2f}"
        run.scene.check(not late, message, draw=True, at=at, began=began_at)
    return run


@task(
    4,
    checks=(
        "triage-most-urgent-first",
        "triage-only-arrived-jobs",
        "triage-one-at-a-time",
        "triage-results-in-handled-order",
        "triage-leaves-arrivals",
        "triage-loop-clock",
        "triage-priority-queue",
    ),
)
async def test_triage_takes_the_most_urgent_job_first(topic, wall_clock, monkeypatch):
    """triage hands the free worker the most urgent job that has arrived: a, c, e, d, b."""
    expected = ["a", "c", "e", "d", "b"]
    taken = watch_takes(monkeypatch)
    run = await triage(topic, ARRIVALS, wall_clock, [done(job) for job in expected], done)
    results, kind = run.result, type(run.result)
    message = _("It returned {got} (a {type}); expected a list.")
    run.scene.check(kind is list, message, got=show(results), type=kind.__name__)
    message = _("It returned the jobs, {got}; expected what handle gave ('done-' + job), in order.")
    jobs = sorted(job for _at, _prio, job in ARRIVALS)
    run.scene.check(sorted(map(str, results)) != jobs, message, got=show(results))
    order = [r.removeprefix("done-") if isinstance(r, str) else r for r in results]
    message = _(
        "It handled the jobs in arrival order {got}; expected {want}, the lowest priority "
        "number first: an asyncio.PriorityQueue of (priority, arrival_number, job)."
    )
    by_arrival = order == ["a", "b", "c", "d", "e"]
    run.scene.check(not by_arrival, message, draw=True, got=show(order), want=show(expected))
    message = _(
        "It handled them in the order {got}; expected {want}: 'a' alone at 0 s; at 1 s "
        "'c' is the most urgent waiting; at 2 s 'e' (0) has arrived; then 'd', then 'b'."
    )
    in_order = same(results, [f"done-{job}" for job in expected])
    run.scene.check(in_order, message, draw=True, got=show(order), want=show(expected))
    message = _("{peak} jobs ran at once; expected one worker, one job at a time.")
    run.scene.check(run.timeline.peak == 1, message, draw=True, peak=run.timeline.peak)
    expected = _("5 s: five jobs of 1 s one after another, the worker never idle.")
    run.took(5.0, expected, _("{call}, with handle taking 1 s"), under=5.0 + EXACT)
    message = _(
        "The order is right, but at most {count} item(s) were taken from one "
        "asyncio.PriorityQueue for the 5 jobs; expected every job to pass an "
        "asyncio.PriorityQueue, as the statement asks: put (priority, arrival_number, job) on it "
        "and let the worker get() the most urgent."
    )
    count = most_taken(taken, asyncio.PriorityQueue)
    run.scene.check(count >= len(ARRIVALS), message, count=count)


TICKETS = [Ticket("t1"), Ticket("t2"), Ticket("t3"), Ticket("t4")]
TRIAGES = [  # arrivals (at, priority, job); the jobs in the order handled; why that order
    (
        [(0.0, 1, "busy"), (0.1, 2, "zed"), (0.2, 2, "amy"), (0.3, 2, "kim")],
        ["busy", "zed", "amy", "kim"],
        N_(
            "among equal priorities, first come first served: put (priority, arrival_number, "
            "job), numbered by itertools.count(), or the queue compares the jobs (here by name)."
        ),
    ),
    (
        [(0.0, 5, "low"), (0.0, 1, "high"), (0.0, 1, "high-too"), (0.5, 0, "urgent")],
        ["high", "urgent", "high-too", "low"],  # names in arrival order: no tie to blame
        N_(
            "'low', 'high', 'high-too' arrive at once: put them all with no await in between, "
            "or the worker takes the first. 'urgent' (0) has come when it is next free."
        ),
    ),
    (
        [(0.0, 1, {"id": 1}), (0.1, 2, {"id": 2}), (0.2, 2, {"id": 3})],
        [{"id": 1}, {"id": 2}, {"id": 3}],
        N_("among equal priorities, first come first served; the jobs are never compared."),
    ),
    (
        [(0.0, 1, "busy"), (0.5, 2, "zoe"), (0.5, 2, "max"), (0.5, 2, "ann")],
        ["busy", "zoe", "max", "ann"],
        N_(
            "'zoe', 'max' and 'ann' (priority 2) arrive together at 0.5 s, in that order, "
            "while 'busy' runs: first come first served. Break ties with an arrival number "
            "from itertools.count(), not with `at` (equal here) or the job (here by name)."
        ),
    ),
    (
        [(0.0, 1, TICKETS[0]), (0.5, 0, TICKETS[1]), (0.5, 2, TICKETS[2]), (0.5, 2, TICKETS[3])],
        TICKETS,
        N_(
            "'t2' (0), then 't3' and 't4' (2) arrive together at 0.5 s while 't1' runs: the "
            "most urgent, then first come first served; tickets cannot be compared, and are "
            "never compared."
        ),
    ),
    (
        [(0.0, 2, "p"), (0.5, 1, "q"), (3.0, 1, "r")],
        ["p", "q", "r"],
        N_("'r' arrives at 3 s, the queue empty meanwhile: keep the worker until all are done."),
    ),
    ([], [], N_("no job arrives, so none is handled: an empty list.")),
]


@task(
    4,
    checks=(
        "triage-equal-priority-fifo",
        "triage-simultaneous-arrivals",
        "triage-never-compares-jobs",
        "triage-stops-worker",
        "triage-only-arrived-jobs",
        "triage-loop-clock",
        "triage-results-in-handled-order",
    ),
)
@pytest.mark.parametrize(("arrivals", "expected", "why"), TRIAGES)
async def test_triage_orders_the_jobs_and_stops(
    topic, wall_clock, monkeypatch, arrivals, expected, why
):
    """triage takes the most urgent job, the first come among equals; it leaves no task."""
    compared = watch_comparisons(monkeypatch)
    try:
        run = await triage(topic, arrivals, wall_clock, expected, compared=compared)
    except Exception as raised:
        error = find_error(raised, TypeError)
        if error is None or not expected or isinstance(expected[0], str):
            raise
        message = _(
            "It raised TypeError: {error}. On equal priorities the queue compared the jobs, "
            "which have no order. Put (priority, arrival_number, job): arrival numbers are "
            "never equal."
        )
        called(triage_call(arrivals)).fail(message, error=error)
    message = _("It returned {got}; expected {want}: {why}")
    run.expect(expected, message, draw=True, why=_(why))
    run.check_nothing_left()


# Task 5: drain (Python 3.13+)


@NEEDS_313
@task(
    5,
    checks=(
        "drain-shuts-down-the-queue",
        "drain-keeps-waiting-jobs",
        "drain-workers-share-the-jobs",
        "drain-returns-counts",
        "drain-leaves-jobs",
    ),
)
async def test_drain_ten_jobs_on_three_workers(topic, monkeypatch):
    """drain(10 jobs of 1 s, handle, 3) takes 4 s and returns each worker's count: 4, 3, 3."""
    made = watch_queues(monkeypatch)
    hint = N_("Call queue.shutdown() after the last put: get() then raises QueueShutDown.")
    run = await run_jobs(topic, "drain", [f"job{n}" for n in range(10)], 3, hint=hint)
    message = _(
        "queue.shutdown() was never called: put every job, call it, and let each worker "
        "return when get() raises asyncio.QueueShutDown."
    )
    run.scene.check(any(queue.shut_down for queue in made), message)
    counts = run.result
    message = _("It returned {got}; expected a list of 3 int, the jobs each worker handled.")
    ints = type(counts) is list and len(counts) == 3 and all(type(n) is int for n in counts)
    run.scene.check(ints, message, got=show(counts))
    message = _(
        "It returned {got}: {handled} of the 10 jobs were handled. "
        "queue.shutdown(immediate=True) drops the jobs still in the queue; call "
        "queue.shutdown() alone, and the workers still take every job already put before get() "
        "raises QueueShutDown."
    )
    dropped = sum(counts) < 10 and any(queue.shut_down_at_once for queue in made)
    run.scene.check(not dropped, message, got=show(counts), handled=sum(counts))
    message = _("It returned {got}; expected 4, 3 and 3 in some order: the workers share the jobs.")
    run.scene.check(sorted(counts) == [3, 3, 4], message, draw=True, got=show(list(counts)))
    message = _("{peak} job(s) ran at once; expected 3, one per worker.")
    run.scene.check(run.timeline.peak == 3, message, draw=True, peak=run.timeline.peak)
    run.took(4.0, _("4 s: three workers, ten jobs of 1 s."), _("{call}, each job taking 1 s"))
    run.check_nothing_left()


@NEEDS_313
@task(5, checks=("drain-keeps-waiting-jobs", "drain-returns-counts"))
@pytest.mark.parametrize(
    ("jobs", "workers", "expected"), [(["only"], 3, [0, 0, 1]), ([], 2, [0, 0])]
)
async def test_drain_workers_return_by_themselves(topic, jobs, workers, expected):
    """drain(1 job, handle, 3) returns [1, 0, 0] in some order after 1 s; no task is left."""
    run = await run_jobs(topic, "drain", jobs, workers, hint="")
    message = _("It returned {got}; expected {want} in some order: a worker with no job returns 0.")
    counts = run.result
    shared = type(counts) is list and same(sorted(counts), expected)
    run.scene.check(shared, message, got=show(counts), want=expected)
    expected = _("{seconds} s: the workers stop as soon as the queue is empty.")
    run.took(len(jobs), expected.format(seconds=len(jobs)))
    run.check_nothing_left()


# Every task: no deadline and no cap of its own ------------------------------------------------

LONG_GUARD = 4 * HOUR  # loop seconds before a test gives up: the waits below last up to 3 h
MANY = 25  # more than any pool or cap a learner might pick of their own


@task(1, checks=("consume-waits-for-more",), guard=LONG_GUARD)
async def test_consume_waits_as_long_as_it_takes_for_the_next_item(topic):
    """consume(queue, handle): 'a' takes 1 h, then the queue stays empty 10 min, then 'b'."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=HOUR)
    queue = WatchedQueue()
    queue.put_nowait("a")
    text = _(
        "Started consume(queue, handle) as a task with 'a' in the queue, handle taking an "
        "hour; the test put 'b' ten minutes after 'a' was handled."
    )
    scene = Scene(text, timeline)
    timeline.start_clock()
    loop = asyncio.get_running_loop()
    start, ended = loop.time(), []
    worker = asyncio.create_task(topic.consume(queue, handle))
    worker.add_done_callback(lambda _task: ended.append(loop.time()))
    try:
        # Ten minutes empty, not hours: a consumer that polls the queue costs real time.
        await asyncio.sleep(HOUR + 600.0)
        if worker.done():
            error = None if worker.cancelled() else worker.exception()
            how = (
                _("it returned")
                if error is None
                else _("it raised {error}").format(error=show(error))
            )
            text = _(
                "It ended after {minutes} min of loop time ({how}), the queue having been "
                "empty for a while. A consumer runs forever, waiting on `await queue.get()` "
                "as long as it takes, with no timeout of your own."
            )
            scene.fail(text, draw=True, minutes=f"{(ended[0] - start) / 60:g}", how=how)
        queue.put_nowait("b")
        await asyncio.sleep(HOUR + 1.0)
        reraise_failed([worker])
    finally:
        await stop_tasks([worker])
    handled = [span.label for span in timeline.finished]
    text = _("It handled {got}; expected handle('a'), then handle('b').{hint}")
    scene.check(
        handled == ["handle('a')", "handle('b')"],
        text,
        draw=True,
        got=show(handled),
        hint=" " + _(KEEPS_WAITING),
    )


@task(2, checks=("pipeline-passes-any-value", "pipeline-results-in-item-order"), guard=LONG_GUARD)
async def test_pipeline_waits_as_long_as_it_takes(topic):
    """pipeline(['n0', 'n1'], ...), fetch 10 min and handle 1 h a time: ['', 0], however long."""
    timeline = Timeline()
    # Minutes, not hours: a consumer that polls the queue costs real time for every poll.
    fetch = timeline.fake("fetch", seconds=600.0)
    handle = timeline.fake("handle", seconds=HOUR, result=long_result)
    items = ["n0", "n1"]
    text = _(
        "Called pipeline({items}, fetch, handle, 1), each fetch taking ten minutes and each "
        "handle an hour, handle giving '' and 0."
    )
    scene = Scene(text.format(items=show(items)), timeline)
    results = await as_long_as_it_takes(scene, topic.pipeline(items, fetch, handle, 1))
    hint = " " + _(
        "Every result of handle in item order, whatever it gave ('' and 0 too), however long "
        "it took."
    )
    expect_same(scene, results, [long_result(item) for item in items], hint)


def check_workers_kept(scene, timeline, workers):
    """Fail unless ``workers`` jobs ran at once: the number given, no cap of the learner's own."""
    text = _(
        "At most {peak} jobs ran at once; expected {workers}, one per worker asked for: no cap "
        "of your own."
    )
    peak = timeline.peak
    scene.check(peak == workers, text, draw=True, peak=peak, workers=workers)


@task(
    3,
    checks=("pool-workers-all-busy", "pool-results-in-job-order", "pool-at-most-workers"),
    guard=LONG_GUARD,
)
@pytest.mark.parametrize("workers", [MANY, MANY - 5])
async def test_pool_waits_as_long_as_the_jobs_take(topic, workers):
    """run_pool(25 jobs, handle, workers), jobs of 1 h and 2 h: that many at once, in order."""
    timeline = Timeline()
    handle = timeline.fake(
        "handle", seconds=lambda job: 2 * HOUR if job == "n0" else HOUR, result=long_result
    )
    jobs = [f"n{number}" for number in range(MANY)]
    text = _(
        "Called run_pool(jobs, handle, {workers}) with {count} jobs, the first taking two hours "
        "and the others one, the first four giving '', 0, None and []."
    )
    scene = Scene(text.format(workers=workers, count=MANY), timeline)
    running = topic.run_pool(jobs, handle, workers)
    results = await as_long_as_it_takes(
        scene, running, 3 * HOUR, 2, lambda: check_workers_kept(scene, timeline, workers)
    )
    check_workers_kept(scene, timeline, workers)
    hint = " " + _(
        "Each result in the place of its job, whatever handle gave ('', 0, None and [] too), "
        "however long it took."
    )
    expect_same(scene, results, [long_result(job) for job in jobs], hint)


@task(4, checks=("triage-results-in-handled-order",), guard=LONG_GUARD)
async def test_triage_waits_as_long_as_the_jobs_take(topic):
    """triage: 'n0' at 0 s, then 'n1' and 'n2' at 1 s, each taking 1 h: ['', None, 0]."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=HOUR, result=long_result)
    arrivals = [(0.0, 1, "n0"), (1.0, 2, "n1"), (1.0, 0, "n2")]
    text = _(
        "Called triage({arrivals}, handle), each handle(job) taking an hour and giving '', 0 "
        "or None."
    )
    scene = Scene(text.format(arrivals=show(arrivals)), timeline)
    results = await as_long_as_it_takes(scene, topic.triage(arrivals, handle))
    hint = " " + _(
        "Every result of handle in the order handled, whatever it gave ('', 0 and None too), "
        "however long it took."
    )
    expect_same(scene, results, ["", None, 0], hint)


@NEEDS_313
@task(5, checks=("drain-workers-share-the-jobs", "drain-returns-counts"), guard=LONG_GUARD)
async def test_drain_runs_as_many_workers_as_asked_for(topic):
    """drain(25 jobs of 2 h, handle, 25): all 25 at once, each worker's count 1, after 2 h."""
    timeline = Timeline()
    handle = timeline.fake("handle", seconds=2 * HOUR)
    jobs = [f"n{number}" for number in range(MANY)]
    text = _("Called drain(jobs, handle, {count}) with {count} jobs, each taking two hours.")
    scene = Scene(text.format(count=MANY), timeline)
    running = topic.drain(jobs, handle, MANY)
    counts = await as_long_as_it_takes(
        scene, running, 3 * HOUR, 2, lambda: check_workers_kept(scene, timeline, MANY)
    )
    check_workers_kept(scene, timeline, MANY)
    expect_same(scene, counts, [1] * MANY, " " + _(KEEPS_WAITING))


# ---------------------------------------------------------------------------------------
# Cancelled by its caller (the course's CANCELLED rule), each while what it waits for runs


@task(2, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_pipeline_cancelled_while_it_fetches_ends_cancelled(topic):
    """pipeline(['a', 'b'], fetch, handle, 1), cancelled 1 s into an hour-long fetch: cancelled."""
    timeline = Timeline()
    fetch, handle = timeline.fake("fetch", seconds=HOUR), timeline.fake("handle", seconds=0.0)
    scene = called(_("pipeline(['a', 'b'], fetch, handle, 1) as a task, each fetch an hour"))
    running = topic.pipeline(["a", "b"], fetch, handle, 1)
    await check_cancelled_while_waiting(scene, running, after=1.0)


@task(3, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_run_pool_cancelled_while_it_handles_ends_cancelled(topic):
    """run_pool(['a', 'b', 'c'], handle, 2), cancelled 1 s into hour-long handles: cancelled."""
    handle = Timeline().fake("handle", seconds=HOUR)
    scene = called(_("run_pool(['a', 'b', 'c'], handle, 2) as a task, each handle taking an hour"))
    running = topic.run_pool(["a", "b", "c"], handle, 2)
    await check_cancelled_while_waiting(scene, running, after=1.0)


@task(4, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_triage_cancelled_while_it_handles_ends_cancelled(topic):
    """triage([(0, 1, 'a'), (0, 2, 'b')], handle), cancelled 1 s into handling: cancelled."""
    handle = Timeline().fake("handle", seconds=HOUR)
    scene = called(
        _("triage([(0, 1, 'a'), (0, 2, 'b')], handle) as a task, each handle taking an hour")
    )
    running = topic.triage([(0.0, 1, "a"), (0.0, 2, "b")], handle)
    await check_cancelled_while_waiting(scene, running, after=1.0)


@NEEDS_313
@task(5, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_drain_cancelled_while_it_handles_ends_cancelled(topic):
    """drain(['a', 'b'], handle, 2), cancelled 1 s into hour-long handles: it ends cancelled."""
    handle = Timeline().fake("handle", seconds=HOUR)
    scene = called(_("drain(['a', 'b'], handle, 2) as a task, each handle taking an hour"))
    await check_cancelled_while_waiting(scene, topic.drain(["a", "b"], handle, 2), after=1.0)
