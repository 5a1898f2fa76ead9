"""Topic 06: timeouts and cancellation.

Starting work is the easy half. A program also has to stop it: give up on a server that
does not answer, shut workers down, let a user press Ctrl-C, and in every case leave
nothing half done (a connection still checked out, a file half written, a task still
running that nobody will ever await).

In asyncio all of this rests on one mechanism: ``task.cancel()`` asks a task to stop by
raising ``asyncio.CancelledError`` inside it, at the ``await`` where it is waiting. The
task may clean up (``finally`` blocks and ``async with`` exits run as usual, and may
``await``), and then it must let the error go on, so that whoever cancelled it sees it
ended "cancelled". A timeout is a cancel with an alarm clock: ``asyncio.timeout(s)``
cancels the block it guards after ``s`` seconds and turns that cancellation into a
``TimeoutError`` when it leaves the block. Since 3.11, ``asyncio.TimeoutError`` is the
builtin ``TimeoutError``, and ``CancelledError`` is a ``BaseException``, not an
``Exception``, so ``except Exception`` does not catch it (on purpose).

What the seed showed: the tutorial never stops anything on purpose. Its producer/consumer
example (consumer_producer_Flow.py) leaves ten consumers blocked on ``queue.get()`` forever
once the work is done; its other queue example (bloquear_asyncQueue.py) does cancel its
consumers at the end, which is the right idea, but a cancel is only a request: nothing
has stopped until the cancelled task has finished, and this topic is about that second
half. The tutorial also predates ``asyncio.timeout`` (3.11): older code used
``wait_for`` everywhere, or ``loop.call_later(s, task.cancel)`` on a loop fetched with
``get_event_loop()``, a pattern that is deprecated outside a running loop.

The grader runs your code on a virtual clock: deadlines are exact (a 2 s timeout fires
at 2.000 s of loop time) and cost no real time. Its fakes record what was cancelled, what
finished and what was cleaned up.

Task 1. ``fetch_or_default(fetch, seconds, default)``: await ``fetch()``, but for at most
        ``seconds``, using ``async with asyncio.timeout(seconds):``. If it is too slow,
        return ``default`` (the timeout has already cancelled the fetch); otherwise return
        its answer as it is, even an empty one. An error of ``fetch()`` is not a timeout:
        it reaches the caller (a ``TimeoutError`` of its own may pass for one). Nor is a
        cancellation from your own caller: then ``fetch_or_default`` ends cancelled (catch
        ``TimeoutError`` only).
Task 2. ``fetch_with_retries(fetch, seconds, attempts)``: give each call of ``fetch()``
        ``seconds`` to answer, with ``asyncio.wait_for``. An attempt that times out is
        tried again, up to ``attempts`` attempts in all (``attempts`` is 1 or more);
        return the first answer. If every attempt timed out, raise ``TimeoutError``. Here
        each attempt gets its own fresh timeout: that is what a retry is. Only a timeout
        is retried: any other error of ``fetch()`` reaches the caller at once, and a
        cancellation from your own caller ends ``fetch_with_retries`` cancelled.
Task 3. ``stop_all(tasks)``: ask every task to stop with ``task.cancel()``, then wait
        until all of them have really finished (their cleanup may take a while: cancel
        them all first, then wait for them together, so that the cleanups overlap). Do
        not let their ``CancelledError`` escape. Return how many ended cancelled: a task
        that had already finished, or one that caught the cancellation and returned,
        does not count (``task.cancelled()`` tells); no tasks at all gives 0.
Task 4. ``use_connection(pool, work)``: takes a connection with ``await pool.acquire()``
        and gives it to ``await work(conn)``. The version given to you releases the
        connection only when the work succeeds. Make it always ``await
        pool.release(conn)``, exactly once: after success, after an error (which must
        still reach the caller), and after a cancellation (which must too). If
        ``pool.acquire()`` itself fails or is cancelled, there is no connection: release
        nothing.
Task 5. ``keep_polling(probe, interval, log)``: a worker that never ends by itself: it
        appends ``await probe()`` to ``log`` every ``interval`` seconds until it is
        cancelled, and then appends ``"stopped"``. The version given to you catches the
        ``CancelledError`` and returns, which looks tidy but lies to its owner: the task
        ends "done" instead of "cancelled", and an ``asyncio.timeout`` around it never
        fires its ``TimeoutError``. Fix it: re-raise the ``CancelledError``.
Task 6. ``save_within(save, record, seconds)``: start ``save(record)`` and wait at most
        ``seconds`` for it; return ``True`` if it finished in time, ``False`` if not. A
        save cut off halfway is worse than a slow one, so running out of patience (or
        being cancelled by your own caller) must not cancel the save: protect it with
        ``asyncio.shield``, and keep a reference to the save's task until it is done.
Task 7. ``crawl(fetch, urls, budget)``: fetch the urls one after another (a polite
        crawler), returning the list of pages; ``urls`` is the caller's list: read it, leave
        it as it was. The whole crawl gets ONE budget of
        ``budget`` seconds, not ``budget`` per page: when it runs out, the fetch in
        progress is cancelled, and ``crawl`` returns the pages it got so far. (One
        ``asyncio.timeout`` around the whole loop does it; so does a deadline
        ``loop.time() + budget`` with each step given only what is left.) Cancelled by its
        own caller, ``crawl`` ends cancelled: that is not its budget running out. Two crawls
        at once each keep their own budget and return only their own pages.

Every top-level function leaves the lists, dicts and sets it is given as they were,
unless its task says otherwise.

Calls share nothing through the module: while they run and once they are done, the module's
globals, its classes' attributes and the default values of its functions' parameters hold what
they held before (a set may keep running tasks alive meanwhile), unless a task says otherwise.

No function sets a limit its task does not give: no timeout of its own (``asyncio.timeout``,
``asyncio.wait_for``, a ``timeout=`` argument) and no cap on how many things run at once, how
many steps they take or how much data they handle. It waits as long as the work takes.

An ``async`` function whose task is cancelled ends cancelled: it may clean up first, then it
lets ``asyncio.CancelledError`` go on, neither returning nor raising another error instead.

A cancelled ``async`` function leaves none of the tasks it started running, unless its task
says otherwise: before it lets ``asyncio.CancelledError`` go on, it cancels them and waits
until they have ended (a ``TaskGroup`` does both; ``gather`` only with
``return_exceptions=True``).
"""

import asyncio


# Task 1
async def fetch_or_default(fetch, seconds, default):
    """Return ``await fetch()``, or ``default`` if it takes longer than ``seconds``."""
    # BEGIN PROMPT
    # TODO: await fetch() inside `async with asyncio.timeout(seconds):`; on TimeoutError
    # return default.
    # END PROMPT
    try:
        async with asyncio.timeout(seconds):
            return await fetch()
    except TimeoutError:
        # The timeout cancelled fetch() inside the block, then raised TimeoutError here.
        return default


# Task 2
async def fetch_with_retries(fetch, seconds, attempts):
    """Call ``fetch()`` up to ``attempts`` times, each limited to ``seconds``."""
    # BEGIN PROMPT
    # TODO: try `await asyncio.wait_for(fetch(), seconds)` up to `attempts` times; return
    # the first answer; raise TimeoutError when every attempt timed out.
    # END PROMPT
    for _ in range(attempts):
        try:
            return await asyncio.wait_for(fetch(), seconds)
        except TimeoutError:
            continue  # wait_for has cancelled the slow attempt; try a fresh one
    raise TimeoutError(f"no answer in {attempts} attempts of {seconds} s")


# Task 3
async def stop_all(tasks):
    """Cancel every task, wait until all have finished, return how many ended cancelled."""
    # BEGIN PROMPT
    # TODO: cancel every task first; then wait for all of them together without letting
    # their CancelledError out; return how many have task.cancelled() true.
    # END PROMPT
    for task in tasks:
        task.cancel()  # only a request: the task stops at its next await, cleans up, ends
    # return_exceptions=True hands back each CancelledError instead of raising the first.
    await asyncio.gather(*tasks, return_exceptions=True)
    return sum(task.cancelled() for task in tasks)


# Task 4
async def use_connection(pool, work):
    """Lend a pooled connection to ``work`` and always give it back."""
    conn = await pool.acquire()
    # BEGIN PROMPT
    # > result = await work(conn)
    # TODO: this release is skipped when work raises or is cancelled. Make it run every
    # time, exactly once, and let the error or the cancellation still reach the caller.
    # > await pool.release(conn)
    # > return result
    # END PROMPT
    try:
        return await work(conn)
    finally:
        # Runs after success, errors and cancellation alike (CancelledError is not an
        # Exception, so `except Exception:` would miss it). Awaiting here is fine.
        await pool.release(conn)


# Task 5
async def keep_polling(probe, interval, log):
    """Append ``await probe()`` to ``log`` every ``interval`` s until cancelled."""
    try:
        while True:
            log.append(await probe())
            await asyncio.sleep(interval)
    except asyncio.CancelledError:
        log.append("stopped")
        # BEGIN PROMPT
        # TODO: returning here swallows the cancellation. Re-raise it instead.
        # > return
        # END PROMPT
        raise  # let the cancellation go on: the owner must see this task as cancelled


# Task 6
# BEGIN SOLUTION
_saves_in_flight = set()  # strong references: the loop itself only keeps weak ones
# END SOLUTION


async def save_within(save, record, seconds):
    """Wait up to ``seconds`` for ``save(record)``; the save goes on regardless."""
    # BEGIN PROMPT
    # TODO: start save(record) as a task and keep a reference to it until it is done;
    # wait for asyncio.shield(task) under a timeout of `seconds`; return True if it
    # finished in time, False on TimeoutError.
    # END PROMPT
    saving = asyncio.create_task(save(record))
    _saves_in_flight.add(saving)
    saving.add_done_callback(_saves_in_flight.discard)
    try:
        async with asyncio.timeout(seconds):
            # shield: a cancel (from the timeout or our caller) stops the wait, not the save.
            await asyncio.shield(saving)
    except TimeoutError:
        return False
    return True


# Task 7
async def crawl(fetch, urls, budget):
    """Fetch ``urls`` one after another within one budget; return the pages fetched."""
    # BEGIN PROMPT
    # TODO: await fetch(url) for each url in turn, all under ONE timeout of `budget`
    # seconds; when it runs out, return the pages fetched so far.
    # END PROMPT
    pages = []
    try:
        # One timeout around the whole loop: every step spends from the same budget.
        async with asyncio.timeout(budget):
            for url in urls:
                pages.append(await fetch(url))
    except TimeoutError:
        pass
    return pages
