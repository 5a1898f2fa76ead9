"""Hidden tests for topic 11: threads and the loop, on the real clock with real threads.

The checks are structural where they can be (the thread a callback ran on, the loop a
coroutine ran on, how many ran at once). Every thread and loop a test or the learner's code
starts is stopped, joined and closed before the test ends. Not in debug mode: there a queue
fed from the wrong thread hangs its consumer instead of failing.
"""

import asyncio
import concurrent.futures
import contextlib
import threading
import time

import pytest
from blockbuster import BlockingError

from grader import N_, Timeline, _, check, expect_result, fail, find_error, same, show, task
from grader.inside.evidence import record
from grader.inside.loops import RealLoop
from grader.inside.running import (
    ThreadCall,
    cancel_other_tasks,
    check_cancelled_while_waiting,
    check_none_left,
    finish_within,
    forget,
    leftovers_stopped,
    rescue_loop,
    wait_until,
)
from grader.inside.spies import ApiSpy, replace_in_asyncio
from grader.inside.suite import Scene, called

PROMISES = {
    1: {
        "put-runs-on-the-loop-thread": "put(item) has put_nowait(item) run on the loop's thread",
        "put-wakes-the-loop": "a consumer awaiting queue.get() wakes up at once",
        "put-loop-taken-on-its-thread": "the loop is taken in threadsafe_put, on the loop's thread",
        "put-wherever-the-loop-runs": "it works with the loop in any thread, not only the main one",
        "put-every-item": "each call puts its item, a falsy or repeated one too",
        "put-from-any-thread": "put may be called from any thread, the loop's own one too",
    },
    2: {
        "fetch-runs-on-loop": "fetch(url) runs on `loop` via run_coroutine_threadsafe",
        "fetch-returns-or-raises": "it returns fetch's result or raises its exception",
        "fetch-timeout-cancels": "after `timeout` s it cancels the coroutine, raises TimeoutError",
        "fetch-several-threads-at-once": "several threads may call it at once",
        "fetch-refuses-the-loop-thread": "on the loop's own thread (whichever it is) RuntimeError",
    },
    3: {
        "start-loop-in-a-new-thread": "start_loop_thread runs a new loop forever in a new thread",
        "start-returns-once-running": "it returns (loop, thread) once the loop runs, not before",
    },
    4: {
        "stop-cancels-and-waits": "stop_loop_thread cancels the loop's tasks and awaits cleanup",
        "stop-loop-threadsafe": "it reaches the loop from the caller's thread only in thread-safe "
        "ways: run_coroutine_threadsafe, call_soon_threadsafe(loop.stop)",
        "stop-joins-the-thread": "it joins the thread before it closes the loop",
        "stop-closes-the-loop": "when it returns, the loop is closed",
    },
    5: {
        "await-pool-without-blocking": "await_pool awaits the futures with wrap_future, loop free",
        "await-pool-results-in-order": "it returns a list of the results in the order given",
        "await-pool-error-propagates": "an exception from a job propagates",
        "await-pool-leaves-futures": "futures, the caller's list, is left as it was",
    },
}

PROMPT = 0.25  # seconds: a callback scheduled from a thread runs within this (really ~1 ms)
WAKE = 1.0  # seconds: how often the loop wakes up while a test waits for items from threads
PATIENCE = 1.0  # seconds: how long a test waits for a thread or a loop before it gives up
GIVE_UP_SLACK = 0.18  # seconds: fetch_from_thread(..., timeout) has raised TimeoutError by
# timeout + this, timed in its worker thread (less than 0.05 s apart from a timeout of 0.25 s,
# and less than 0.25 s apart from twice that timeout)
SYNC_LIMIT = 5  # seconds of real time before pytest-timeout stops a synchronous test

quick = pytest.mark.timeout(SYNC_LIMIT)
NOT_RETURNED = N_("It had not returned after {seconds} s{why}")


class LoopSpy:
    """Records the loops the learner's code makes (each slow to start by ``slow_start`` s, so
    that returning before the loop runs always loses the race) and its threads' errors."""

    def __init__(self, monkeypatch, module, slow_start=0.0):
        self.loops = record()
        self.thread_errors = record()  # (thread name, exception) of threads that died
        self.slow_start = slow_start
        self.threads_before = frozenset(threading.enumerate())
        self.real = replace_in_asyncio(
            monkeypatch, module, "new_event_loop", self.new_event_loop, asyncio.events
        )
        monkeypatch.setattr(threading, "excepthook", self.thread_died)

    def new_event_loop(self):
        loop = self.real()
        # In debug mode asyncio raises RuntimeError when another thread calls what only the
        # loop's own thread may (task.cancel(), loop.call_soon()): the threadsafe ways pass.
        loop.set_debug(True)
        self.loops.append(loop)
        if self.slow_start:
            start = loop.run_forever

            def run_forever_later():
                time.sleep(self.slow_start)
                return start()

            loop.run_forever = run_forever_later
        loop.run_forever = self.heard(loop.run_forever)
        loop.run_until_complete = self.heard(loop.run_until_complete)
        return loop

    def heard(self, run):
        """``run``, a loop's way to run, telling an error that ends it in a thread of the
        learner's: heard here, whatever the code made of threading.excepthook."""

        def running(*args, **kwargs):
            try:
                return run(*args, **kwargs)
            except BaseException as error:
                if threading.current_thread() is not threading.main_thread():
                    self.note_error(threading.current_thread().name, error)
                raise

        return running

    def thread_died(self, args):
        self.note_error(getattr(args.thread, "name", "?"), args.exc_value)

    def note_error(self, name, error):
        if not any(each is error for _name, each in self.thread_errors):
            self.thread_errors.append((name, error))

    def clean_up(self, extra_loops=()):
        threads = [t for t in threading.enumerate() if t not in self.threads_before]
        for loop in {*self.loops, *extra_loops}:
            rescue_loop(loop, patience=PATIENCE)
        for thread in threads:
            thread.join(PATIENCE)


class WatchedThread(threading.Thread):
    """A thread that remembers whether someone joined it."""

    joined = False

    def join(self, timeout=None):
        self.joined = True
        super().join(timeout)


@contextlib.contextmanager
def reference_loop_thread():
    """The test's own loop in a thread (not the learner's start_loop_thread); rescued after."""
    loop = RealLoop()  # the grader's class: never through a policy the code may have set
    loop.set_debug(True)  # see LoopSpy.new_event_loop
    running = threading.Event()
    loop.call_soon(running.set)
    thread = WatchedThread(target=loop.run_forever, name="test-loop", daemon=True)
    thread.start()
    running.wait(PATIENCE)
    try:
        yield loop, thread
    finally:
        rescue_loop(loop, [thread], patience=PATIENCE)


# Task 1: threadsafe_put


class WatchedQueue(asyncio.Queue):
    """An asyncio.Queue that records, for each put_nowait, the item and the calling thread."""

    def __init__(self):
        super().__init__()
        self.puts = record()

    def put_nowait(self, item):
        self.puts.append((item, threading.get_ident()))
        super().put_nowait(item)

    def put_elsewhere(self, ident):
        """The items whose put_nowait ran in another thread than ``ident``."""
        return [item for item, put_by in self.puts if put_by != ident]


def check_put_made(put):
    message = _("threadsafe_put(queue) returned {got}; expected a function put(item).")
    check(callable(put), message, got=show(put))


def explain_thread_error(call, error):
    """Fail with the likely mistake behind an error raised in the worker thread by put()."""
    text = str(error)
    scene = Scene(
        _("{call} raised RuntimeError: {error}.").format(call=call, error=text.rstrip("."))
    )
    message = _(
        "A loop method other than call_soon_threadsafe (loop.call_soon?) was called from "
        "the worker thread: the loop, asleep in select(), is not woken up and its state is "
        "not protected. Use loop.call_soon_threadsafe(queue.put_nowait, item)."
    )
    scene.check(not (isinstance(error, RuntimeError) and "Non-thread-safe" in text), message)
    message = _(
        "put() asked asyncio for the loop from inside the worker thread, which has no loop. "
        "Take the loop in threadsafe_put, which runs on the loop's thread "
        "(asyncio.get_running_loop()), and let put() use it."
    )
    scene.check(not (isinstance(error, RuntimeError) and "event loop" in text), message)
    raise error


async def receive_from_workers(queue, produce, names, count, timeout, call):
    """Run ``produce(name)`` in a worker thread per name; take up to ``count`` items from
    ``queue`` within ``timeout`` s (one a wrong put left unnoticed comes up to WAKE s late),
    as (item, real time it came); fail if a put went wrong."""
    workers = [ThreadCall(produce, name) for name in names]
    got, deadline = [], time.perf_counter() + timeout
    try:
        while len(got) < count and time.perf_counter() < deadline:
            arrived, item = await finish_within(queue.get(), WAKE)
            if arrived:
                got.append((item, time.perf_counter()))
            elif any(worker.error is not None for worker in workers):
                break
    finally:
        for worker in workers:
            await worker.wait(PATIENCE)
    for worker in workers:
        if isinstance(worker.error, NotImplementedError):
            raise worker.error
    wrong = queue.put_elsewhere(threading.get_ident())
    message = _(
        "queue.put_nowait({item}) ran in the worker thread, not on the loop's thread. "
        "asyncio.Queue is not thread-safe, and the loop, asleep waiting for events, is "
        "not even woken up. Hand the call to the loop: "
        "loop.call_soon_threadsafe(queue.put_nowait, item)."
    )
    called(call).check(not wrong, message, item=repr(wrong[0]) if wrong else "")
    for worker in workers:
        if worker.error is not None:
            explain_thread_error(call, worker.error)
    return [item for item, _arrived in got], got


@task(
    1,
    realtime=True,
    checks=("put-runs-on-the-loop-thread", "put-wakes-the-loop", "put-loop-taken-on-its-thread"),
)
async def test_put_from_a_worker_thread_runs_on_the_loop(topic):
    """Items put from a worker thread reach queue.get() promptly, via the loop's thread."""
    queue = WatchedQueue()
    remedy = _(
        "put needs no task of its own: each call hands queue.put_nowait and its item to the "
        "loop with loop.call_soon_threadsafe, and the loop runs it at once."
    )
    async with leftovers_stopped() as started:
        put = topic.threadsafe_put(queue)
        check_none_left(started.leftovers(), call="threadsafe_put(queue)", remedy=remedy)
    check_put_made(put)
    sent = {}

    def produce(_name):
        time.sleep(0.02)
        for item in ("a", "b", "c"):
            time.sleep(0.01)  # the loop is idle, asleep in select(), when each one comes
            sent[item] = time.perf_counter()
            put(item)

    call = _("put('a') in a worker thread")
    items, got = await receive_from_workers(queue, produce, ["worker"], 3, 3 * PATIENCE, call)
    scene = Scene(_("A worker thread called put('a'), put('b'), put('c')."))
    message = _("The consumer awaiting queue.get() received {got}; expected ['a', 'b', 'c'].")
    scene.check(items == ["a", "b", "c"], message, got=show(items))
    delays = {item: arrived - sent[item] for item, arrived in got}
    slowest = max(delays, key=delays.get)
    message = _(
        "The consumer received {item} only {delay} s after it was put, expected within "
        "a few milliseconds: the loop was not woken up. loop.call_soon_threadsafe wakes "
        "it; loop.call_soon does not."
    )
    scene.check(
        delays[slowest] < PROMPT, message, item=repr(slowest), delay=f"{delays[slowest]:.2f}"
    )


@task(1, realtime=True, checks=("put-runs-on-the-loop-thread", "put-loop-taken-on-its-thread"))
async def test_put_from_several_threads_at_once(topic):
    """Four threads putting 20 items each at once: all 80 arrive, each thread's in order."""
    queue = WatchedQueue()
    put = topic.threadsafe_put(queue)
    start = threading.Barrier(4)

    def produce(name):
        start.wait(PATIENCE)
        for number in range(20):
            put((name, number))

    call = _("put(item) from one of four threads")
    items, _got = await receive_from_workers(queue, produce, "wxyz", 80, 2 * PATIENCE, call)
    scene = Scene(_("Four threads called put(item) 20 times each."))
    message = _("The consumer received {count} items; expected 80.")
    scene.check(len(items) == 80, message, count=len(items))
    for name in "wxyz":
        mine = [number for who, number in items if who == name]
        message = _("Thread {name} put 0 to 19 in order; the consumer received them as {got}.")
        scene.check(mine == list(range(20)), message, name=repr(name), got=show(mine))


@task(1, realtime=True, checks=("put-every-item",))
async def test_put_passes_on_every_item(topic):
    """put(None), put(0), put(''), put(0) from a worker thread: all four reach the consumer."""
    queue = WatchedQueue()
    put = topic.threadsafe_put(queue)
    check_put_made(put)
    sent = [None, 0, "", 0]

    def produce(_name):
        for item in sent:
            put(item)

    call = _("put(None) in a worker thread")
    items, _got = await receive_from_workers(queue, produce, ["worker"], 4, PATIENCE, call)
    scene = Scene(_("A worker thread called put(None), put(0), put(''), put(0)."))
    message = _(
        "The consumer awaiting queue.get() received {got}; expected [None, 0, '', 0]: each "
        "call puts its item, a falsy or repeated one too."
    )
    scene.check(same(items, sent), message, got=show(items))


@task(1, realtime=True, checks=("put-from-any-thread",))
async def test_put_from_the_loops_own_thread(topic):
    """put('here') called in a coroutine, on the loop's own thread: it arrives, nothing blocks."""
    queue = WatchedQueue()
    put = topic.threadsafe_put(queue)
    check_put_made(put)
    scene = called(_("put('here') on the loop's own thread, in a coroutine"))
    try:
        put("here")
    except BlockingError:
        message = _(
            "It blocked the loop's thread, waiting for the put to be done: on the loop's own "
            "thread that waits for itself. put only hands the call over, "
            "loop.call_soon_threadsafe(queue.put_nowait, item), and returns at once."
        )
        scene.fail(message)
    arrived, item = await finish_within(queue.get(), PROMPT)
    message = _("The consumer awaiting queue.get() received {got}; expected 'here'.")
    scene.check(
        arrived and same(item, "here"), message, got=show(item) if arrived else _("nothing")
    )


@task(1, checks=("put-wherever-the-loop-runs",))
@quick
def test_put_from_the_main_thread_with_the_loop_in_another(topic):
    """The loop runs in a background thread; the main thread calls put('x'): it gets there."""
    scene = called(
        _("put('x') in the main thread, the loop (and the queue) living in a background thread")
    )
    with reference_loop_thread() as (loop, thread):
        queue = WatchedQueue()

        async def make():
            return topic.threadsafe_put(queue)

        async def take():
            async with asyncio.timeout(2 * PATIENCE):
                return await queue.get()

        put = asyncio.run_coroutine_threadsafe(make(), loop).result(PATIENCE)
        check_put_made(put)
        receiving = asyncio.run_coroutine_threadsafe(take(), loop)
        time.sleep(0.02)  # the consumer is waiting, the loop asleep in select()
        put("x")
        item = None
        with contextlib.suppress(TimeoutError):
            item = receiving.result(3 * PATIENCE)
        message = _(
            "queue.put_nowait('x') ran in the main thread, not in the loop's thread. The "
            "loop does not always run in the main thread: whichever thread calls put, hand "
            "the call to the loop with loop.call_soon_threadsafe(queue.put_nowait, item)."
        )
        scene.check(not queue.put_elsewhere(thread.ident), message)
        message = _("The consumer awaiting queue.get() received {got}; expected 'x'.")
        scene.check(same(item, "x"), message, got=show(item))


# Task 2: fetch_from_thread


class LoopRecorder:
    """A fake ``fetch``: records each call's loop and thread, and its span on a timeline (its
    outcome, how many ran at once); each waits (0.5 s at most) until ``gather_at`` run."""

    __name__ = "fetch"

    def __init__(self, seconds=0.01, error=None, gather_at=1):
        self.seconds = seconds
        # Private: the code may call fetch, not raise its error or open its wait itself.
        self._error = error
        self.gather_at = gather_at
        self._all_in = asyncio.Event()
        self.calls = record()  # (url, loop, thread ident)
        self.timeline = Timeline(clock=time.perf_counter)

    async def __call__(self, url):
        self.calls.append((url, asyncio.get_running_loop(), threading.get_ident()))
        async with self.timeline.span(url):
            # Threads start one after another (slowly, on a busy machine): wait for all.
            if self.timeline.in_flight >= self.gather_at:
                self._all_in.set()
            await finish_within(self._all_in.wait(), 0.5)
            await asyncio.sleep(self.seconds)
            if self._error is not None:
                raise self._error
        return f"<{url}>"


def check_ran_on(loop, fetch, scene):
    """Fail unless every fetch ran on ``loop``, in the thread running it."""
    scene.check(fetch.calls, _("fetch(url) never ran."))
    for url, ran_on, ident in fetch.calls:
        message = _(
            "fetch({url}) ran on another event loop (asyncio.run() in the worker makes one), "
            "not on `loop`: use asyncio.run_coroutine_threadsafe(fetch(url), loop)."
        )
        scene.check(ran_on is loop, message, url=repr(url))
        message = _("fetch({url}) ran on `loop`, but outside the loop's thread.")
        scene.check(ident == threading.get_ident(), message, url=repr(url))


def check_result_kind(call, result, expected):
    message = _("It returned a Future; expected its result {want}: call future.result(timeout).")
    called(call).check(
        not isinstance(result, concurrent.futures.Future), message, want=repr(expected)
    )
    expect_result(result, expected, call=call, meaning=_("what fetch returned"))


@contextlib.asynccontextmanager
async def fetching_in_threads(topic, fetch, urls, timeout, scene, patience=2.0, hint=""):
    """fetch_from_thread(loop, fetch, url, timeout) in a worker thread per url, each waited
    for (failing after ``patience`` s); afterwards, what is left on the loop is cancelled."""
    loop = asyncio.get_running_loop()
    workers = [ThreadCall(topic.fetch_from_thread, loop, fetch, url, timeout) for url in urls]
    try:
        for worker in workers:
            finished = await worker.wait(patience)
            if isinstance(worker.error, NotImplementedError):
                raise worker.error
            scene.check(finished, _(NOT_RETURNED), seconds=f"{patience:g}", why="." + hint)
        yield workers
    finally:
        await cancel_other_tasks(patience=PATIENCE)
        for worker in workers:
            await worker.wait(PATIENCE)


FETCH_CALLS = {
    1: N_("fetch_from_thread(loop, fetch, 'a.test', 1.0) in a worker thread"),
    5: N_("fetch_from_thread(loop, fetch, url, 1.0) in five worker threads at once"),
}


@task(
    2,
    realtime=True,
    checks=("fetch-runs-on-loop", "fetch-returns-or-raises", "fetch-several-threads-at-once"),
)
@pytest.mark.parametrize("count", [1, 5])
async def test_fetch_from_thread_runs_fetch_on_the_loop(topic, count, monkeypatch):
    """fetch_from_thread(loop, fetch, url, 1.0) in one, then five threads: fetch runs on loop."""
    fetch = LoopRecorder(gather_at=count)
    urls = [f"{name}.test" for name in "abcde"[:count]]
    call = _(FETCH_CALLS[count])
    scene = called(call)
    spy = ApiSpy(monkeypatch, topic.module, "run_coroutine_threadsafe")
    async with fetching_in_threads(topic, fetch, urls, 1.0, scene) as workers:
        results = [worker.outcome() for worker in workers]
        check_ran_on(asyncio.get_running_loop(), fetch, scene)
        message = _(
            "fetch ran on the loop, but not through asyncio.run_coroutine_threadsafe(fetch(url), "
            "loop), this task's subject: it hands the coroutine to the loop from any thread and "
            "gives back a concurrent.futures.Future to wait on."
        )
        scene.check(spy.used(), message)
        for result, url in zip(results, urls, strict=True):
            check_result_kind(call.replace("url", repr(url)), result, f"<{url}>")
        message = _(
            "At most {peak} fetches ran at once on the loop; expected all {count}: each "
            "thread submits its own coroutine and waits only for its own future."
        )
        scene.check(fetch.timeline.peak == count, message, peak=fetch.timeline.peak, count=count)


FALSY_RESULTS = {"empty.test": "", "zero.test": 0, "none.test": None, "list.test": []}


async def fetch_falsy(url):
    """A fetch whose results are all falsy, and results all the same."""
    await asyncio.sleep(0.01)
    return FALSY_RESULTS[url]


@task(2, realtime=True, checks=("fetch-returns-or-raises",))
async def test_fetch_from_thread_returns_falsy_results(topic):
    """fetch_from_thread returns '', 0, None and [] as fetch returned them: they are results."""
    urls = list(FALSY_RESULTS)
    call = _("fetch_from_thread(loop, fetch, url, 1.0) in four threads, fetch returning {want}")
    call = call.format(want=show(list(FALSY_RESULTS.values())))
    scene = called(call)
    async with fetching_in_threads(topic, fetch_falsy, urls, 1.0, scene) as workers:
        results = [worker.outcome() for worker in workers]
    want = list(FALSY_RESULTS.values())
    message = _(
        "The four calls returned {got}; expected {want}, exactly what fetch returned: a falsy "
        "result is a result (no `or`, no `if result:`)."
    )
    scene.check(same(results, want), message, got=show(results), want=show(want))


@task(2, realtime=True, checks=("fetch-returns-or-raises",))
async def test_fetch_from_thread_raises_what_fetch_raised(topic):
    """When fetch raises LookupError, fetch_from_thread raises it in the worker thread."""
    raised = LookupError(_("no route to b.test"))
    fetch = LoopRecorder(error=raised)
    scene = called(_("fetch_from_thread(loop, fetch, 'b.test', 1.0) in a worker thread"))
    async with fetching_in_threads(topic, fetch, ["b.test"], 1.0, scene) as [worker]:
        check_ran_on(asyncio.get_running_loop(), fetch, scene)
        message = _(
            "fetch raises {want}. It returned {got}; expected the LookupError to be raised: "
            "future.result() raises the coroutine's exception."
        )
        scene.check(worker.error is not None, message, want=repr(raised), got=show(worker.result))
        message = _(
            "fetch raises {want}. It raised {got} instead: future.result() raises the "
            "coroutine's own exception, so let it through; only a TimeoutError means the time "
            "is up."
        )
        caught = isinstance(worker.error, Exception) and not isinstance(worker.error, LookupError)
        scene.check(not caught, message, want=repr(raised), got=repr(worker.error))
        if not isinstance(worker.error, LookupError):
            raise worker.error
        message = _("It raised {got}; expected {want}.")
        scene.check(
            str(worker.error) == str(raised), message, got=repr(worker.error), want=repr(raised)
        )


GIVE_UP_CALLS = {
    0: N_("fetch_from_thread(loop, fetch, 'slow.test', 0) in a worker thread"),
    0.05: N_("fetch_from_thread(loop, fetch, 'slow.test', 0.05) in a worker thread"),
    0.25: N_("fetch_from_thread(loop, fetch, 'slow.test', 0.25) in a worker thread"),
}


ZERO_TIMEOUT = N_(
    "A timeout of 0 gives no time to wait, not no time limit: pass `timeout` itself on, "
    "future.result(timeout). `timeout or None` turns 0 into None, which waits forever."
)


class TimedTopic:
    """The topic's fetch_from_thread, each call timed in the worker thread that makes it (the
    thread's own start not counted)."""

    def __init__(self, topic):
        self.topic = topic
        self.took = record()

    def fetch_from_thread(self, *args):
        started = time.perf_counter()
        try:
            return self.topic.fetch_from_thread(*args)
        finally:
            self.took.append(time.perf_counter() - started)


@task(2, realtime=True, checks=("fetch-timeout-cancels",))
@pytest.mark.parametrize("timeout", [0, 0.05, 0.25])
async def test_fetch_from_thread_gives_up_and_cancels(topic, timeout):
    """fetch_from_thread(loop, slow, 'slow.test', 0 to 0.25): TimeoutError on time, cancelled."""
    fetch = LoopRecorder(seconds=60.0)
    call = _(GIVE_UP_CALLS[timeout])
    scene = called(call)
    slow = Scene(_("Called {call}, with a fetch that takes 60 s.").format(call=call))
    hint = " " + _("Pass the timeout on: future.result(timeout).")
    if timeout == 0:
        hint = " " + _(ZERO_TIMEOUT)
    timed = TimedTopic(topic)
    given = f"{timeout:g}"
    workers = fetching_in_threads(timed, fetch, ["slow.test"], timeout, slow, 1.0, hint)
    async with workers as [worker]:
        elapsed = timed.took[0]
        if not isinstance(worker.error, TimeoutError | None):
            raise worker.error
        message = _("It returned {got} after {elapsed} s; expected TimeoutError after {timeout} s.")
        slow.check(
            worker.error is not None,
            message,
            got=show(worker.result),
            elapsed=f"{elapsed:.2f}",
            timeout=given,
        )
        message = _(
            "It raised TimeoutError after {elapsed} s; expected it to wait the {timeout} s it "
            "was given first: pass `timeout` itself on, future.result(timeout)."
        )
        scene.check(elapsed >= timeout * 0.9, message, elapsed=f"{elapsed:.3f}", timeout=given)
        message = _(
            "It raised TimeoutError only after {elapsed} s; expected it after the {timeout} s "
            "it was given: pass `timeout` itself on, future.result(timeout)."
        )
        in_time = elapsed < timeout + GIVE_UP_SLACK
        scene.check(in_time, message, elapsed=f"{elapsed:.2f}", timeout=given)
        spans = fetch.timeline.spans
        deadline = time.perf_counter() + PATIENCE
        while spans and spans[0].outcome == "running" and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        outcome = spans[0].outcome if spans else None
        what = {"running": _("still running"), "done": _("done"), "failed": _("failed")}
        message = _(
            "It raised TimeoutError, but fetch('slow.test') was {what} on the loop "
            "{seconds} s later. future.result(timeout) only stops waiting; the coroutine "
            "goes on unless you cancel it: call future.cancel() before raising."
        )
        seen = what.get(outcome, _("never started"))
        # With no time to wait, the coroutine may be cancelled before it ever starts.
        cancelled = ("cancelled", None) if timeout == 0 else ("cancelled",)
        scene.check(outcome in cancelled, message, what=seen, seconds=f"{PATIENCE:g}")


TWO_TIMEOUTS = (0.4, 3.0)  # seconds: 'slow.test' gives up while 'quick.test' still runs


class TwoFetches:
    """A fake ``fetch`` for two threads at once: 'slow.test' takes 60 s; 'quick.test' ends
    0.05 s after the thread waiting for 'slow.test' has given up (2 s at most)."""

    __name__ = "fetch"

    def __init__(self):
        self.timeline = Timeline(clock=time.perf_counter)
        self.slow_worker = None  # the thread calling fetch_from_thread for 'slow.test'

    async def __call__(self, url):
        async with self.timeline.span(url):
            if url == "slow.test":
                await asyncio.sleep(60.0)
            else:
                deadline = time.perf_counter() + 2.0
                while self.slow_worker.is_alive() and time.perf_counter() < deadline:
                    await asyncio.sleep(0.002)
                await asyncio.sleep(0.05)
        return f"<{url}>"

    def outcome(self, url):
        """The outcome of fetch(url)'s span ("running", "cancelled", ...), None if none."""
        spans = [span for span in self.timeline.spans if span.label == url]
        return spans[0].outcome if spans else None


@task(2, realtime=True, checks=("fetch-several-threads-at-once", "fetch-timeout-cancels"))
async def test_fetch_from_thread_timing_out_cancels_only_its_own_fetch(topic):
    """Two threads at once: the one that times out cancels its fetch; the other gets its result."""
    loop = asyncio.get_running_loop()
    fetch = TwoFetches()
    scene = called(
        _(
            "fetch_from_thread(loop, fetch, 'slow.test', 0.4) in a worker thread and, once "
            "fetch('slow.test') ran, fetch_from_thread(loop, fetch, 'quick.test', 3.0) in "
            "another; fetch('slow.test') takes 60 s, fetch('quick.test') ends 0.05 s after "
            "the first call has given up"
        )
    )
    slow = ThreadCall(topic.fetch_from_thread, loop, fetch, "slow.test", TWO_TIMEOUTS[0])
    fetch.slow_worker = slow
    workers = [slow]
    try:
        deadline = time.perf_counter() + PATIENCE
        while fetch.outcome("slow.test") is None and slow.is_alive():
            if time.perf_counter() > deadline:
                break
            await asyncio.sleep(0.002)
        workers.append(ThreadCall(topic.fetch_from_thread, loop, fetch, "quick.test", 3.0))
        for worker in workers:
            finished = await worker.wait(2 * PATIENCE + TWO_TIMEOUTS[1])
            if isinstance(worker.error, NotImplementedError):
                raise worker.error
            scene.check(finished, _(NOT_RETURNED), seconds=f"{2 * PATIENCE + 3:g}", why=".")
        slow_call, quick = workers
        message = _(
            "The call for 'slow.test' returned {got}; expected TimeoutError after its 0.4 s."
        )
        if slow_call.error is None:
            scene.fail(message, got=show(slow_call.result))
        if not isinstance(slow_call.error, TimeoutError):
            raise slow_call.error
        if quick.error is not None and not isinstance(quick.error, TimeoutError):
            message = _(
                "The call for 'quick.test' raised {error} (its fetch('quick.test') was {what}) "
                "after the call for 'slow.test' timed out; expected its result '<quick.test>': "
                "on a timeout, cancel only the future this call submitted (a local variable, "
                "not one shared by every call)."
            )
            what = {"cancelled": _("cancelled"), "running": _("still running")}
            seen = what.get(fetch.outcome("quick.test"), _("done"))
            scene.fail(message, error=repr(quick.error), what=seen)
        quick_call = "fetch_from_thread(loop, fetch, 'quick.test', 3.0)"
        check_result_kind(quick_call, quick.outcome(), "<quick.test>")
        deadline = time.perf_counter() + PATIENCE
        while fetch.outcome("slow.test") == "running" and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        outcome = fetch.outcome("slow.test")
        message = _(
            "The call for 'slow.test' raised TimeoutError, but fetch('slow.test') was {what} "
            "on the loop {seconds} s later; expected it cancelled: on a timeout, cancel the "
            "future this call submitted, not another thread's."
        )
        what = {"running": _("still running"), "done": _("done"), "failed": _("failed")}
        seen = what.get(outcome, _("never started"))
        scene.check(outcome == "cancelled", message, what=seen, seconds=f"{PATIENCE:g}")
    finally:
        await cancel_other_tasks(patience=PATIENCE)
        for worker in workers:
            await worker.wait(PATIENCE)


REFUSED = {
    "main": (
        N_("fetch_from_thread(loop, fetch, 'own.test', 0.3) on the loop's own thread"),
        N_(
            "It blocked the loop's thread on future.result(), waiting for a coroutine that only "
            "that thread can run: a deadlock (cut short). When asyncio.get_running_loop() is "
            "`loop` (it raises RuntimeError where no loop runs), raise RuntimeError instead."
        ),
    ),
    "background": (
        N_(
            "fetch_from_thread(loop, fetch, 'own.test', 0.3) on the loop's own thread, a "
            "background thread (not the main one)"
        ),
        N_(
            "It blocked the loop's thread on future.result(), waiting for a coroutine that only "
            "that thread can run: a deadlock (cut short). The loop is not always in the main "
            "thread: refuse when asyncio.get_running_loop() is `loop`, wherever that is."
        ),
    ),
}


@task(2, checks=("fetch-refuses-the-loop-thread",))
@quick
@pytest.mark.parametrize("where", ["main", "background"])
def test_fetch_from_thread_refuses_the_loops_own_thread(topic, where):
    """fetch_from_thread(loop, ...) on loop's own thread, main or not: RuntimeError at once."""
    fetch = LoopRecorder()

    async def from_the_loop():
        loop = asyncio.get_running_loop()
        try:
            outcome = "returned", topic.fetch_from_thread(loop, fetch, "own.test", 0.3)
        except (BlockingError, TimeoutError) as error:
            outcome = "deadlock", error
        except RuntimeError as error:
            if isinstance(error, NotImplementedError):
                raise
            outcome = "refused", error
        await asyncio.sleep(0.01)  # a fetch submitted all the same starts meanwhile
        return outcome

    if where == "main":
        with asyncio.Runner(loop_factory=RealLoop) as runner:
            kind, value = runner.run(from_the_loop())
    else:
        with reference_loop_thread() as (loop, _thread):
            ran = asyncio.run_coroutine_threadsafe(from_the_loop(), loop)
            kind, value = ran.result(3 * PATIENCE)
    call, deadlock = REFUSED[where]
    scene = called(_(call))
    scene.check(kind != "deadlock", _(deadlock))
    scene.check(kind == "refused", _("It returned {got}; expected RuntimeError."), got=show(value))
    message = _("It submitted fetch('own.test') (it ran) before raising RuntimeError: check first.")
    scene.check(not fetch.calls, message)


@task(2, checks=("fetch-refuses-the-loop-thread", "fetch-runs-on-loop"))
@quick
def test_fetch_from_the_main_thread_with_the_loop_in_another(topic):
    """fetch_from_thread in the main thread, the loop in a background thread: it runs fetch."""
    call = _(
        "fetch_from_thread(loop, fetch, 'm.test', 1.0) in the main thread, the loop running in "
        "a background thread"
    )
    scene = called(call)
    with reference_loop_thread() as (loop, thread):
        fetch = LoopRecorder()
        try:
            result = topic.fetch_from_thread(loop, fetch, "m.test", 1.0)
        except RuntimeError as error:
            if isinstance(error, NotImplementedError):
                raise
            message = _(
                "It raised RuntimeError: {error}. Only the loop's own thread must be "
                "refused, and here the loop runs in another thread, so the main thread may "
                "wait for it. Compare asyncio.get_running_loop() (it raises RuntimeError "
                "where no loop runs) with `loop`; do not test for the main thread."
            )
            scene.fail(message, error=error)
        check_result_kind(call, result, "<m.test>")
        message = _(
            "fetch('m.test') did not run once on `loop`, in its thread: submit it with "
            "asyncio.run_coroutine_threadsafe(fetch(url), loop)."
        )
        ran = [(ran_on, ident) for _url, ran_on, ident in fetch.calls]
        scene.check(ran == [(loop, thread.ident)], message)


# Task 3: start_loop_thread

START = "start_loop_thread()"


def start_learners_loop(topic, spy):
    """Call start_loop_thread() in a helper thread; return (loop, thread) once it returned."""
    starter = ThreadCall(topic.start_loop_thread, name="caller")
    if not starter.ended(PATIENCE):
        why = _(". Does it wait for something that never happens?")
        if any(loop.is_running() for loop in spy.loops):
            why = _(
                ": it ran the loop itself, and loop.run_forever() only returns when the loop "
                "stops. Call run_forever() in the new thread, not in the caller's."
            )
        called(START).fail(_(NOT_RETURNED), seconds=f"{PATIENCE:g}", why=why)
    started = starter.outcome()
    pair = isinstance(started, tuple) and len(started) == 2
    loop, thread = started if pair else (None, None)
    message = _("start_loop_thread() returned {got}; expected {want}.")
    right = isinstance(loop, asyncio.AbstractEventLoop) and isinstance(thread, threading.Thread)
    check(right, message, got=show(started), want=_("a tuple (loop, thread)"))
    return loop, thread


def check_loop_runs(loop, thread, spy):
    """Fail, saying why, unless ``loop`` is running in ``thread`` within PATIENCE seconds."""
    check(not loop.is_closed(), _("start_loop_thread() returned a loop that is already closed."))
    message = _(
        "start_loop_thread() returned a thread that was never started: call "
        "thread.start(), and let the thread run loop.run_forever()."
    )
    check(thread is not threading.current_thread() and thread.ident is not None, message)
    wait_until(lambda: loop.is_running() or not thread.is_alive(), PATIENCE)
    if spy.thread_errors:
        name, error = spy.thread_errors[0]
        hint = ""
        if isinstance(error, RuntimeError) and "event loop" in str(error):
            hint = " " + _(
                "A new thread has no event loop: asyncio.get_event_loop() there fails (and is "
                "deprecated anyway). Run the loop you made: loop.run_forever()."
            )
        message = _("Its thread {name} died with {kind}: {error}.{hint}")
        text, kind = str(error).rstrip("."), type(error).__name__
        called(START).fail(message, name=repr(name), kind=kind, error=text, hint=hint)
    message = _(
        "start_loop_thread() returned, but the loop was still not running {seconds} s "
        "later. Its thread must call loop.run_forever() on that same loop{ended}"
    )
    ended = _(" (the thread has ended).") if not thread.is_alive() else "."
    check(loop.is_running(), message, seconds=f"{PATIENCE:g}", ended=ended)


@contextlib.contextmanager
def learners_loop(topic, monkeypatch, slow_start=0.0):
    """start_loop_thread()'s (loop, thread); everything it started is stopped afterwards."""
    spy = LoopSpy(monkeypatch, topic.module, slow_start=slow_start)
    loops = []
    try:
        loop, thread = start_learners_loop(topic, spy)
        loops.append(loop)
        yield loop, thread, spy
    finally:
        spy.clean_up(loops)


NOT_RUNNING = N_(
    "Submitted a coroutine to the loop that start_loop_thread() returned; it had not run "
    "{seconds} s later: is the loop running forever in its thread?"
)


def check_stops_as_the_statement_says(loop, thread, spy):
    """Stop the loop with call_soon_threadsafe(loop.stop) and join its thread: fail unless
    the thread then ends, without an error."""
    loop.call_soon_threadsafe(loop.stop)
    thread.join(PATIENCE)
    what = ""
    if spy.thread_errors:
        _name, error = spy.thread_errors[0]
        what = _("died with {kind}: {error}").format(
            kind=type(error).__name__, error=str(error).rstrip(".")
        )
    elif thread.is_alive():
        what = _("was still running {seconds} s later").format(seconds=f"{PATIENCE:g}")
    message = _(
        "Stopped the loop as the statement says (loop.stop, handed over with "
        "call_soon_threadsafe) and joined its thread: the thread {what}. Its work is "
        "loop.run_forever(), which returns once the loop stops (run_until_complete() of a "
        "future that never ends does not)."
    )
    check(not what, message, what=what)


@task(3, checks=("start-loop-in-a-new-thread",))
@quick
def test_start_loop_thread_runs_a_loop_in_a_new_thread(topic, monkeypatch):
    """start_loop_thread() returns (loop, thread); its loop runs there, serving five threads."""
    callers = []
    timeline = Timeline(clock=time.perf_counter)
    try:
        with learners_loop(topic, monkeypatch) as (loop, thread, spy):
            check_loop_runs(loop, thread, spy)
            all_in = asyncio.Event()

            async def job(number):
                async with timeline.span(f"job({number})"):
                    # Threads start one after another (slowly, on a busy machine): wait for all.
                    if timeline.in_flight == 5:
                        all_in.set()
                    await finish_within(all_in.wait(), 0.5)
                    await asyncio.sleep(0.01)
                return asyncio.get_running_loop(), threading.get_ident(), number * 10

            def ask(number):
                return asyncio.run_coroutine_threadsafe(job(number), loop).result(PATIENCE)

            callers = [ThreadCall(ask, number, name=f"caller-{number}") for number in range(4)]
            answers = [ask(4)]
            for caller in callers:
                caller.join(2 * PATIENCE)
                message = _(
                    "Four threads and the main thread submitted coroutines to the loop "
                    "that start_loop_thread() returned; they had not finished a second "
                    "later: is the loop running forever in its thread?"
                )
                check(not isinstance(caller.error, TimeoutError), message)
                answers.insert(-1, caller.outcome())
            message = _("A coroutine submitted to the loop ran on another loop.")
            check(all(ran_on is loop for ran_on, _ident, _answer in answers), message)
            message = _(
                "A coroutine submitted to the loop ran in another thread than the one "
                "start_loop_thread() returned: return the thread that runs the loop."
            )
            check(all(ident == thread.ident for _loop, ident, _answer in answers), message)
            got = [answer for _loop, _ident, answer in answers]
            message = _(
                "Five threads each ran job(n) on the loop; the answers were {got}, expected "
                "[0, 10, 20, 30, 40]."
            )
            check(same(got, [0, 10, 20, 30, 40]), message, got=got)
            message = _(
                "Five threads each ran a job on the loop; at most {peak} ran at once, "
                "expected all five: one running loop serves every caller."
            )
            check(timeline.peak == 5, message, peak=timeline.peak)
            check_stops_as_the_statement_says(loop, thread, spy)
    except TimeoutError:
        fail(_(NOT_RUNNING), seconds=f"{PATIENCE:g}")
    finally:
        for caller in callers:
            caller.join(PATIENCE)


@task(3, checks=("start-returns-once-running",))
@quick
def test_start_loop_thread_returns_once_the_loop_runs(topic, monkeypatch):
    """start_loop_thread(), its loop slow to start: it returns only once the loop runs."""
    with learners_loop(topic, monkeypatch, slow_start=0.1) as (loop, thread, spy):
        message = _(
            "Called start_loop_thread(), its loop taking 0.1 s to start. It returned before "
            "the loop ran, and a caller may use the loop at once. Wait until it runs: "
            "`loop.call_soon(started.set)` before starting the thread, `started.wait()` after."
        )
        check(loop.is_running() or not thread.is_alive() or loop.is_closed(), message)
        check_loop_runs(loop, thread, spy)


# Task 4: stop_loop_thread


class Services:
    """Tasks left running on a loop; each needs the loop for its cleanup."""

    HOLD = 0.3  # seconds the test keeps the cleanup going before it lets it end

    NAMES = ("db", "cache")  # in the order their cleanup may end

    def __init__(self):
        self.cleaning = record()
        self.cleaned = record()
        self.tasks = record()
        self.released = record(dict)  # by name, set by the test: that cleanup may end

    async def service(self, name):
        try:
            await asyncio.sleep(3600)  # the loop's next timer is an hour away
        finally:
            self.cleaning.append(name)
            await self.released[name].wait()  # cleanup that needs the loop: closing a connection
            self.cleaned.append(name)

    async def start(self):
        self.released = record(dict)
        self.released.update((name, asyncio.Event()) for name in self.NAMES)
        self.tasks = tuple(asyncio.create_task(self.service(name)) for name in self.NAMES)
        await asyncio.sleep(0)

    def hold_the_cleanup(self, loop, stopper):
        """Keep the cancelled services in their cleanup for HOLD s (or until stop_loop_thread
        returns), then let "db" end it, and "cache" HOLD s later: a stop_loop_thread that
        waits a set time, or only for the first task to end, closes the loop on a cleanup not
        finished."""
        deadline = time.monotonic() + PATIENCE
        while len(self.cleaning) < len(self.tasks) and time.monotonic() < deadline:
            if stopper.ended(0.005):
                break
        for name in self.NAMES:
            stopper.ended(self.HOLD)
            with contextlib.suppress(RuntimeError):  # a loop already closed needs no release
                loop.call_soon_threadsafe(self.released[name].set)


CLOSING_A_RUNNING_LOOP = "running event loop"  # in the RuntimeError of loop.close()
STOP_SCENES = {
    "busy": N_("stop_loop_thread(loop, thread), two tasks still running on the loop"),
    "idle": N_("stop_loop_thread(loop, thread) on an idle loop"),
}


def check_stopper_returned(stopper, scene, loop, thread, busy):
    """Fail, saying why, when stop_loop_thread had not returned or raised."""
    if not stopper.ended(PATIENCE):
        message = _(
            "It had not returned after {seconds} s: stop the loop with "
            "loop.call_soon_threadsafe(loop.stop)."
        )
        scene.check(busy, message, seconds=f"{PATIENCE:g}")
        why = "."
        if getattr(loop, "_stopping", False) and thread.is_alive():
            why = _(
                ": it called loop.stop() from another thread, unnoticed by the loop asleep in "
                "select() (its next timer an hour away), so join() waits for ever. Stop it "
                "from its own thread: loop.call_soon_threadsafe(loop.stop)."
            )
        scene.fail(_(NOT_RETURNED), seconds=f"{PATIENCE:g}", why=why)
    error = stopper.error
    message = _(
        "It raised RuntimeError: {error}. The loop was closed while its thread was still "
        "running it: stop it, join the thread, and only then close the loop."
    )
    closed_running = isinstance(error, RuntimeError) and CLOSING_A_RUNNING_LOOP in str(error)
    scene.check(isinstance(error, NotImplementedError) or not closed_running, message, error=error)
    stopper.outcome()


@task(
    4,
    checks=(
        "stop-cancels-and-waits",
        "stop-loop-threadsafe",
        "stop-joins-the-thread",
        "stop-closes-the-loop",
    ),
)
@quick
@pytest.mark.parametrize("state", ["busy", "idle"])
def test_stop_loop_thread_stops_joins_and_closes(topic, state):
    """stop_loop_thread(loop, thread): tasks cleaned up, thread ended, loop closed."""
    scene = called(_(STOP_SCENES[state]))
    services = Services()
    stoppers = []
    with reference_loop_thread() as (loop, thread):
        try:
            if state == "busy":
                asyncio.run_coroutine_threadsafe(services.start(), loop).result(PATIENCE)
            stoppers.append(ThreadCall(topic.stop_loop_thread, loop, thread, name="caller"))
            if state == "busy":
                services.hold_the_cleanup(loop, stoppers[0])
            check_stopper_returned(stoppers[0], scene, loop, thread, busy=state == "busy")
            message = _(
                "It never joined the loop's thread: call thread.join() after stopping the "
                "loop, so that the loop has really stopped before you close it and return."
            )
            scene.check(thread.joined, message)
            message = _("When it returned, the loop's thread was still running.")
            scene.check(not thread.is_alive(), message)
            message = _(
                "When it returned, the loop was not closed: call loop.close() once its "
                "thread has ended (a loop holds a selector and sockets until closed)."
            )
            scene.check(loop.is_closed(), message)
            pending = [t for t in services.tasks if not t.done()]
            message = _(
                "When it returned, {done} task(s) had ended their cleanup but {count} were "
                "still in theirs: it stopped waiting when the first cancelled task ended. "
                "gather(*tasks) does that (it raises the first CancelledError at once): wait "
                "for them all with gather(*tasks, return_exceptions=True)."
            )
            first_only = services.cleaned and any(t.cancelling() for t in pending)
            done = len(services.cleaned)
            scene.check(not first_only, message, done=done, count=len(pending))
            message = _(
                "When it returned, {count} task(s) cancelled but not awaited were still "
                "pending on the closed loop, their `finally` cleanup never run: cancel() "
                "only asks. Gather the cancelled tasks before stopping the loop."
            )
            scene.check(not any(t.cancelling() for t in pending), message, count=len(pending))
            message = _(
                "When it returned, {count} task(s) were still pending on the closed loop, "
                "never cancelled: cancel the tasks left on the loop (run a coroutine there "
                "that cancels asyncio.all_tasks()) before stopping it."
            )
            scene.check(not pending, message, count=len(pending))
            message = _(
                "The tasks were cancelled, but {count} of them never finished their "
                "`finally` cleanup: cancel() only asks. Gather them before stopping the loop."
            )
            unfinished = len(services.tasks) - len(services.cleaned)
            scene.check(unfinished == 0, message, count=unfinished)
        finally:
            rescue_loop(loop, [thread], patience=PATIENCE)
            forget(services.tasks)
            for stopper in stoppers:
                stopper.join(PATIENCE)


# Task 5: await_pool


class LoopUnreachable(Exception):
    """A job in the pool could not get an answer from the event loop."""


def square(number, seconds):
    time.sleep(seconds)
    return number * number


def broken(seconds):
    time.sleep(seconds)
    raise KeyError("missing")


async def answer():
    return "answered"


def ask_the_loop(loop):
    """A pool job that needs the event loop to answer it (as a callback API would)."""
    future = asyncio.run_coroutine_threadsafe(answer(), loop)
    try:
        return future.result(1.0)
    except TimeoutError:
        future.cancel()
        raise LoopUnreachable(_("the event loop did not answer within 1 s")) from None


async def await_pool(topic, jobs, scene, needed=""):
    """``await topic.await_pool(futures)`` of ``jobs`` (function and arguments) submitted to a
    thread pool, naming a blocked loop's thread; every job is let end and the pool shut down
    afterwards, without blocking the loop."""
    blocked = _(
        "It blocked the event loop's thread while the jobs ran (future.result() and "
        "concurrent.futures.wait() block), so the loop could run nothing else{needed}. "
        "Await asyncio.wrap_future(future) instead: the loop stays free."
    )
    pool = concurrent.futures.ThreadPoolExecutor(len(jobs), thread_name_prefix="pool")
    futures = [pool.submit(*job) for job in jobs]
    submitted = list(futures)  # for the cleanup below, whatever the learner does to the list
    try:
        async with asyncio.timeout(2 * PATIENCE):
            return await topic.await_pool(futures)
    except Exception as error:
        if isinstance(error, LoopUnreachable) or (
            not isinstance(error, NotImplementedError) and find_error(error, BlockingError)
        ):
            scene.fail(blocked, needed=needed)
        raise
    finally:
        # asyncio.futures' own wrap_future: a spy on asyncio.wrap_future counts the learner's
        wrapped = [asyncio.futures.wrap_future(future) for future in submitted]
        await asyncio.wait(wrapped, timeout=2 * PATIENCE)
        for done in wrapped:
            if done.done() and not done.cancelled():
                done.exception()  # seen here, so asyncio does not log it as never retrieved
        pool.shutdown(wait=True, cancel_futures=True)
        await cancel_other_tasks(patience=PATIENCE)


@task(
    5,
    realtime=True,
    checks=(
        "await-pool-without-blocking",
        "await-pool-results-in-order",
        "await-pool-leaves-futures",
    ),
)
async def test_await_pool_waits_without_blocking_the_loop(topic, monkeypatch):
    """await_pool(four pool futures, one needing the loop): results in order, loop free."""
    spy = ApiSpy(monkeypatch, topic.module, "wrap_future")
    scene = called("await_pool([square(3), square(1), ask_the_loop(), square(2)])")
    loop = asyncio.get_running_loop()
    jobs = [(square, 3, 0.04), (square, 1, 0.02), (ask_the_loop, loop), (square, 2, 0.03)]
    needed = _(
        ": and one of the jobs needs the loop to answer it, so the two would have waited "
        "for each other for ever (a deadlock)"
    )
    results = await await_pool(topic, jobs, scene, needed)
    message = _("It returned {got}; expected the list [9, 1, 'answered', 4]: results in order.")
    scene.check(same(results, [9, 1, "answered", 4]), message, got=show(results))
    message = _(
        "It called asyncio.wrap_future {count} time(s) for 4 futures; expected `await "
        "asyncio.wrap_future(future)` for each: the loop is then told when each job ends, with "
        "no polling and no thread kept waiting."
    )
    wrapped = spy.calls["wrap_future"]
    scene.check(wrapped >= 4, message, count=wrapped)


@task(5, realtime=True, checks=("await-pool-results-in-order",))
async def test_await_pool_of_no_futures_and_of_one_future_twice(topic):
    """await_pool([]) returns []; await_pool([job, job]) of one finished job returns [7, 7]."""
    job = concurrent.futures.Future()
    job.set_result(7)
    twice = _("await_pool([job, job]), the same finished job twice")
    for futures, want, call in (([], [], "await_pool([])"), ([job, job], [7, 7], twice)):
        try:
            async with asyncio.timeout(PATIENCE):
                got = await topic.await_pool(futures)
        except Exception as error:
            if isinstance(error, NotImplementedError | TimeoutError):
                raise
            message = _(
                "It raised {got}; expected the list {want}, one result per future given, none "
                "for none (asyncio.wait refuses an empty set; asyncio.gather() of nothing "
                "returns [])."
            )
            got = f"{type(error).__name__}: {str(error).rstrip('.')}"
            called(call).fail(message, got=got, want=show(want))
        expect_result(got, want, call=call)


@task(5, realtime=True, checks=("await-pool-results-in-order",))
async def test_await_pool_keeps_falsy_results(topic):
    """await_pool of jobs giving 0, None, '' and [] returns [0, None, '', []]: all results."""
    want = [0, None, "", []]
    scene = called(_("await_pool(four pool futures whose jobs return {want})").format(want=want))
    jobs = [(square, 0, 0.01), (lambda: None,), (str,), (list,)]
    results = await await_pool(topic, jobs, scene)
    message = _(
        "It returned {got}; expected {want}, every job's result in order: a falsy result is a "
        "result (no `or`, no `if result:`, no filter)."
    )
    scene.check(same(results, want), message, got=show(results), want=show(want))


GROUPED = N_(
    "It raised {got}, a group holding the job's KeyError('missing'); expected the KeyError "
    "itself, so that the caller's `except KeyError` catches it: a TaskGroup wraps its tasks' "
    "errors in an ExceptionGroup, asyncio.gather raises the first one as it is."
)


def grouped_key_error(error):
    """The text of ``error`` when it is an exception group holding a KeyError, else ''."""
    if isinstance(error, BaseExceptionGroup) and error.subgroup(KeyError) is not None:
        return f"{type(error).__name__}({str(error)!r})"
    return ""


@task(5, realtime=True, checks=("await-pool-error-propagates",))
async def test_await_pool_raises_a_jobs_error(topic):
    """await_pool with a job raising KeyError('missing') raises that KeyError."""
    scene = called(_("await_pool([square(2), broken()]), broken() raising KeyError('missing')"))
    try:
        results = await await_pool(topic, [(square, 2, 0.01), (broken, 0.03)], scene)
    except KeyError as error:
        message = _("It raised {got}; expected KeyError('missing').")
        scene.check(error.args == ("missing",), message, got=repr(error))
        return
    except Exception as error:
        if not grouped_key_error(error):
            raise
        scene.fail(_(GROUPED), got=grouped_key_error(error))
    message = _("It returned {got}; expected the KeyError raised (not collected as a result).")
    scene.fail(message, got=show(results))


@task(5, realtime=True, checks=("await-pool-error-propagates",))
async def test_await_pool_raises_an_error_while_others_run(topic):
    """await_pool([square(3), broken()]), broken() failing while square(3) runs: its KeyError."""
    call = _("await_pool([square(3), broken()]), broken() raising KeyError('missing') at once")
    scene = called(_("{call}, while square(3) runs for 0.5 s").format(call=call))
    try:
        results = await await_pool(topic, [(square, 3, 0.5), (broken, 0.0)], scene)
    except KeyError as error:
        message = _("It raised {got}; expected KeyError('missing').")
        scene.check(error.args == ("missing",), message, got=repr(error))
        return
    except Exception as error:
        if isinstance(error, NotImplementedError):
            raise
        scene.check(not grouped_key_error(error), _(GROUPED), got=grouped_key_error(error))
        message = _(
            "It raised {got}; expected the job's KeyError('missing'). It asked a future for its "
            "result while square(3) still ran: wait for every future that comes before, or let "
            "asyncio.gather raise the first error."
        )
        scene.fail(message, got=f"{type(error).__name__}: {str(error).rstrip('.')}")
    message = _("It returned {got}; expected the KeyError raised (not collected as a result).")
    scene.fail(message, got=show(results))


@task(5, checks=("cancelled", "left-running"), realtime=True)
async def test_await_pool_cancelled_while_a_job_runs_ends_cancelled(topic):
    """await_pool([job]), cancelled 50 ms in while the job still runs: it ends cancelled."""
    release = threading.Event()
    pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pool")
    futures = [pool.submit(release.wait, PATIENCE)]
    scene = called(_("await_pool([job]) as a task, the job still running"))
    try:
        await check_cancelled_while_waiting(scene, topic.await_pool(futures), 0.05, 3 * PATIENCE)
    finally:
        release.set()  # the job ends at once
        pool.shutdown(wait=True)
