"""Hidden tests for topic 11: threads and the loop.

Threads are invisible to the virtual clock, so every test here runs on the real clock, with
real threads, scaled to tens of milliseconds. The checks are structural wherever possible:
the thread a callback ran on (``threading.get_ident()``), the loop a coroutine ran on, the
number of coroutines in flight. Where time matters (a callback that must run promptly, a
call that must give up), the gap between right (a few milliseconds) and wrong (a second,
or never) is wide. Every thread and loop a test starts, or that the learner's code starts,
is stopped, joined and closed before the test ends, even when the learner's code fails
half way.

Tasks 1, 2 and 5 run in async tests on the test's own (real-clock) loop. (Not in debug
mode: there a queue fed from the wrong thread raises in that thread after taking the item,
and the consumer's task is never woken again, a hang instead of a message.) Tasks 3 and 4
are synchronous (the callers of a background loop are plain threads); a hang is caught by
running the learner's call in a helper thread joined with a timeout.
"""

import asyncio
import concurrent.futures
import contextlib
import threading
import time

import pytest
from blockbuster import BlockingError

from grader import check, expect_result, fail, find_error, same, show, task

PROMISES = {
    1: {
        "put-runs-on-the-loop-thread": "put(item) has put_nowait(item) run on the loop's thread",
        "put-wakes-the-loop": "a consumer awaiting queue.get() wakes up at once",
        "put-loop-taken-on-its-thread": "the loop is taken in threadsafe_put, on the loop's thread",
        "put-wherever-the-loop-runs": "it works with the loop in any thread, not only the main one",
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
        "stop-loop-threadsafe": "it stops the loop with call_soon_threadsafe(loop.stop)",
        "stop-joins-the-thread": "it joins the thread before it closes the loop",
        "stop-closes-the-loop": "when it returns, the loop is closed",
    },
    5: {
        "await-pool-without-blocking": "await_pool awaits the futures with wrap_future, loop free",
        "await-pool-results-in-order": "it returns a list of the results in the order given",
        "await-pool-error-propagates": "an exception from a job propagates",
    },
}

PROMPT = 0.25  # seconds: a callback scheduled from a thread runs within this (really ~1 ms)
WAKE = 1.0  # seconds: how often the loop wakes up while a test waits for items from threads
PATIENCE = 1.0  # seconds: how long a test waits for a thread or a loop before it gives up
SYNC_LIMIT = 5  # seconds of real time before pytest-timeout stops a synchronous test

quick = pytest.mark.timeout(SYNC_LIMIT)


# ---------------------------------------------------------------------------------------
# Helpers: running the learner's code in a thread of ours, and cleaning up after it.


class ThreadCall:
    """Call ``function(*args)`` in a new daemon thread; keep its result or its exception."""

    def __init__(self, function, *args, name="worker"):
        self.function = function
        self.args = args
        self.result = None
        self.error = None
        self.ident = None
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self):
        self.ident = threading.get_ident()
        try:
            self.result = self.function(*self.args)
        except BaseException as error:
            self.error = error
        finally:
            self.finished.set()

    def join(self, timeout=PATIENCE):
        """Wait (blocking) for the thread; True when it has ended."""
        self.thread.join(timeout)
        return not self.thread.is_alive()

    async def wait(self, timeout=PATIENCE):
        """Wait without blocking the loop; True when the call has returned or raised."""
        deadline = time.perf_counter() + timeout
        while not self.finished.is_set() and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        if self.finished.is_set():
            self.thread.join(0.1)  # it has nothing left to do but end
        return self.finished.is_set()

    def failed(self):
        """True once the call has raised."""
        return self.finished.is_set() and self.error is not None

    def reraise_not_done(self):
        """Let "Not done yet" through as it is."""
        if isinstance(self.error, NotImplementedError):
            raise self.error


async def cancel_leftovers():
    """Cancel and await every task on this loop but the test's own (copied from topic 09)."""
    for _ in range(3):  # let callbacks sent from other threads create their tasks first
        await asyncio.sleep(0)
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for leftover in leftovers:
        leftover.cancel()
    if leftovers:
        await asyncio.wait(leftovers, timeout=PATIENCE)


async def _cancel_the_rest():
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for leftover in tasks:
        leftover.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def wait_until(condition, timeout=PATIENCE):
    """Poll ``condition()`` for up to ``timeout`` seconds of real time."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.002)
    return True


def rescue(loop, threads=()):
    """Stop, join and close a loop in a thread however the learner's code left it."""
    if not loop.is_closed() and loop.is_running() and getattr(loop, "_stopping", False):
        # loop.stop() was called from another thread: wake the loop up so that it sees it.
        loop.call_soon_threadsafe(lambda: None)
        wait_until(lambda: not loop.is_running())
    if not loop.is_closed() and loop.is_running():
        cancelling = _cancel_the_rest()
        with_tasks = asyncio.run_coroutine_threadsafe(cancelling, loop)
        wait_until(lambda: with_tasks.done() or not loop.is_running())
        with_tasks.cancel()
        if not loop.is_running():  # it stopped first, maybe before starting our coroutine
            with contextlib.suppress(BaseException):
                cancelling.close()
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        wait_until(lambda: loop.is_closed() or not loop.is_running())
    for thread in threads:
        if thread is not threading.current_thread():
            thread.join(PATIENCE)
    if not loop.is_closed() and not loop.is_running():
        loop.close()


def slowed(loop, seconds):
    """Make ``loop.run_forever()`` wait ``seconds`` before it starts the loop.

    A function that must return only once its loop runs then loses the race every time it
    does not wait for it, instead of only when its thread happens to start late.
    """
    start = loop.run_forever

    def run_forever_later():
        time.sleep(seconds)
        return start()

    loop.run_forever = run_forever_later


class LoopSpy:
    """Records every event loop the learner's code creates, so that the test can clean up.

    With ``slow_start``, each of those loops starts running only that many seconds after
    ``run_forever()`` is called.
    """

    def __init__(self, monkeypatch, module, slow_start=0.0):
        self.loops = []
        self.threads_before = set(threading.enumerate())
        real = asyncio.events.new_event_loop

        def recorded_new_event_loop():
            loop = real()
            self.loops.append(loop)
            if slow_start:
                slowed(loop, slow_start)
            return loop

        for owner in (asyncio, asyncio.events):
            monkeypatch.setattr(owner, "new_event_loop", recorded_new_event_loop)
        if getattr(module, "new_event_loop", None) is real:
            monkeypatch.setattr(module, "new_event_loop", recorded_new_event_loop)
        self.thread_errors = []  # (thread name, exception) of threads that died

        def record(args):
            name = args.thread.name if args.thread is not None else "?"
            self.thread_errors.append((name, args.exc_value))

        monkeypatch.setattr(threading, "excepthook", record)

    def new_threads(self):
        return [t for t in threading.enumerate() if t not in self.threads_before]

    def clean_up(self, extra_loops=()):
        threads = self.new_threads()
        for loop in [*self.loops, *extra_loops]:
            if isinstance(loop, asyncio.AbstractEventLoop):
                rescue(loop)
        for thread in threads:
            thread.join(PATIENCE)


def forget(tasks):
    """Close the coroutines of tasks left pending on a closed loop, without log noise."""
    for pending in tasks:
        if not pending.done():
            pending._log_destroy_pending = False  # asyncio's own switch for this warning
            with contextlib.suppress(BaseException):  # their cleanup needs a loop, now gone
                pending.get_coro().close()


class WatchedThread(threading.Thread):
    """A thread that remembers whether someone joined it."""

    joined = False

    def join(self, timeout=None):
        self.joined = True
        super().join(timeout)


def reference_loop_thread():
    """The test's own loop in a thread (not the learner's start_loop_thread)."""
    loop = asyncio.new_event_loop()
    running = threading.Event()
    loop.call_soon(running.set)
    thread = WatchedThread(target=loop.run_forever, name="test-loop", daemon=True)
    thread.start()
    running.wait(PATIENCE)
    return loop, thread


# ---------------------------------------------------------------------------------------
# Task 1: threadsafe_put


class WatchedQueue(asyncio.Queue):
    """An asyncio.Queue that records, for each put_nowait, the item and the calling thread."""

    def __init__(self):
        super().__init__()
        self.puts = []

    def put_nowait(self, item):
        self.puts.append((item, threading.get_ident()))
        super().put_nowait(item)


def explain_thread_error(call, error):
    """Fail with the likely mistake behind an error raised in the worker thread by put()."""
    text = str(error)
    if isinstance(error, RuntimeError) and "Non-thread-safe" in text:
        fail(
            f"{call} raised RuntimeError: {text.rstrip('.')}. A loop method other than "
            "call_soon_threadsafe (loop.call_soon?) was called from the worker thread: the "
            "loop, asleep in select(), is not woken up and its state is not protected. Use "
            "loop.call_soon_threadsafe(queue.put_nowait, item)."
        )
    if isinstance(error, RuntimeError) and "event loop" in text:
        fail(
            f"{call} raised RuntimeError: {text.rstrip('.')}. put() asked asyncio for the "
            "loop from inside the worker thread, which has no loop. Take the loop in "
            "threadsafe_put, which runs on the loop's thread (asyncio.get_running_loop()), "
            "and let put() use it."
        )
    raise error


async def receive(queue, count, timeout, given_up=lambda: False):
    """Take up to ``count`` items from ``queue``, each with the real time it arrived.

    The loop wakes up every WAKE seconds to check ``given_up()``: so an item that a wrong
    ``put`` left unnoticed arrives up to WAKE seconds late, not never.
    """
    got = []
    deadline = time.perf_counter() + timeout
    while len(got) < count and time.perf_counter() < deadline:
        try:
            async with asyncio.timeout(WAKE):
                item = await queue.get()
        except TimeoutError:
            if given_up():
                break
            continue
        got.append((item, time.perf_counter()))
    return got


@task(
    1,
    realtime=True,
    checks=("put-runs-on-the-loop-thread", "put-wakes-the-loop", "put-loop-taken-on-its-thread"),
)
async def test_put_from_a_worker_thread_runs_on_the_loop(topic):
    """Items put from a worker thread reach queue.get() promptly, via the loop's thread."""
    worker = None
    try:
        queue = WatchedQueue()
        put = topic.threadsafe_put(queue)
        check(
            callable(put),
            f"threadsafe_put(queue) returned {show(put)}; expected a function put(item).",
        )
        sent = {}

        def produce():
            time.sleep(0.02)
            for item in ("a", "b", "c"):
                time.sleep(0.01)  # the loop is idle, asleep in select(), when each one comes
                sent[item] = time.perf_counter()
                put(item)

        worker = ThreadCall(produce)
        got = await receive(queue, 3, 3 * PATIENCE, given_up=worker.failed)
        await worker.wait()
        worker.reraise_not_done()
        call = "put('a') in a worker thread"
        wrong = [item for item, ident in queue.puts if ident != threading.get_ident()]
        check(
            not wrong,
            f"Called {call}. queue.put_nowait({wrong[0]!r}) ran in the worker thread, not on "
            "the loop's thread. asyncio.Queue is not thread-safe, and the loop, asleep "
            "waiting for events, is not even woken up. Hand the call to the loop: "
            "loop.call_soon_threadsafe(queue.put_nowait, item)."
            if wrong
            else "",
        )
        if worker.error is not None:
            explain_thread_error(call, worker.error)
        items = [item for item, _ in got]
        check(
            items == ["a", "b", "c"],
            f"A worker thread called put('a'), put('b'), put('c'). The consumer awaiting "
            f"queue.get() received {show(items)}; expected ['a', 'b', 'c'].",
        )
        delays = {item: arrived - sent[item] for item, arrived in got}
        slowest = max(delays, key=delays.get)
        check(
            delays[slowest] < PROMPT,
            f"A worker thread called put({slowest!r}); the consumer received it only "
            f"{delays[slowest]:.2f} s later, expected within a few milliseconds: the loop "
            "was not woken up. loop.call_soon_threadsafe wakes it; loop.call_soon does not.",
        )
    finally:
        if worker is not None:
            await worker.wait()


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

    workers = [ThreadCall(produce, name) for name in "wxyz"]
    try:
        got = await receive(
            queue, 80, 2 * PATIENCE, given_up=lambda: any(w.failed() for w in workers)
        )
        for worker in workers:
            await worker.wait()
            worker.reraise_not_done()
            if worker.error is not None:
                explain_thread_error("put(item) from one of four threads", worker.error)
        wrong = [item for item, ident in queue.puts if ident != threading.get_ident()]
        check(
            not wrong,
            f"Four threads called put(item). queue.put_nowait ran {len(wrong)} time(s) in "
            "a worker thread instead of the loop's thread: use "
            "loop.call_soon_threadsafe(queue.put_nowait, item).",
        )
        items = [item for item, _ in got]
        check(
            len(items) == 80,
            f"Four threads called put(item) 20 times each. The consumer received "
            f"{len(items)} items; expected 80.",
        )
        for name in "wxyz":
            mine = [number for who, number in items if who == name]
            check(
                mine == list(range(20)),
                f"Thread {name!r} put its items 0 to 19 in order; the consumer received "
                f"them as {show(mine)}.",
            )
    finally:
        for worker in workers:
            await worker.wait()


@task(1, checks=("put-wherever-the-loop-runs",))
@quick
def test_put_from_the_main_thread_with_the_loop_in_another(topic):
    """The loop runs in a background thread; the main thread calls put('x'): it gets there."""
    loop, thread = reference_loop_thread()
    call = "put('x') in the main thread, the loop (and the queue) living in a background thread"
    try:
        made = {}

        async def make():
            made["queue"] = WatchedQueue()
            return topic.threadsafe_put(made["queue"])

        put = asyncio.run_coroutine_threadsafe(make(), loop).result(PATIENCE)
        queue = made["queue"]
        check(
            callable(put),
            f"threadsafe_put(queue) returned {show(put)}; expected a function put(item).",
        )

        async def take():
            async with asyncio.timeout(2 * PATIENCE):
                return await queue.get()

        receiving = asyncio.run_coroutine_threadsafe(take(), loop)
        time.sleep(0.02)  # the consumer is waiting, the loop asleep in select()
        put("x")
        try:
            item = receiving.result(3 * PATIENCE)
        except TimeoutError:
            item = None
        wrong = [item for item, ident in queue.puts if ident != thread.ident]
        check(
            not wrong,
            f"Called {call}. queue.put_nowait('x') ran in the main thread, not in the loop's "
            "thread. The loop does not always run in the main thread: whichever thread calls "
            "put, hand the call to the loop with loop.call_soon_threadsafe(queue.put_nowait, "
            "item).",
        )
        check(
            same(item, "x"),
            f"Called {call}. The consumer awaiting queue.get() received {show(item)}; "
            "expected 'x'.",
        )
    finally:
        rescue(loop, [thread])


# ---------------------------------------------------------------------------------------
# Task 2: fetch_from_thread


class LoopRecorder:
    """A fake ``fetch`` coroutine function: records its loop, thread and concurrency."""

    def __init__(self, seconds=0.02, error=None, gather_at=None):
        self.seconds = seconds
        self.error = error
        self.gather_at = gather_at  # fetches wait (a little) until this many are in flight
        self.all_in = asyncio.Event()
        self.calls = []  # (url, loop, thread ident)
        self.outcomes = {}  # url -> "done", "cancelled" or "failed"
        self.in_flight = 0
        self.peak = 0
        self.__name__ = "fetch"

    async def __call__(self, url):
        self.calls.append((url, asyncio.get_running_loop(), threading.get_ident()))
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        self.outcomes[url] = "running"
        try:
            if self.gather_at is not None:
                # Threads start one after another (slowly, on a busy machine): wait for all.
                if self.in_flight >= self.gather_at:
                    self.all_in.set()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.5):
                        await self.all_in.wait()
            await asyncio.sleep(self.seconds)
            if self.error is not None:
                raise self.error
        except asyncio.CancelledError:
            self.outcomes[url] = "cancelled"
            raise
        except BaseException:
            self.outcomes[url] = "failed"
            raise
        finally:
            self.in_flight -= 1
        self.outcomes[url] = "done"
        return f"<{url}>"


def check_ran_on(loop, fetch, call):
    """Fail unless every fetch ran on ``loop``, in the thread running it."""
    check(fetch.calls, f"Called {call}. fetch(url) never ran.")
    for url, ran_on, ident in fetch.calls:
        check(
            ran_on is loop,
            f"Called {call}. fetch({url!r}) ran on another event loop, in the worker thread: "
            "asyncio.run() there starts a second loop of its own, so fetch does not run on "
            "`loop` with the connections, locks and tasks that live there. Submit it to "
            "`loop` instead: asyncio.run_coroutine_threadsafe(fetch(url), loop).",
        )
        check(
            ident == threading.get_ident(),
            f"Called {call}. fetch({url!r}) ran on `loop`, but outside the loop's thread.",
        )


def check_result_kind(call, result, expected):
    if isinstance(result, concurrent.futures.Future):
        fail(
            f"Called {call}. It returned a concurrent.futures.Future; expected the result "
            f"{expected!r}: wait for it with future.result(timeout)."
        )
    expect_result(result, expected, call=call, meaning="what fetch returned")


@task(2, realtime=True, checks=("fetch-runs-on-loop", "fetch-returns-or-raises"))
async def test_fetch_from_thread_runs_fetch_on_the_loop(topic):
    """fetch_from_thread(loop, fetch, 'a.test', 1.0) in a worker: fetch runs on loop."""
    loop = asyncio.get_running_loop()
    fetch = LoopRecorder()
    call = "fetch_from_thread(loop, fetch, 'a.test', 1.0) in a worker thread"
    worker = ThreadCall(topic.fetch_from_thread, loop, fetch, "a.test", 1.0)
    try:
        finished = await worker.wait(2 * PATIENCE)
        worker.reraise_not_done()
        check(finished, f"Called {call}. It had not returned after {2 * PATIENCE:g} s.")
        if worker.error is not None:
            raise worker.error
        check_ran_on(loop, fetch, call)
        check_result_kind(call, worker.result, "<a.test>")
    finally:
        await cancel_leftovers()
        await worker.wait()


@task(2, realtime=True, checks=("fetch-returns-or-raises",))
async def test_fetch_from_thread_raises_what_fetch_raised(topic):
    """When fetch raises LookupError, fetch_from_thread raises it in the worker thread."""
    loop = asyncio.get_running_loop()
    fetch = LoopRecorder(error=LookupError("no route to b.test"))
    call = "fetch_from_thread(loop, fetch, 'b.test', 1.0) in a worker thread"
    worker = ThreadCall(topic.fetch_from_thread, loop, fetch, "b.test", 1.0)
    try:
        finished = await worker.wait(2 * PATIENCE)
        worker.reraise_not_done()
        check(finished, f"Called {call}. It had not returned after {2 * PATIENCE:g} s.")
        check_ran_on(loop, fetch, call)
        error = worker.error
        check(
            error is not None,
            f"Called {call}, with fetch raising LookupError('no route to b.test'). It "
            f"returned {show(worker.result)}; expected the LookupError to be raised: "
            "future.result() raises the coroutine's exception.",
        )
        if not isinstance(error, LookupError):
            raise error
        check(
            str(error) == "no route to b.test",
            f"Called {call}. It raised {error!r}; expected LookupError('no route to b.test').",
        )
    finally:
        await cancel_leftovers()
        await worker.wait()


@task(2, realtime=True, checks=("fetch-several-threads-at-once", "fetch-runs-on-loop"))
async def test_fetch_from_thread_serves_five_threads_at_once(topic):
    """Five worker threads call fetch_from_thread at once: five fetches overlap on loop."""
    loop = asyncio.get_running_loop()
    fetch = LoopRecorder(seconds=0.01, gather_at=5)
    urls = [f"{name}.test" for name in "abcde"]
    workers = [ThreadCall(topic.fetch_from_thread, loop, fetch, url, 1.0) for url in urls]
    call = "fetch_from_thread(loop, fetch, url, 1.0) in five worker threads at once"
    try:
        for worker, url in zip(workers, urls, strict=True):
            finished = await worker.wait(2 * PATIENCE)
            worker.reraise_not_done()
            check(finished, f"Called {call}. One had not returned after {2 * PATIENCE:g} s.")
            if worker.error is not None:
                raise worker.error
            check_result_kind(call.replace("url", repr(url)), worker.result, f"<{url}>")
        check_ran_on(loop, fetch, call)
        check(
            fetch.peak == len(urls),
            f"Called {call}. At most {fetch.peak} fetches ran at "
            f"once on the loop; expected all {len(urls)}: each thread submits its own "
            "coroutine and waits only for its own future.",
        )
    finally:
        await cancel_leftovers()
        for worker in workers:
            await worker.wait()


@task(2, realtime=True, checks=("fetch-timeout-cancels",))
async def test_fetch_from_thread_gives_up_and_cancels(topic):
    """fetch_from_thread(loop, slow, 'slow.test', 0.05): TimeoutError, and fetch is cancelled."""
    loop = asyncio.get_running_loop()
    fetch = LoopRecorder(seconds=60.0)
    call = "fetch_from_thread(loop, fetch, 'slow.test', 0.05) in a worker thread"
    started = time.perf_counter()
    worker = ThreadCall(topic.fetch_from_thread, loop, fetch, "slow.test", 0.05)
    try:
        finished = await worker.wait(PATIENCE)
        elapsed = time.perf_counter() - started
        worker.reraise_not_done()
        check(
            finished,
            f"Called {call}, with a fetch that takes 60 s. It had not returned after "
            f"{PATIENCE:g} s: pass the timeout on, future.result(timeout).",
        )
        error = worker.error
        if error is not None and not isinstance(error, TimeoutError):
            raise error
        check(
            error is not None,
            f"Called {call}, with a fetch that takes 60 s. It returned {show(worker.result)} "
            f"after {elapsed:.2f} s; expected TimeoutError after 0.05 s.",
        )
        check(
            elapsed >= 0.05 * 0.9,
            f"Called {call}. It raised TimeoutError after only {elapsed:.3f} s; expected it "
            "to wait 0.05 s first.",
        )
        deadline = time.perf_counter() + PATIENCE
        while fetch.outcomes.get("slow.test") == "running" and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        outcome = fetch.outcomes.get("slow.test", "never started")
        check(
            outcome == "cancelled",
            f"Called {call}. It raised TimeoutError, but fetch('slow.test') was "
            f"{'still running' if outcome == 'running' else outcome} on the loop "
            f"{PATIENCE:g} s later. future.result(timeout) only stops waiting; the coroutine "
            "goes on unless you cancel it: call future.cancel() before raising.",
        )
    finally:
        await cancel_leftovers()
        await worker.wait()


@task(2, realtime=True, checks=("fetch-refuses-the-loop-thread",))
async def test_fetch_from_thread_refuses_the_loops_own_thread(topic):
    """fetch_from_thread(loop, ...) on loop's own thread raises RuntimeError at once."""
    loop = asyncio.get_running_loop()
    fetch = LoopRecorder()
    call = "fetch_from_thread(loop, fetch, 'own.test', 0.3) on the loop's own thread"
    deadlock = (
        f"Called {call}. It blocked the loop's thread waiting for future.result(), but the "
        "coroutine it waits for can only run on that very thread, once the loop is free "
        "again: a deadlock (here cut short). Check first: when "
        "asyncio.get_running_loop() is `loop` (it raises RuntimeError in a thread without "
        "a loop), raise RuntimeError instead of submitting."
    )
    try:
        try:
            result = topic.fetch_from_thread(loop, fetch, "own.test", 0.3)
        except NotImplementedError:
            raise
        except BlockingError:
            fail(deadlock)
        except TimeoutError:
            fail(deadlock)
        except RuntimeError:
            pass
        else:
            fail(f"Called {call}. It returned {show(result)}; expected RuntimeError.")
        await asyncio.sleep(0.01)
        check(
            not fetch.calls,
            f"Called {call}. It raised RuntimeError, but only after submitting "
            "fetch('own.test'), which then ran anyway: check before submitting anything.",
        )
    finally:
        await cancel_leftovers()


@task(2, checks=("fetch-refuses-the-loop-thread", "fetch-runs-on-loop"))
@quick
def test_fetch_from_the_main_thread_with_the_loop_in_another(topic):
    """fetch_from_thread in the main thread, the loop in a background thread: it runs fetch."""
    loop, thread = reference_loop_thread()
    try:
        fetch = LoopRecorder()
        call = (
            "fetch_from_thread(loop, fetch, 'm.test', 1.0) in the main thread, the loop "
            "running in a background thread"
        )
        try:
            result = topic.fetch_from_thread(loop, fetch, "m.test", 1.0)
        except RuntimeError as error:
            if isinstance(error, NotImplementedError):
                raise
            fail(
                f"Called {call}. It raised RuntimeError: {error}. Only the loop's own thread "
                "must be refused, and here the loop runs in another thread, so the main "
                "thread may wait for it. Compare asyncio.get_running_loop() (it raises "
                "RuntimeError where no loop runs) with `loop`; do not test for the main thread."
            )
        check_result_kind(call, result, "<m.test>")
        check(
            [(ran_on, ident) for _url, ran_on, ident in fetch.calls] == [(loop, thread.ident)],
            f"Called {call}. fetch('m.test') did not run once on `loop`, in its thread: "
            "submit it with asyncio.run_coroutine_threadsafe(fetch(url), loop).",
        )
    finally:
        rescue(loop, [thread])


@task(2, checks=("fetch-refuses-the-loop-thread",))
@quick
def test_fetch_from_thread_on_a_background_loops_own_thread(topic):
    """fetch_from_thread on the loop's own thread, a background one: RuntimeError at once."""
    loop, thread = reference_loop_thread()
    try:
        own_fetch = LoopRecorder()

        async def from_the_loop():
            try:
                return "returned", topic.fetch_from_thread(loop, own_fetch, "own.test", 0.3)
            except (BlockingError, TimeoutError) as error:
                return "deadlock", error
            except RuntimeError as error:
                if isinstance(error, NotImplementedError):
                    raise
                return "refused", error

        kind, value = asyncio.run_coroutine_threadsafe(from_the_loop(), loop).result(3 * PATIENCE)
        own = "fetch_from_thread(loop, fetch, 'own.test', 0.3) on the loop's own thread, "
        own += "a background thread (not the main one)"
        if kind == "deadlock":
            fail(
                f"Called {own}. It blocked the loop's thread waiting for future.result(), "
                "but the coroutine it waits for can only run on that very thread: a deadlock "
                "(here cut short). The loop does not always run in the main thread: refuse "
                "when asyncio.get_running_loop() is `loop`, wherever that is."
            )
        check(kind == "refused", f"Called {own}. It returned {show(value)}; expected RuntimeError.")
        time.sleep(0.01)
        check(
            not own_fetch.calls,
            f"Called {own}. It raised RuntimeError, but only after submitting "
            "fetch('own.test'), which then ran anyway: check before submitting anything.",
        )
    finally:
        rescue(loop, [thread])


# ---------------------------------------------------------------------------------------
# Task 3: start_loop_thread


def start_learners_loop(topic, spy):
    """Call start_loop_thread() in a helper thread; return (loop, thread) once it returned."""
    starter = ThreadCall(topic.start_loop_thread, name="caller")
    if not starter.join(PATIENCE):
        stuck = [loop for loop in spy.loops if loop.is_running()]
        fail(
            f"Called start_loop_thread(). It had not returned after {PATIENCE:g} s"
            + (
                ": it ran the loop itself, and loop.run_forever() only returns when the loop "
                "stops. Call run_forever() in the new thread, not in the caller's."
                if stuck
                else ". Does it wait for something that never happens?"
            )
        )
    starter.reraise_not_done()
    if starter.error is not None:
        raise starter.error
    started = starter.result
    check(
        isinstance(started, tuple) and len(started) == 2,
        f"start_loop_thread() returned {show(started)}; expected a tuple (loop, thread).",
    )
    loop, thread = started
    check(
        isinstance(loop, asyncio.AbstractEventLoop),
        f"start_loop_thread() returned ({show(loop)}, ...); expected an event loop first.",
    )
    check(
        isinstance(thread, threading.Thread),
        f"start_loop_thread() returned (loop, {show(thread)}); expected a threading.Thread.",
    )
    return loop, thread


def check_loop_runs(loop, thread, spy):
    """Fail, saying why, unless ``loop`` is running in ``thread`` within PATIENCE seconds."""
    check(not loop.is_closed(), "start_loop_thread() returned a loop that is already closed.")
    check(
        thread is not threading.current_thread() and thread.ident is not None,
        "start_loop_thread() returned a thread that was never started: call thread.start(), "
        "and let the thread run loop.run_forever().",
    )
    wait_until(lambda: loop.is_running() or not thread.is_alive())
    if spy.thread_errors:
        name, error = spy.thread_errors[0]
        hint = ""
        if isinstance(error, RuntimeError) and "event loop" in str(error):
            hint = (
                " A new thread has no event loop: asyncio.get_event_loop() there fails (and "
                "is deprecated anyway). Run the loop you made: loop.run_forever()."
            )
        fail(
            f"Called start_loop_thread(). Its thread {name!r} died with "
            f"{type(error).__name__}: {str(error).rstrip('.')}.{hint}"
        )
    check(
        loop.is_running(),
        "start_loop_thread() returned, but the loop was still not running "
        f"{PATIENCE:g} s later. Its thread must call loop.run_forever() on that same loop"
        + (" (the thread has ended)." if not thread.is_alive() else "."),
    )


async def where_am_i():
    return asyncio.get_running_loop(), threading.get_ident()


@task(3, checks=("start-loop-in-a-new-thread",))
@quick
def test_start_loop_thread_runs_a_loop_in_a_new_thread(topic, monkeypatch):
    """start_loop_thread() returns (loop, thread); the loop runs in that thread."""
    spy = LoopSpy(monkeypatch, topic.module)
    loop = None
    try:
        loop, thread = start_learners_loop(topic, spy)
        check_loop_runs(loop, thread, spy)
        future = asyncio.run_coroutine_threadsafe(where_am_i(), loop)
        try:
            ran_on, ident = future.result(PATIENCE)
        except TimeoutError:
            future.cancel()
            fail(
                "Submitted a coroutine to the loop that start_loop_thread() returned; it had "
                f"not run {PATIENCE:g} s later."
            )
        check(ran_on is loop, "A coroutine submitted to the loop ran on another loop.")
        check(
            ident == thread.ident,
            "A coroutine submitted to the loop ran in another thread than the one "
            "start_loop_thread() returned: return the thread that runs the loop.",
        )
    finally:
        spy.clean_up([loop] if loop is not None else [])


@task(3, checks=("start-returns-once-running",))
@quick
def test_start_loop_thread_returns_once_the_loop_runs(topic, monkeypatch):
    """start_loop_thread(), its loop slow to start: it returns only once the loop runs."""
    spy = LoopSpy(monkeypatch, topic.module, slow_start=0.1)
    loop = None
    try:
        loop, thread = start_learners_loop(topic, spy)
        running = loop.is_running()
        check(
            running or not thread.is_alive() or loop.is_closed(),
            "Called start_loop_thread(), here with a loop that takes 0.1 s to start running. "
            "It returned before the loop was running (loop.is_running() was False then): a "
            "caller may use the loop the moment you return. Wait until it runs: for "
            "example, `loop.call_soon(started.set)` before starting the thread, and "
            "`started.wait()` (a threading.Event) before returning.",
        )
        check_loop_runs(loop, thread, spy)
    finally:
        spy.clean_up([loop] if loop is not None else [])


@task(3, checks=("start-loop-in-a-new-thread",))
@quick
def test_loop_thread_serves_several_callers_at_once(topic, monkeypatch):
    """The loop from start_loop_thread() serves five threads' coroutines at the same time."""
    spy = LoopSpy(monkeypatch, topic.module)
    loop = None
    callers = []
    try:
        loop, thread = start_learners_loop(topic, spy)
        check_loop_runs(loop, thread, spy)
        state = {"in_flight": 0, "peak": 0}
        all_in = asyncio.Event()

        async def job(number):
            state["in_flight"] += 1
            state["peak"] = max(state["peak"], state["in_flight"])
            try:
                # Threads start one after another (slowly, on a busy machine): wait for all.
                if state["in_flight"] == 5:
                    all_in.set()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.5):
                        await all_in.wait()
                await asyncio.sleep(0.01)
            finally:
                state["in_flight"] -= 1
            return number * 10

        def ask(number):
            return asyncio.run_coroutine_threadsafe(job(number), loop).result(PATIENCE)

        callers = [ThreadCall(ask, number, name=f"caller-{number}") for number in range(4)]
        mine = ask(4)
        answers = []
        for caller in callers:
            caller.join(2 * PATIENCE)
            if isinstance(caller.error, TimeoutError):
                fail(
                    "Four threads and the main thread submitted coroutines to the loop that "
                    "start_loop_thread() returned; they had not finished a second later: is "
                    "the loop running forever in its thread?"
                )
            if caller.error is not None:
                raise caller.error
            answers.append(caller.result)
        check(
            [*answers, mine] == [0, 10, 20, 30, 40],
            f"Five threads each ran job(n) on the loop; the answers were {[*answers, mine]}, "
            "expected [0, 10, 20, 30, 40].",
        )
        check(
            state["peak"] == 5,
            f"Five threads each ran a job on the loop; at most {state['peak']} ran at "
            "once, expected all five: one running loop serves every caller.",
        )
    except TimeoutError:
        fail(
            "Submitted a coroutine to the loop that start_loop_thread() returned; it had not "
            f"run {PATIENCE:g} s later: is the loop running forever in its thread?"
        )
    finally:
        for caller in callers:
            caller.join()
        spy.clean_up([loop] if loop is not None else [])


# ---------------------------------------------------------------------------------------
# Task 4: stop_loop_thread


class Services:
    """Two tasks left running on a loop; each needs the loop for its cleanup."""

    def __init__(self, loop):
        self.loop = loop
        self.cleaned = []
        self.tasks = []

    async def service(self, name):
        try:
            await asyncio.sleep(3600)  # the loop's next timer is an hour away
        finally:
            await asyncio.sleep(0.01)  # cleanup that needs the loop: closing a connection
            self.cleaned.append(name)

    async def start(self):
        self.tasks = [asyncio.create_task(self.service(name)) for name in ("db", "cache")]
        await asyncio.sleep(0)


def explain_stop_error(call, stopper):
    stopper.reraise_not_done()
    error = stopper.error
    if isinstance(error, RuntimeError) and "running event loop" in str(error):
        fail(
            f"Called {call}. It raised RuntimeError: {error}. The loop was closed while its "
            "thread was still running it: stop it, join the thread, and only then close "
            "the loop."
        )
    if error is not None:
        raise error


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
def test_stop_loop_thread_stops_joins_and_closes(topic):
    """stop_loop_thread(loop, thread): tasks cleaned up, thread ended, loop closed."""
    loop, thread = reference_loop_thread()
    services = Services(loop)
    stopper = None
    try:
        asyncio.run_coroutine_threadsafe(services.start(), loop).result(PATIENCE)
        call = "stop_loop_thread(loop, thread), two tasks still running on the loop"
        stopper = ThreadCall(topic.stop_loop_thread, loop, thread, name="caller")
        if not stopper.join(PATIENCE):
            stopping = getattr(loop, "_stopping", False)
            fail(
                f"Called {call}. It had not returned after {PATIENCE:g} s"
                + (
                    ": it called loop.stop() from another thread. The loop, asleep in "
                    "select() until its next timer (an hour away), never noticed, so the "
                    "thread never ended and join() waits for ever. Ask the loop's own thread "
                    "to stop: loop.call_soon_threadsafe(loop.stop)."
                    if stopping and thread.is_alive()
                    else "."
                )
            )
        explain_stop_error(call, stopper)
        check(
            thread.joined and not thread.is_alive(),
            f"Called {call}. It never joined the loop's thread: call thread.join() after "
            "stopping the loop, so that the thread has really ended (and the loop has "
            "stopped running) before you close the loop and return."
            if not thread.joined
            else f"Called {call}. When it returned, the loop's thread was still running.",
        )
        check(
            loop.is_closed(),
            f"Called {call}. When it returned, the loop was not closed: call loop.close() "
            "once its thread has ended (a loop holds a selector and sockets until closed).",
        )
        pending = [t for t in services.tasks if not t.done()]
        check(
            not any(t.cancelling() for t in pending),
            f"Called {call}. When it returned, {len(pending)} task(s) had been cancelled but "
            "were still pending on the closed loop, their cleanup (the code in their "
            "`finally`, which needs the loop) never run: cancel() only asks. Wait for the "
            "cancelled tasks (gather them) before stopping the loop.",
        )
        check(
            not pending,
            f"Called {call}. When it returned, {len(pending)} task(s) were still pending on "
            "the closed loop, never cancelled: cancel the tasks left on the loop (run a "
            "coroutine there that cancels asyncio.all_tasks()) before stopping it.",
        )
        check(
            sorted(services.cleaned) == ["cache", "db"],
            f"Called {call}. The tasks were cancelled, but {2 - len(services.cleaned)} of "
            "them never finished their cleanup (the code in their `finally`, which needs "
            "the loop): cancel() only asks. Wait for the cancelled tasks (gather them) "
            "before stopping the loop.",
        )
    finally:
        rescue(loop, [thread])
        if stopper is not None:
            stopper.join()
        forget(services.tasks)


@task(4, checks=("stop-loop-threadsafe", "stop-joins-the-thread", "stop-closes-the-loop"))
@quick
def test_stop_loop_thread_on_an_idle_loop(topic):
    """stop_loop_thread on a loop with nothing to do returns at once, thread and loop done."""
    loop, thread = reference_loop_thread()
    stopper = None
    try:
        stopper = ThreadCall(topic.stop_loop_thread, loop, thread, name="caller")
        finished = stopper.join(PATIENCE)
        stopper.reraise_not_done()
        check(
            finished,
            f"Called stop_loop_thread(loop, thread) on an idle loop. It had not returned "
            f"after {PATIENCE:g} s: stop the loop with loop.call_soon_threadsafe(loop.stop).",
        )
        explain_stop_error("stop_loop_thread(loop, thread) on an idle loop", stopper)
        check(
            thread.joined and not thread.is_alive() and loop.is_closed(),
            "Called stop_loop_thread(loop, thread) on an idle loop. "
            + (
                "It never joined the thread"
                if not thread.joined
                else "When it returned, the thread was still running"
                if thread.is_alive()
                else "When it returned, the loop was still open"
            )
            + ": stop the loop, join the thread, then close the loop.",
        )
    finally:
        rescue(loop, [thread])
        if stopper is not None:
            stopper.join()


# ---------------------------------------------------------------------------------------
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
        raise LoopUnreachable("the event loop did not answer within 1 s") from None


async def settle(futures, pool):
    """Let every job end, without blocking the loop; then shut the pool down."""
    if futures:
        wrapped = [asyncio.wrap_future(f) for f in futures]
        await asyncio.wait(wrapped, timeout=2 * PATIENCE)
        for done in wrapped:
            if done.done() and not done.cancelled():
                done.exception()  # seen here, so asyncio does not log it as never retrieved
    pool.shutdown(wait=True, cancel_futures=True)
    await cancel_leftovers()


NEEDED = (
    ": and one of the jobs needs the loop to answer it, so the two would have waited for "
    "each other for ever (a deadlock)"
)
BLOCKED = (
    "Called {call}. It blocked the event loop's thread while the jobs ran "
    "(future.result() or concurrent.futures.wait() wait by blocking the thread), so the "
    "loop could run nothing else meanwhile{clause}. Await asyncio.wrap_future(future) "
    "instead: the loop stays free while the thread works."
)


@task(5, realtime=True, checks=("await-pool-without-blocking", "await-pool-results-in-order"))
async def test_await_pool_waits_without_blocking_the_loop(topic):
    """await_pool(four pool futures, one needing the loop): results in order, loop free."""
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="pool")
    futures = []
    call = "await_pool([square(3), square(1), ask_the_loop(), square(2)])"
    try:
        futures = [
            pool.submit(square, 3, 0.04),
            pool.submit(square, 1, 0.02),
            pool.submit(ask_the_loop, loop),
            pool.submit(square, 2, 0.03),
        ]
        try:
            async with asyncio.timeout(2 * PATIENCE):
                results = await topic.await_pool(futures)
        except NotImplementedError:
            raise
        except LoopUnreachable:
            fail(BLOCKED.format(call=call, clause=NEEDED))
        except Exception as error:
            if find_error(error, BlockingError) is not None:
                fail(BLOCKED.format(call=call, clause=NEEDED))
            raise
        check(
            same(results, [9, 1, "answered", 4]),
            f"Called {call}. It returned {show(results)}; expected the list [9, 1, "
            "'answered', 4], the results in the order of the futures.",
        )
    finally:
        await settle(futures, pool)


@task(5, realtime=True, checks=("await-pool-error-propagates",))
async def test_await_pool_raises_a_jobs_error(topic):
    """await_pool with a job raising KeyError('missing') raises that KeyError."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="pool")
    futures = []
    call = "await_pool([square(2), broken()]), broken() raising KeyError('missing')"
    try:
        futures = [pool.submit(square, 2, 0.01), pool.submit(broken, 0.03)]
        try:
            async with asyncio.timeout(2 * PATIENCE):
                results = await topic.await_pool(futures)
        except NotImplementedError:
            raise
        except KeyError as error:
            check(
                error.args == ("missing",),
                f"Called {call}. It raised {error!r}; expected KeyError('missing').",
            )
            return
        except Exception as error:
            if find_error(error, BlockingError) is not None:
                fail(BLOCKED.format(call=call, clause=""))
            raise
        fail(
            f"Called {call}. It returned {show(results)}; expected the KeyError to be "
            "raised (do not collect exceptions as results here)."
        )
    finally:
        await settle(futures, pool)


@task(5, realtime=True, checks=("await-pool-results-in-order",))
async def test_await_pool_of_nothing(topic):
    """await_pool([]) returns an empty list."""
    async with asyncio.timeout(PATIENCE):
        results = await topic.await_pool([])
    expect_result(results, [], call="await_pool([])")
