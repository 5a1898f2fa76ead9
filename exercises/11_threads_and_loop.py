"""Topic 11: threads and the loop.

An event loop belongs to one thread: the one that runs it. Nearly all of its methods and
all of asyncio's objects (queues, events, futures, tasks) assume they are used from that
thread only, and they take no lock. Call ``queue.put_nowait`` or ``loop.call_soon`` from
another thread and the loop may never notice: it is asleep in ``select()``, waiting for
a socket or a timer, and nothing wakes it up, so your callback sits in its list until
something else happens, or the loop's state is corrupted. Real programs still mix the two
worlds: a library that calls you back from its own thread, a thread pool doing blocking
work, a synchronous program (a CLI, a Flask view, a test) that wants to use an async
client. asyncio has a few doors through the wall (topic 10 used ``to_thread`` and
``run_in_executor``, from the loop to a thread); this topic uses the other four:

- ``loop.call_soon_threadsafe(callback, *args)``: from any thread, run a plain callback on
  the loop's thread, soon. It also wakes the loop up. Apart from
  ``run_coroutine_threadsafe`` below, it is the only safe way for another thread to
  reach the loop.
- ``asyncio.run_coroutine_threadsafe(coro, loop)``: from any thread but the loop's, run a
  coroutine on that loop; you get a ``concurrent.futures.Future`` whose ``result(timeout)``
  blocks the calling thread until the coroutine is done, and returns its result or raises
  its exception. ``future.cancel()`` cancels the coroutine.
- a loop running in a background thread (``loop.run_forever()`` as the thread's work):
  synchronous code keeps one there and submits coroutines to it. It must be stopped with
  ``loop.call_soon_threadsafe(loop.stop)``, its thread joined, and then the loop closed.
- ``asyncio.wrap_future(concurrent_future)``: the other way round, an awaitable for a
  ``concurrent.futures.Future`` (what ``ThreadPoolExecutor.submit`` returns), so that a
  coroutine can wait for a thread's work without blocking the loop.

Two facts to keep in mind. A worker thread has no event loop of its own: there,
``asyncio.get_running_loop()`` raises ``RuntimeError``, and so does the old
``asyncio.get_event_loop()`` (outside the main thread it never created one, and it is
deprecated anyway). Take the loop while you are on its thread (``get_running_loop()``
inside a coroutine) and pass it to the thread. And never wait with ``future.result()`` on
the loop's own thread: the loop cannot run the work you wait for while you block it, so
it waits forever, a deadlock.

What the seed showed. Its asynIO-threads.py holds no code, only pointers to reading on
executors and ``loop.run_in_executor`` (topic 10 runs blocking work that way). This topic
goes the other way too: threads that call into a loop, and a loop that lives in a thread.

The grader runs these tasks on the real clock, with real threads, scaled to tens of
milliseconds.

Task 1. ``threadsafe_put(queue)``: a plain function, called on the loop's thread (from a
        coroutine), that returns a function ``put(item)`` that any thread may call: each
        call puts ``item`` on the ``asyncio.Queue`` by running ``queue.put_nowait(item)``
        on the loop's thread with ``loop.call_soon_threadsafe``. A consumer awaiting
        ``queue.get()`` must wake up at once. The loop is not always in the main thread:
        whichever thread calls ``put``, the main one included, the put happens on the
        loop's thread.
Task 2. ``fetch_from_thread(loop, fetch, url, timeout)``: a plain function for worker
        threads. Run the coroutine ``fetch(url)`` on ``loop`` (running in another thread)
        with ``asyncio.run_coroutine_threadsafe``, wait at most ``timeout`` seconds, and
        return its result or raise its exception. When the time is up, cancel the
        coroutine and raise ``TimeoutError``. Several threads may call it at once. Called
        on the loop's own thread (whichever thread that is: not always the main one) it
        would deadlock, so there it raises ``RuntimeError`` at once, before submitting
        anything (running ``fetch`` with ``asyncio.run`` in the
        worker is no answer either: that is a second loop, not ``loop``).
Task 3. ``start_loop_thread()``: start a new event loop running forever in a new thread,
        and return ``(loop, thread)`` once the loop runs (not merely once the thread has
        started: the caller may use the loop at once). Any thread can then submit
        coroutines to it with ``run_coroutine_threadsafe``.
Task 4. ``stop_loop_thread(loop, thread)``: stop such a loop cleanly, from another
        thread. Cancel the tasks still running on it and wait until they have finished
        their cleanup; stop the loop with ``call_soon_threadsafe(loop.stop)``; join the
        thread; close the loop. When it returns, the thread has ended, the loop is closed
        and no task is left pending.
Task 5. ``await_pool(futures)``: ``futures`` are ``concurrent.futures.Future`` objects from
        a ``ThreadPoolExecutor``. Await them all without blocking the loop (wrap each with
        ``asyncio.wrap_future``) and return their results as a list, in the order given (no
        futures give ``[]``); an exception from a job propagates as it is, not inside an
        ``ExceptionGroup``. Calling ``future.result()`` here would block the loop's thread,
        and a job that needs the loop would then wait for it forever.

Every top-level function leaves the lists, dicts and sets it is given as they were,
unless its task says otherwise.

Calls share nothing through the module: while they run and once they are done, the module's
globals, its classes' attributes and the default values of its functions' parameters hold what
they held before (a set may keep running tasks alive meanwhile), unless a task says otherwise.

An ``async`` function whose task is cancelled ends cancelled: it may clean up first, then it
lets ``asyncio.CancelledError`` go on, neither returning nor raising another error instead.

A cancelled ``async`` function leaves none of the tasks it started running, unless its task
says otherwise: before it lets ``asyncio.CancelledError`` go on, it cancels them and waits
until they have ended (a ``TaskGroup`` does both; ``gather`` only with
``return_exceptions=True``).
"""

import asyncio
import threading


# Task 1
def threadsafe_put(queue):
    """Return ``put(item)``, callable from any thread, feeding ``queue`` on its loop."""
    # TODO: take the running loop here (this runs on the loop's thread), and return a
    # function put(item) that asks the loop, with loop.call_soon_threadsafe, to run
    # queue.put_nowait(item) on its own thread.
    raise NotImplementedError("task 1: write threadsafe_put")


# Task 2
def fetch_from_thread(loop, fetch, url, timeout):
    """Run ``fetch(url)`` on ``loop`` from a worker thread; its result within ``timeout``."""
    # TODO: raise RuntimeError if this runs on loop's own thread (asyncio.get_running_loop()
    # is loop); otherwise submit fetch(url) with asyncio.run_coroutine_threadsafe, return
    # future.result(timeout), and on TimeoutError cancel the future before re-raising.
    raise NotImplementedError("task 2: write fetch_from_thread")


# Task 3
def start_loop_thread():
    """Start a loop running forever in a new thread; return ``(loop, thread)`` once it runs."""
    # TODO: make a new event loop, start a thread that runs it with loop.run_forever(),
    # wait until it runs (a threading.Event set by the loop's first callback), and return
    # (loop, thread).
    raise NotImplementedError("task 3: write start_loop_thread")


# Task 4
def stop_loop_thread(loop, thread):
    """Cancel what runs on ``loop``, stop it, join ``thread`` and close the loop."""
    # TODO: on the loop (run_coroutine_threadsafe), cancel every other task and gather
    # them; then loop.call_soon_threadsafe(loop.stop), thread.join(), loop.close().
    raise NotImplementedError("task 4: write stop_loop_thread")


# Task 5
async def await_pool(futures):
    """Await concurrent futures from a thread pool; their results in the order given."""
    # TODO: await every future through asyncio.wrap_future (gather keeps the order) and
    # return the results as a list. Never call future.result() on the loop's thread.
    raise NotImplementedError("task 5: write await_pool")
