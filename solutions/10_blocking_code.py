"""Topic 10: blocking code.

An event loop runs one thing at a time. A coroutine keeps the loop only until its next
``await`` of something that is not ready; a call that blocks (``time.sleep``, a file or
socket read, a long pure-Python computation) keeps it for as long as the call lasts, and
every other task, timer and connection waits. Nothing warns you: the program is just late.
So blocking is measured, not guessed: a heartbeat task that notes the time every few
milliseconds shows the freeze as a gap between two beats.

The seed tutorial shows the freeze (blockingCodeDemo/): a keep-alive coroutine prints a
line every few seconds while a long job runs. Its first version has two mistakes. ``main``
awaits the keep-alive coroutine directly, and that coroutine never ends, so no line after
it ever runs; and the long job loops on ``time.sleep``, which freezes the loop, keep-alive
included. Its fixes: start the keep-alive with ``asyncio.create_task`` so that it runs
beside the job, and make the job ``await asyncio.sleep(...)`` so that it lets the loop run
the others while it waits. A third fix, running the blocking work in an executor, is named
but its file is missing: you write it here (``asyncio.to_thread`` and
``loop.run_in_executor``, with a thread pool and with a process pool). The seed's
MotivationExample.py makes the same point with a game: a pygame loop drawing 30 frames a
second has 33 ms per frame, and any step that takes longer is a visible stutter. An
asyncio program is such a loop.

Which fix when: waiting (sleeps, I/O) becomes cooperative with the asyncio version of the
call; a blocking library call you cannot change goes to a thread (``to_thread``, or
``run_in_executor`` with a ``ThreadPoolExecutor``); CPU-bound Python code goes to a
``ProcessPoolExecutor``, because threads of one process take turns holding the GIL and so
do not compute in parallel. Create pools once, outside the coroutines that use them, and
pass them in: leaving a ``with ThreadPoolExecutor() as pool:`` block inside a coroutine
waits, on the loop's thread, for the pool's threads to stop.

(asyncio's debug mode, ``asyncio.run(main(), debug=True)``, logs every step that holds the
loop longer than 100 ms: another way to find the freeze.)

Task 1. ``keep_alive(beat, interval)``: call ``beat()`` (an ordinary function) at once and
        then every ``interval`` seconds, forever. When cancelled, it stops: let the
        ``CancelledError`` go.
Task 2. ``run_with_keep_alive(job, beat, interval)``: the seed's ``main``, fixed. Run
        ``keep_alive(beat, interval)`` as a task while you await ``job()``; when the job
        is over, however it ends (it returns, it fails, or you are cancelled while awaiting
        it), stop the keep-alive (cancel it, then wait for it to finish) and return what
        the job returned.
Task 3. ``longest_gap(work, interval)``: measure the freeze. While awaiting ``work()``, run
        a heartbeat task that notes the loop's time (``loop.time()``) every ``interval``
        seconds. Note the time when you start too, and when ``work()`` returns; return the
        longest difference between two consecutive times, in seconds. Stop the heartbeat
        before you return. Work that only awaits gives about ``interval``; work that blocks
        for 0.25 s gives at least 0.25, even when it blocks at its very start or end.
Task 4. ``long_job(steps, seconds, progress)``: the seed's long job. The version given to
        you waits with ``time.sleep``, which freezes the loop. Make it cooperative: after
        each wait of ``seconds``, it calls ``progress(step)`` with step 1, 2, ...,
        ``steps``, while the other tasks keep running. Wait with
        ``await asyncio.sleep(seconds)``: a wait needs no thread.
Task 5. ``total_weight(items, weigh, every)``: return the sum of ``weigh(item)`` for every
        item. ``weigh`` is quick but there are many items, so the loop is busy computing:
        a CPU-bound loop never awaits anything and so never lets other tasks run. Let them
        run with ``await asyncio.sleep(0)`` once every ``every`` items (not after each
        item: each trip through the loop costs time).
Task 6. ``read_all(paths, read)``: ``read(path)`` is a blocking function (think of a slow
        disk, or a library without async support). Run it for every path in a thread with
        ``asyncio.to_thread``, all at the same time, and return a list of the results in
        the order of ``paths``.
Task 7. ``resize_all(images, resize, pool)``: the same with a thread pool you are given (a
        ``concurrent.futures.ThreadPoolExecutor``): run ``resize(image)`` for every image
        on that pool with ``loop.run_in_executor(pool, ...)``, all submitted at once (the
        pool's size caps how many run together), and return a list of the results in the
        order of ``images``. The pool is the caller's: leave it open (no ``with pool:``, no
        ``pool.shutdown()``).
Task 8. ``crunch_all(job, numbers, pool, effort)``: ``job`` is CPU-bound, so it runs in the
        processes of ``pool`` (a ``ProcessPoolExecutor``) to compute in parallel while the
        loop stays free. Run ``job(n, effort=effort)`` for every number, all submitted at
        once (each one once), and return a list of the results in the order of
        ``numbers``. ``run_in_executor`` passes positional
        arguments only: bind the keyword with ``functools.partial``. A lambda or a function
        defined inside yours would not do: what runs in another process is sent there by
        ``pickle``, which can only name functions defined at the top of a module. As in task
        7, the pool is the caller's: leave it open.

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

# BEGIN PROMPT
# > import asyncio
# > import functools
# > import itertools
# > import time
# END PROMPT
import asyncio  # SOLUTION
import functools  # SOLUTION
import itertools  # SOLUTION


# Task 1
async def keep_alive(beat, interval):
    """Call ``beat()`` now and every ``interval`` seconds, until cancelled."""
    # BEGIN PROMPT
    # TODO: forever: call beat(), then await asyncio.sleep(interval). Let CancelledError go.
    # END PROMPT
    while True:
        beat()
        # Awaiting a sleep lets the loop run the other tasks in between.
        await asyncio.sleep(interval)


# Task 2
async def run_with_keep_alive(job, beat, interval):
    """Await ``job()`` with ``keep_alive(beat, interval)`` running beside it."""
    # BEGIN PROMPT
    # TODO: the seed's mistake: keep_alive never ends, so awaiting it here never gets past
    # this line. Start it as a task instead, await job(), and when the job is over (in a
    # finally), cancel the task and wait for it to finish. Return what job() returned.
    # > await keep_alive(beat, interval)
    # > return await job()
    # END PROMPT
    # A task runs beside us; awaiting keep_alive(...) here would never get past this line.
    keeper = asyncio.create_task(keep_alive(beat, interval))
    try:
        return await job()
    finally:
        keeper.cancel()
        # wait() returns once the task has finished, without raising its CancelledError.
        await asyncio.wait([keeper])


# Task 3
async def longest_gap(work, interval):
    """Await ``work()``; return the longest time the loop went without a heartbeat."""
    # BEGIN PROMPT
    # TODO: note loop.time() now; run a heartbeat task that notes it every interval while
    # you await work(); note it again when work() returns; stop the heartbeat; return the
    # longest difference between two consecutive times.
    # END PROMPT
    loop = asyncio.get_running_loop()
    times = [loop.time()]

    async def heartbeat():
        while True:
            await asyncio.sleep(interval)
            times.append(loop.time())

    beater = asyncio.create_task(heartbeat())
    try:
        await work()
    finally:
        beater.cancel()
        await asyncio.wait([beater])
    # The last stretch counts too: work may block right before it returns.
    times.append(loop.time())
    return max(later - earlier for earlier, later in itertools.pairwise(times))


# Task 4
async def long_job(steps, seconds, progress):
    """Wait ``seconds`` before each of ``steps`` progress reports, letting others run."""
    for step in range(1, steps + 1):
        # BEGIN PROMPT
        # TODO: time.sleep freezes the whole loop while it waits. Wait cooperatively.
        # > time.sleep(seconds)
        # > progress(step)
        # END PROMPT
        # asyncio.sleep suspends only this coroutine; time.sleep froze the whole loop.
        await asyncio.sleep(seconds)
        progress(step)


# Task 5
async def total_weight(items, weigh, every):
    """Sum ``weigh(item)``, letting other tasks run once every ``every`` items."""
    # BEGIN PROMPT
    # TODO: add up weigh(item) for every item; after every `every` items, give the loop a
    # turn with `await asyncio.sleep(0)`.
    # END PROMPT
    total = 0
    for count, item in enumerate(items, start=1):
        total += weigh(item)
        if count % every == 0:
            # sleep(0) does not wait: it puts this task at the back of the loop's queue.
            await asyncio.sleep(0)
    return total


# Task 6
async def read_all(paths, read):
    """Run the blocking ``read(path)`` for every path in threads, at the same time."""
    # BEGIN PROMPT
    # TODO: run read(path) with asyncio.to_thread for every path, all at once; return the
    # results in the order of paths.
    # END PROMPT
    # Each to_thread call runs read in a thread of the loop's default executor.
    return await asyncio.gather(*(asyncio.to_thread(read, path) for path in paths))


# Task 7
async def resize_all(images, resize, pool):
    """Run ``resize(image)`` for every image on the thread pool ``pool``."""
    # BEGIN PROMPT
    # TODO: submit resize(image) for every image with loop.run_in_executor(pool, ...), then
    # await them all; return the results in the order of images.
    # END PROMPT
    loop = asyncio.get_running_loop()
    # run_in_executor submits at once and returns an asyncio future to await later.
    futures = [loop.run_in_executor(pool, resize, image) for image in images]
    return await asyncio.gather(*futures)


# Task 8
async def crunch_all(job, numbers, pool, effort):
    """Run the CPU-bound ``job(n, effort=effort)`` for every number in the process pool."""
    # BEGIN PROMPT
    # TODO: submit job(n, effort=effort) for every number to the process pool with
    # loop.run_in_executor and functools.partial (no lambda: it cannot be pickled), then
    # await them all; return the results in the order of numbers.
    # END PROMPT
    loop = asyncio.get_running_loop()
    # partial(job, n, effort=effort) pickles as "job from its module, with these arguments".
    futures = [
        loop.run_in_executor(pool, functools.partial(job, n, effort=effort)) for n in numbers
    ]
    return await asyncio.gather(*futures)
