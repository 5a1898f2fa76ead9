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

from grader import N_, _, check, expect_result, fail, find_error, same, show, task
from grader.inside.running import cancel_other_tasks, finish_within, forget, rescue_loop, wait_until
from grader.inside.suite import Scene, called

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
# Helpers: running the learner's code in a thread of ours, and cleaning up after it (the
# leftovers are stopped by grader.inside.running).


class ThreadCall:
    """Call ``function(*args)`` in a new daemon thread; keep its result or its exception."""

    def __init__(self, function, *args, name="worker"):
        self.function = function
        self.args = args
        self.result = None
        self.error = None
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self):
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

    def clean_up(self, extra_loops=()):
        threads = [t for t in threading.enumerate() if t not in self.threads_before]
        for loop in [*self.loops, *extra_loops]:
            if isinstance(loop, asyncio.AbstractEventLoop):
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
    loop = asyncio.new_event_loop()
    running = threading.Event()
    loop.call_soon(running.set)
    thread = WatchedThread(target=loop.run_forever, name="test-loop", daemon=True)
    thread.start()
    running.wait(PATIENCE)
    try:
        yield loop, thread
    finally:
        rescue_loop(loop, [thread], patience=PATIENCE)


async def cancel_leftovers():
    """Cancel and await every task on this loop but the test's own."""
    await cancel_other_tasks(patience=PATIENCE)


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

    def put_elsewhere(self, ident):
        """The items whose put_nowait ran in another thread than ``ident``."""
        return [item for item, put_by in self.puts if put_by != ident]


def check_put_made(put):
    check(
        callable(put),
        _("threadsafe_put(queue) returned {got}; expected a function put(item)."),
        got=show(put),
    )


def explain_thread_error(call, error):
    """Fail with the likely mistake behind an error raised in the worker thread by put()."""
    text = str(error)
    scene = Scene(
        _("{call} raised RuntimeError: {error}.").format(call=call, error=text.rstrip("."))
    )
    scene.check(
        not (isinstance(error, RuntimeError) and "Non-thread-safe" in text),
        _(
            "A loop method other than call_soon_threadsafe (loop.call_soon?) was called from "
            "the worker thread: the loop, asleep in select(), is not woken up and its state is "
            "not protected. Use loop.call_soon_threadsafe(queue.put_nowait, item)."
        ),
    )
    scene.check(
        not (isinstance(error, RuntimeError) and "event loop" in text),
        _(
            "put() asked asyncio for the loop from inside the worker thread, which has no loop. "
            "Take the loop in threadsafe_put, which runs on the loop's thread "
            "(asyncio.get_running_loop()), and let put() use it."
        ),
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
        arrived, item = await finish_within(queue.get(), WAKE)
        if arrived:
            got.append((item, time.perf_counter()))
        elif given_up():
            break
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
        check_put_made(put)
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
        call = _("put('a') in a worker thread")
        wrong = queue.put_elsewhere(threading.get_ident())
        called(call).check(
            not wrong,
            _(
                "queue.put_nowait({item}) ran in the worker thread, not on the loop's thread. "
                "asyncio.Queue is not thread-safe, and the loop, asleep waiting for events, is "
                "not even woken up. Hand the call to the loop: "
                "loop.call_soon_threadsafe(queue.put_nowait, item)."
            ),
            item=repr(wrong[0]) if wrong else "",
        )
        if worker.error is not None:
            explain_thread_error(call, worker.error)
        items = [item for item, _arrived in got]
        scene = Scene(_("A worker thread called put('a'), put('b'), put('c')."))
        scene.check(
            items == ["a", "b", "c"],
            _("The consumer awaiting queue.get() received {got}; expected ['a', 'b', 'c']."),
            got=show(items),
        )
        delays = {item: arrived - sent[item] for item, arrived in got}
        slowest = max(delays, key=delays.get)
        scene.check(
            delays[slowest] < PROMPT,
            _(
                "The consumer received {item} only {delay} s after it was put, expected within "
                "a few milliseconds: the loop was not woken up. loop.call_soon_threadsafe wakes "
                "it; loop.call_soon does not."
            ),
            item=repr(slowest),
            delay=f"{delays[slowest]:.2f}",
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
    scene = Scene(_("Four threads called put(item) 20 times each."))
    try:
        got = await receive(
            queue, 80, 2 * PATIENCE, given_up=lambda: any(w.failed() for w in workers)
        )
        for worker in workers:
            await worker.wait()
            worker.reraise_not_done()
            if worker.error is not None:
                explain_thread_error(_("put(item) from one of four threads"), worker.error)
        scene.check(
            not queue.put_elsewhere(threading.get_ident()),
            _(
                "queue.put_nowait ran {count} time(s) in a worker thread instead of the loop's "
                "thread: use loop.call_soon_threadsafe(queue.put_nowait, item)."
            ),
            count=len(queue.put_elsewhere(threading.get_ident())),
        )
        items = [item for item, _arrived in got]
        scene.check(
            len(items) == 80,
            _("The consumer received {count} items; expected 80."),
            count=len(items),
        )
        for name in "wxyz":
            mine = [number for who, number in items if who == name]
            scene.check(
                mine == list(range(20)),
                _(
                    "Thread {name} put its items 0 to 19 in order; the consumer received them "
                    "as {got}."
                ),
                name=repr(name),
                got=show(mine),
            )
    finally:
        for worker in workers:
            await worker.wait()


@task(1, checks=("put-wherever-the-loop-runs",))
@quick
def test_put_from_the_main_thread_with_the_loop_in_another(topic):
    """The loop runs in a background thread; the main thread calls put('x'): it gets there."""
    scene = called(
        _("put('x') in the main thread, the loop (and the queue) living in a background thread")
    )
    with reference_loop_thread() as (loop, thread):
        made = {}

        async def make():
            made["queue"] = WatchedQueue()
            return topic.threadsafe_put(made["queue"])

        put = asyncio.run_coroutine_threadsafe(make(), loop).result(PATIENCE)
        queue = made["queue"]
        check_put_made(put)

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
        scene.check(
            not queue.put_elsewhere(thread.ident),
            _(
                "queue.put_nowait('x') ran in the main thread, not in the loop's thread. The "
                "loop does not always run in the main thread: whichever thread calls put, hand "
                "the call to the loop with loop.call_soon_threadsafe(queue.put_nowait, item)."
            ),
        )
        scene.check(
            same(item, "x"),
            _("The consumer awaiting queue.get() received {got}; expected 'x'."),
            got=show(item),
        )


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
                await finish_within(self.all_in.wait(), 0.5)
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


def check_ran_on(loop, fetch, scene):
    """Fail unless every fetch ran on ``loop``, in the thread running it."""
    scene.check(fetch.calls, _("fetch(url) never ran."))
    for url, ran_on, ident in fetch.calls:
        scene.check(
            ran_on is loop,
            _(
                "fetch({url}) ran on another event loop, in the worker thread: asyncio.run() "
                "there starts a second loop of its own, so fetch does not run on `loop` with "
                "the connections, locks and tasks that live there. Submit it to `loop` "
                "instead: asyncio.run_coroutine_threadsafe(fetch(url), loop)."
            ),
            url=repr(url),
        )
        scene.check(
            ident == threading.get_ident(),
            _("fetch({url}) ran on `loop`, but outside the loop's thread."),
            url=repr(url),
        )


def check_result_kind(call, result, expected):
    called(call).check(
        not isinstance(result, concurrent.futures.Future),
        _(
            "It returned a concurrent.futures.Future; expected the result {want}: wait for it "
            "with future.result(timeout)."
        ),
        want=repr(expected),
    )
    expect_result(result, expected, call=call, meaning=_("what fetch returned"))


@contextlib.asynccontextmanager
async def fetching_in_threads(topic, fetch, arguments):
    """Call fetch_from_thread(loop, fetch, url, timeout) in one worker thread per
    ``(url, timeout)``; afterwards, cancel what is left on the loop and wait for them."""
    loop = asyncio.get_running_loop()
    workers = [ThreadCall(topic.fetch_from_thread, loop, fetch, *args) for args in arguments]
    try:
        yield workers
    finally:
        await cancel_leftovers()
        for worker in workers:
            await worker.wait()


async def check_returned(scene, worker, patience=2 * PATIENCE, hint=""):
    """Wait for the worker's call; fail when it had not returned after ``patience`` s."""
    finished = await worker.wait(patience)
    worker.reraise_not_done()
    scene.check(
        finished,
        _("It had not returned after {seconds} s.{hint}"),
        seconds=f"{patience:g}",
        hint=hint,
    )


@task(2, realtime=True, checks=("fetch-runs-on-loop", "fetch-returns-or-raises"))
async def test_fetch_from_thread_runs_fetch_on_the_loop(topic):
    """fetch_from_thread(loop, fetch, 'a.test', 1.0) in a worker: fetch runs on loop."""
    fetch = LoopRecorder()
    call = _("fetch_from_thread(loop, fetch, 'a.test', 1.0) in a worker thread")
    async with fetching_in_threads(topic, fetch, [("a.test", 1.0)]) as [worker]:
        await check_returned(called(call), worker)
        if worker.error is not None:
            raise worker.error
        check_ran_on(asyncio.get_running_loop(), fetch, called(call))
        check_result_kind(call, worker.result, "<a.test>")


@task(2, realtime=True, checks=("fetch-returns-or-raises",))
async def test_fetch_from_thread_raises_what_fetch_raised(topic):
    """When fetch raises LookupError, fetch_from_thread raises it in the worker thread."""
    raised = LookupError(_("no route to b.test"))
    fetch = LoopRecorder(error=raised)
    scene = called(_("fetch_from_thread(loop, fetch, 'b.test', 1.0) in a worker thread"))
    async with fetching_in_threads(topic, fetch, [("b.test", 1.0)]) as [worker]:
        await check_returned(scene, worker)
        check_ran_on(asyncio.get_running_loop(), fetch, scene)
        error = worker.error
        scene.check(
            error is not None,
            _(
                "fetch raises {want}. It returned {got}; expected the LookupError to be raised: "
                "future.result() raises the coroutine's exception."
            ),
            want=repr(raised),
            got=show(worker.result),
        )
        if not isinstance(error, LookupError):
            raise error
        scene.check(
            str(error) == str(raised),
            _("It raised {got}; expected {want}."),
            got=repr(error),
            want=repr(raised),
        )


@task(2, realtime=True, checks=("fetch-several-threads-at-once", "fetch-runs-on-loop"))
async def test_fetch_from_thread_serves_five_threads_at_once(topic):
    """Five worker threads call fetch_from_thread at once: five fetches overlap on loop."""
    fetch = LoopRecorder(seconds=0.01, gather_at=5)
    urls = [f"{name}.test" for name in "abcde"]
    call = _("fetch_from_thread(loop, fetch, url, 1.0) in five worker threads at once")
    scene = called(call)
    async with fetching_in_threads(topic, fetch, [(url, 1.0) for url in urls]) as workers:
        for worker, url in zip(workers, urls, strict=True):
            await check_returned(scene, worker)
            if worker.error is not None:
                raise worker.error
            check_result_kind(call.replace("url", repr(url)), worker.result, f"<{url}>")
        check_ran_on(asyncio.get_running_loop(), fetch, scene)
        scene.check(
            fetch.peak == len(urls),
            _(
                "At most {peak} fetches ran at once on the loop; expected all {count}: each "
                "thread submits its own coroutine and waits only for its own future."
            ),
            peak=fetch.peak,
            count=len(urls),
        )


@task(2, realtime=True, checks=("fetch-timeout-cancels",))
async def test_fetch_from_thread_gives_up_and_cancels(topic):
    """fetch_from_thread(loop, slow, 'slow.test', 0.05): TimeoutError, and fetch is cancelled."""
    fetch = LoopRecorder(seconds=60.0)
    call = _("fetch_from_thread(loop, fetch, 'slow.test', 0.05) in a worker thread")
    scene = called(call)
    slow = Scene(_("Called {call}, with a fetch that takes 60 s.").format(call=call))
    started = time.perf_counter()
    async with fetching_in_threads(topic, fetch, [("slow.test", 0.05)]) as [worker]:
        await check_returned(
            slow, worker, PATIENCE, " " + _("Pass the timeout on: future.result(timeout).")
        )
        elapsed = time.perf_counter() - started
        error = worker.error
        if error is not None and not isinstance(error, TimeoutError):
            raise error
        slow.check(
            error is not None,
            _("It returned {got} after {elapsed} s; expected TimeoutError after 0.05 s."),
            got=show(worker.result),
            elapsed=f"{elapsed:.2f}",
        )
        scene.check(
            elapsed >= 0.05 * 0.9,
            _("It raised TimeoutError after only {elapsed} s; expected it to wait 0.05 s first."),
            elapsed=f"{elapsed:.3f}",
        )
        deadline = time.perf_counter() + PATIENCE
        while fetch.outcomes.get("slow.test") == "running" and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        outcome = fetch.outcomes.get("slow.test")
        what = {
            "running": _("still running"),
            "done": _("done"),
            "failed": _("failed"),
            None: _("never started"),
        }
        scene.check(
            outcome == "cancelled",
            _(
                "It raised TimeoutError, but fetch('slow.test') was {what} on the loop "
                "{seconds} s later. future.result(timeout) only stops waiting; the coroutine "
                "goes on unless you cancel it: call future.cancel() before raising."
            ),
            what=what.get(outcome, outcome),
            seconds=f"{PATIENCE:g}",
        )


def check_not_submitted(scene, fetch):
    scene.check(
        not fetch.calls,
        _(
            "It raised RuntimeError, but only after submitting fetch('own.test'), which then "
            "ran anyway: check before submitting anything."
        ),
    )


@task(2, realtime=True, checks=("fetch-refuses-the-loop-thread",))
async def test_fetch_from_thread_refuses_the_loops_own_thread(topic):
    """fetch_from_thread(loop, ...) on loop's own thread raises RuntimeError at once."""
    loop = asyncio.get_running_loop()
    fetch = LoopRecorder()
    scene = called(_("fetch_from_thread(loop, fetch, 'own.test', 0.3) on the loop's own thread"))
    deadlock = _(
        "It blocked the loop's thread waiting for future.result(), but the coroutine it waits "
        "for can only run on that very thread, once the loop is free again: a deadlock (here "
        "cut short). Check first: when asyncio.get_running_loop() is `loop` (it raises "
        "RuntimeError in a thread without a loop), raise RuntimeError instead of submitting."
    )
    try:
        try:
            result = topic.fetch_from_thread(loop, fetch, "own.test", 0.3)
        except NotImplementedError:
            raise
        except (BlockingError, TimeoutError):
            scene.fail(deadlock)
        except RuntimeError:
            pass
        else:
            scene.fail(_("It returned {got}; expected RuntimeError."), got=show(result))
        await asyncio.sleep(0.01)
        check_not_submitted(scene, fetch)
    finally:
        await cancel_leftovers()


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
            scene.fail(
                _(
                    "It raised RuntimeError: {error}. Only the loop's own thread must be "
                    "refused, and here the loop runs in another thread, so the main thread may "
                    "wait for it. Compare asyncio.get_running_loop() (it raises RuntimeError "
                    "where no loop runs) with `loop`; do not test for the main thread."
                ),
                error=error,
            )
        check_result_kind(call, result, "<m.test>")
        scene.check(
            [(ran_on, ident) for _url, ran_on, ident in fetch.calls] == [(loop, thread.ident)],
            _(
                "fetch('m.test') did not run once on `loop`, in its thread: submit it with "
                "asyncio.run_coroutine_threadsafe(fetch(url), loop)."
            ),
        )


@task(2, checks=("fetch-refuses-the-loop-thread",))
@quick
def test_fetch_from_thread_on_a_background_loops_own_thread(topic):
    """fetch_from_thread on the loop's own thread, a background one: RuntimeError at once."""
    scene = called(
        _(
            "fetch_from_thread(loop, fetch, 'own.test', 0.3) on the loop's own thread, a "
            "background thread (not the main one)"
        )
    )
    with reference_loop_thread() as (loop, _thread):
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
        scene.check(
            kind != "deadlock",
            _(
                "It blocked the loop's thread waiting for future.result(), but the coroutine it "
                "waits for can only run on that very thread: a deadlock (here cut short). The "
                "loop does not always run in the main thread: refuse when "
                "asyncio.get_running_loop() is `loop`, wherever that is."
            ),
        )
        scene.check(
            kind == "refused", _("It returned {got}; expected RuntimeError."), got=show(value)
        )
        time.sleep(0.01)
        check_not_submitted(scene, own_fetch)


# ---------------------------------------------------------------------------------------
# Task 3: start_loop_thread

START = "start_loop_thread()"


def start_learners_loop(topic, spy):
    """Call start_loop_thread() in a helper thread; return (loop, thread) once it returned."""
    starter = ThreadCall(topic.start_loop_thread, name="caller")
    if not starter.join(PATIENCE):
        if any(loop.is_running() for loop in spy.loops):
            why = _(
                ": it ran the loop itself, and loop.run_forever() only returns when the loop "
                "stops. Call run_forever() in the new thread, not in the caller's."
            )
        else:
            why = _(". Does it wait for something that never happens?")
        called(START).fail(
            _("It had not returned after {seconds} s{why}"), seconds=f"{PATIENCE:g}", why=why
        )
    starter.reraise_not_done()
    if starter.error is not None:
        raise starter.error
    started = starter.result
    returned = _("start_loop_thread() returned {got}; expected {want}.")
    check(
        isinstance(started, tuple) and len(started) == 2,
        returned,
        got=show(started),
        want=_("a tuple (loop, thread)"),
    )
    loop, thread = started
    check(
        isinstance(loop, asyncio.AbstractEventLoop),
        returned,
        got=f"({show(loop)}, ...)",
        want=_("an event loop first"),
    )
    check(
        isinstance(thread, threading.Thread),
        returned,
        got=f"(loop, {show(thread)})",
        want=_("a threading.Thread"),
    )
    return loop, thread


def check_loop_runs(loop, thread, spy):
    """Fail, saying why, unless ``loop`` is running in ``thread`` within PATIENCE seconds."""
    check(not loop.is_closed(), _("start_loop_thread() returned a loop that is already closed."))
    check(
        thread is not threading.current_thread() and thread.ident is not None,
        _(
            "start_loop_thread() returned a thread that was never started: call "
            "thread.start(), and let the thread run loop.run_forever()."
        ),
    )
    wait_until(lambda: loop.is_running() or not thread.is_alive(), PATIENCE)
    if spy.thread_errors:
        name, error = spy.thread_errors[0]
        hint = ""
        if isinstance(error, RuntimeError) and "event loop" in str(error):
            hint = " " + _(
                "A new thread has no event loop: asyncio.get_event_loop() there fails (and is "
                "deprecated anyway). Run the loop you made: loop.run_forever()."
            )
        called(START).fail(
            _("Its thread {name} died with {kind}: {error}.{hint}"),
            name=repr(name),
            kind=type(error).__name__,
            error=str(error).rstrip("."),
            hint=hint,
        )
    check(
        loop.is_running(),
        _(
            "start_loop_thread() returned, but the loop was still not running {seconds} s "
            "later. Its thread must call loop.run_forever() on that same loop{ended}"
        ),
        seconds=f"{PATIENCE:g}",
        ended=_(" (the thread has ended).") if not thread.is_alive() else ".",
    )


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


async def where_am_i():
    return asyncio.get_running_loop(), threading.get_ident()


NOT_RUNNING = N_(
    "Submitted a coroutine to the loop that start_loop_thread() returned; it had not run "
    "{seconds} s later: is the loop running forever in its thread?"
)


@task(3, checks=("start-loop-in-a-new-thread",))
@quick
def test_start_loop_thread_runs_a_loop_in_a_new_thread(topic, monkeypatch):
    """start_loop_thread() returns (loop, thread); the loop runs in that thread."""
    with learners_loop(topic, monkeypatch) as (loop, thread, spy):
        check_loop_runs(loop, thread, spy)
        future = asyncio.run_coroutine_threadsafe(where_am_i(), loop)
        try:
            ran_on, ident = future.result(PATIENCE)
        except TimeoutError:
            future.cancel()
            fail(_(NOT_RUNNING), seconds=f"{PATIENCE:g}")
        check(ran_on is loop, _("A coroutine submitted to the loop ran on another loop."))
        check(
            ident == thread.ident,
            _(
                "A coroutine submitted to the loop ran in another thread than the one "
                "start_loop_thread() returned: return the thread that runs the loop."
            ),
        )


@task(3, checks=("start-returns-once-running",))
@quick
def test_start_loop_thread_returns_once_the_loop_runs(topic, monkeypatch):
    """start_loop_thread(), its loop slow to start: it returns only once the loop runs."""
    with learners_loop(topic, monkeypatch, slow_start=0.1) as (loop, thread, spy):
        check(
            loop.is_running() or not thread.is_alive() or loop.is_closed(),
            _(
                "Called start_loop_thread(), here with a loop that takes 0.1 s to start "
                "running. It returned before the loop was running (loop.is_running() was False "
                "then): a caller may use the loop the moment you return. Wait until it runs: "
                "for example, `loop.call_soon(started.set)` before starting the thread, and "
                "`started.wait()` (a threading.Event) before returning."
            ),
        )
        check_loop_runs(loop, thread, spy)


@task(3, checks=("start-loop-in-a-new-thread",))
@quick
def test_loop_thread_serves_several_callers_at_once(topic, monkeypatch):
    """The loop from start_loop_thread() serves five threads' coroutines at the same time."""
    callers = []
    try:
        with learners_loop(topic, monkeypatch) as (loop, thread, spy):
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
                    await finish_within(all_in.wait(), 0.5)
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
                check(
                    not isinstance(caller.error, TimeoutError),
                    _(
                        "Four threads and the main thread submitted coroutines to the loop "
                        "that start_loop_thread() returned; they had not finished a second "
                        "later: is the loop running forever in its thread?"
                    ),
                )
                if caller.error is not None:
                    raise caller.error
                answers.append(caller.result)
            check(
                [*answers, mine] == [0, 10, 20, 30, 40],
                _(
                    "Five threads each ran job(n) on the loop; the answers were {got}, expected "
                    "[0, 10, 20, 30, 40]."
                ),
                got=[*answers, mine],
            )
            check(
                state["peak"] == 5,
                _(
                    "Five threads each ran a job on the loop; at most {peak} ran at once, "
                    "expected all five: one running loop serves every caller."
                ),
                peak=state["peak"],
            )
    except TimeoutError:
        fail(_(NOT_RUNNING), seconds=f"{PATIENCE:g}")
    finally:
        for caller in callers:
            caller.join()


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


CLOSING_A_RUNNING_LOOP = "running event loop"  # in the RuntimeError of loop.close()


def explain_stop_error(scene, stopper):
    stopper.reraise_not_done()
    error = stopper.error
    scene.check(
        not (isinstance(error, RuntimeError) and CLOSING_A_RUNNING_LOOP in str(error)),
        _(
            "It raised RuntimeError: {error}. The loop was closed while its thread was still "
            "running it: stop it, join the thread, and only then close the loop."
        ),
        error=error,
    )
    if error is not None:
        raise error


@contextlib.contextmanager
def stopping(topic, loop, thread):
    """stop_loop_thread(loop, thread) called in a thread of ours, joined afterwards."""
    stopper = ThreadCall(topic.stop_loop_thread, loop, thread, name="caller")
    try:
        yield stopper
    finally:
        stopper.join()


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
    scene = called(_("stop_loop_thread(loop, thread), two tasks still running on the loop"))
    with reference_loop_thread() as (loop, thread):
        services = Services(loop)
        try:
            asyncio.run_coroutine_threadsafe(services.start(), loop).result(PATIENCE)
            with stopping(topic, loop, thread) as stopper:
                if not stopper.join(PATIENCE):
                    if getattr(loop, "_stopping", False) and thread.is_alive():
                        why = _(
                            ": it called loop.stop() from another thread. The loop, asleep in "
                            "select() until its next timer (an hour away), never noticed, so "
                            "the thread never ended and join() waits for ever. Ask the loop's "
                            "own thread to stop: loop.call_soon_threadsafe(loop.stop)."
                        )
                    else:
                        why = "."
                    scene.fail(
                        _("It had not returned after {seconds} s{why}"),
                        seconds=f"{PATIENCE:g}",
                        why=why,
                    )
                explain_stop_error(scene, stopper)
            scene.check(
                thread.joined,
                _(
                    "It never joined the loop's thread: call thread.join() after stopping the "
                    "loop, so that the thread has really ended (and the loop has stopped "
                    "running) before you close the loop and return."
                ),
            )
            scene.check(
                not thread.is_alive(),
                _("When it returned, the loop's thread was still running."),
            )
            scene.check(
                loop.is_closed(),
                _(
                    "When it returned, the loop was not closed: call loop.close() once its "
                    "thread has ended (a loop holds a selector and sockets until closed)."
                ),
            )
            pending = [t for t in services.tasks if not t.done()]
            scene.check(
                not any(t.cancelling() for t in pending),
                _(
                    "When it returned, {count} task(s) had been cancelled but were still "
                    "pending on the closed loop, their cleanup (the code in their `finally`, "
                    "which needs the loop) never run: cancel() only asks. Wait for the "
                    "cancelled tasks (gather them) before stopping the loop."
                ),
                count=len(pending),
            )
            scene.check(
                not pending,
                _(
                    "When it returned, {count} task(s) were still pending on the closed loop, "
                    "never cancelled: cancel the tasks left on the loop (run a coroutine there "
                    "that cancels asyncio.all_tasks()) before stopping it."
                ),
                count=len(pending),
            )
            scene.check(
                sorted(services.cleaned) == ["cache", "db"],
                _(
                    "The tasks were cancelled, but {count} of them never finished their cleanup "
                    "(the code in their `finally`, which needs the loop): cancel() only asks. "
                    "Wait for the cancelled tasks (gather them) before stopping the loop."
                ),
                count=2 - len(services.cleaned),
            )
        finally:
            rescue_loop(loop, [thread], patience=PATIENCE)
            forget(services.tasks)


@task(4, checks=("stop-loop-threadsafe", "stop-joins-the-thread", "stop-closes-the-loop"))
@quick
def test_stop_loop_thread_on_an_idle_loop(topic):
    """stop_loop_thread on a loop with nothing to do returns at once, thread and loop done."""
    scene = called(_("stop_loop_thread(loop, thread) on an idle loop"))
    with reference_loop_thread() as (loop, thread), stopping(topic, loop, thread) as stopper:
        finished = stopper.join(PATIENCE)
        stopper.reraise_not_done()
        scene.check(
            finished,
            _(
                "It had not returned after {seconds} s: stop the loop with "
                "loop.call_soon_threadsafe(loop.stop)."
            ),
            seconds=f"{PATIENCE:g}",
        )
        explain_stop_error(scene, stopper)
        if not thread.joined:
            what = _("It never joined the thread")
        elif thread.is_alive():
            what = _("When it returned, the thread was still running")
        else:
            what = _("When it returned, the loop was still open")
        scene.check(
            thread.joined and not thread.is_alive() and loop.is_closed(),
            _("{what}: stop the loop, join the thread, then close the loop."),
            what=what,
        )


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
        raise LoopUnreachable(_("the event loop did not answer within 1 s")) from None


@contextlib.asynccontextmanager
async def thread_pool(workers):
    """A thread pool; afterwards every job is let end without blocking the loop, the pool is
    shut down and what is left on the loop is cancelled."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pool")
    futures = []
    try:
        yield pool, futures
    finally:
        if futures:
            wrapped = [asyncio.wrap_future(f) for f in futures]
            await asyncio.wait(wrapped, timeout=2 * PATIENCE)
            for done in wrapped:
                if done.done() and not done.cancelled():
                    done.exception()  # seen here, so asyncio does not log it as never retrieved
        pool.shutdown(wait=True, cancel_futures=True)
        await cancel_leftovers()


async def await_pool(topic, futures, scene, needed=""):
    """``await topic.await_pool(futures)``, naming a blocked loop's thread."""
    blocked = _(
        "It blocked the event loop's thread while the jobs ran (future.result() or "
        "concurrent.futures.wait() wait by blocking the thread), so the loop could run nothing "
        "else meanwhile{needed}. Await asyncio.wrap_future(future) instead: the loop stays free "
        "while the thread works."
    )
    try:
        async with asyncio.timeout(2 * PATIENCE):
            return await topic.await_pool(futures)
    except NotImplementedError:
        raise
    except LoopUnreachable:
        scene.fail(blocked, needed=needed)
    except Exception as error:
        if find_error(error, BlockingError) is not None:
            scene.fail(blocked, needed=needed)
        raise


@task(5, realtime=True, checks=("await-pool-without-blocking", "await-pool-results-in-order"))
async def test_await_pool_waits_without_blocking_the_loop(topic):
    """await_pool(four pool futures, one needing the loop): results in order, loop free."""
    scene = called("await_pool([square(3), square(1), ask_the_loop(), square(2)])")
    async with thread_pool(4) as (pool, futures):
        futures += [
            pool.submit(square, 3, 0.04),
            pool.submit(square, 1, 0.02),
            pool.submit(ask_the_loop, asyncio.get_running_loop()),
            pool.submit(square, 2, 0.03),
        ]
        needed = _(
            ": and one of the jobs needs the loop to answer it, so the two would have waited "
            "for each other for ever (a deadlock)"
        )
        results = await await_pool(topic, futures, scene, needed)
        scene.check(
            same(results, [9, 1, "answered", 4]),
            _(
                "It returned {got}; expected the list [9, 1, 'answered', 4], the results in the "
                "order of the futures."
            ),
            got=show(results),
        )


@task(5, realtime=True, checks=("await-pool-error-propagates",))
async def test_await_pool_raises_a_jobs_error(topic):
    """await_pool with a job raising KeyError('missing') raises that KeyError."""
    scene = called(_("await_pool([square(2), broken()]), broken() raising KeyError('missing')"))
    async with thread_pool(2) as (pool, futures):
        futures += [pool.submit(square, 2, 0.01), pool.submit(broken, 0.03)]
        try:
            results = await await_pool(topic, futures, scene)
        except KeyError as error:
            scene.check(
                error.args == ("missing",),
                _("It raised {got}; expected KeyError('missing')."),
                got=repr(error),
            )
            return
        scene.fail(
            _(
                "It returned {got}; expected the KeyError to be raised (do not collect "
                "exceptions as results here)."
            ),
            got=show(results),
        )


@task(5, realtime=True, checks=("await-pool-results-in-order",))
async def test_await_pool_of_nothing(topic):
    """await_pool([]) returns an empty list."""
    async with asyncio.timeout(PATIENCE):
        results = await topic.await_pool([])
    expect_result(results, [], call="await_pool([])")
