"""Topic 09: queues.

A queue lets tasks that make work hand it to tasks that do it, without either waiting for
the other more than it must: that is how pipelines, worker pools and job schedulers are
built. ``asyncio.Queue`` is made for tasks on one event loop: ``await queue.put(item)``
waits while a bounded queue is full, ``await queue.get()`` waits while it is empty, and
``queue.task_done()`` with ``await queue.join()`` lets you wait until every item put has
been handled.

The seed tutorial showed two queue programs. In consumer_producer_Flow.py, three producers
put random tokens on a queue until one draws a token under 0.05, and ten consumers get,
log and call ``task_done`` forever; ``main`` awaits the producers, then ``queue.join()``,
then writes the log. It never stops the consumers: they are left pending, waiting on
``get()``. ``asyncio.run`` cancels them on the way out, but in a program that goes on
running they are leaked tasks that wait forever. In bloquear_asyncQueue.py, a producer
creates one task per ``put`` and another for ``queue.join()``, one slow consumer takes the
items, ``main`` gathers the producer tasks and joins the queue, and then cancels the
consumers, without waiting for them to finish. Its queue is unbounded, so a put never
waits and the tasks add nothing; on a bounded queue they would hide the backpressure: the
producer would run on while its puts pile up as tasks.

Here you fix what those examples leave out: a bounded queue that holds a fast producer
back, workers that are stopped and awaited (nothing left pending when your function
returns), results kept in order, and priorities.

The grader runs your code on a virtual clock: a sleep of 1 s takes no real time, and the wall
clock (``time.monotonic()``, ``time.time()``) stands still meanwhile. Measure time on the
loop's clock, ``asyncio.get_running_loop().time()``.

The lists your functions are given (``items``, ``jobs``, ``arrivals``) are their caller's:
read them, and leave them as they were (do not pop from them or sort them).

Task 1. ``consume(queue, handle)``: the consumer given to you gets each item and awaits
        ``handle(item)`` but never calls ``queue.task_done()``, so ``await queue.join()``
        waits forever. Fix it: call ``task_done()`` once per item, after the item has been
        handled (not before, or ``join()`` returns while work is still going on). The
        consumer runs forever, waiting for the next item, until it is cancelled; let the
        cancellation through.
Task 2. ``pipeline(items, fetch, handle, maxsize)``: one producer awaits ``fetch(item)``
        for each item, in order, and puts what it gives on an ``asyncio.Queue`` bounded to
        ``maxsize``; one consumer, running at the same time, gets each one and awaits
        ``handle(...)`` on it, whatever ``fetch`` gave (``None``, ``0`` or ``""`` too).
        Return a list of the results of ``handle`` in the order of ``items``.
        A bounded queue is backpressure: when the consumer is slow, ``await queue.put()``
        makes the producer wait, so it is never more than ``maxsize`` items ahead. Stop the
        consumer before you return (a sentinel object after the last item, or ``join()``
        then cancel it and await it): no task of yours may be left pending. Two calls may
        run at once, each with its own queue and results.
Task 3. ``run_pool(jobs, handle, workers)``: a pool of ``workers`` worker tasks takes
        jobs from one queue and awaits ``handle(job)``. Ten jobs of 1 s on three workers
        take 4 s, never more than three at once. Return a list of the results in the order
        of ``jobs``, whichever finishes first (put ``(index, job)`` on the queue: the same
        job can be listed twice). When every
        job is done, stop the workers cleanly: ``await queue.join()``, cancel them and await
        them (``asyncio.gather(*tasks, return_exceptions=True)``), or put one sentinel per
        worker. When ``run_pool`` returns, every worker task has finished. Two calls may run
        at once, each with its own queue and workers.
Task 4. ``triage(arrivals, handle)``: jobs arrive over time; ``arrivals`` is a list of ``(at,
        priority, job)`` in order of ``at``, the number of seconds after the call that the job
        arrives. One worker handles one job at a time with ``await handle(job)``; whenever it is
        free it takes, among the jobs that have arrived, the one with the lowest priority
        number, and among equal priorities the one that came first. Return a list of the results
        of ``handle`` in the order the jobs were handled. Use an ``asyncio.PriorityQueue``: it
        hands out its smallest entry, comparing tuples item by item, so on equal priorities it
        compares whatever comes next. Put ``(priority, arrival_number, job)`` so that it never
        compares two jobs (they might not be comparable at all). Jobs with the same ``at``
        arrive together: when the worker is free then, it chooses among all of them, so put them
        all on the queue before anything else runs (no ``await`` between them). As in task 3, no
        task may be left pending at the end.
Task 5. ``drain(jobs, handle, workers)`` (Python 3.13 and newer): the same kind of pool,
        stopped the 3.13 way. Put every job on the queue, then call ``queue.shutdown()``:
        the items already in it can still be taken, but once it is empty, ``get()`` raises
        ``asyncio.QueueShutDown`` instead of waiting. Each worker catches that and returns
        the number of jobs it handled; nothing has to be cancelled. Return the list of those
        counts, one per worker (for example ``[4, 3, 3]`` for ten jobs on three workers).
        On older Pythons this task is skipped and not counted.

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
import itertools  # SOLUTION


# Task 1
async def consume(queue, handle):
    """Handle items from ``queue`` forever, marking each one done once it is handled."""
    while True:
        item = await queue.get()
        # BEGIN PROMPT
        # > await handle(item)
        # TODO: join() waits until task_done() has been called once for every item put,
        # and nothing here calls it, so join() never returns. Mark the item done, after
        # handling it.
        # END PROMPT
        try:
            await handle(item)
        finally:
            # After the work, never before: join() wakes up when every item is marked done.
            # In finally, so an item whose handling failed still counts as done.
            queue.task_done()


# Task 2
async def pipeline(items, fetch, handle, maxsize):
    """Fetch items in one task and handle them in another, through a bounded queue."""
    # BEGIN PROMPT
    # TODO: make an asyncio.Queue(maxsize=maxsize); run a producer (await fetch(item), then
    # await queue.put(...)) and a consumer (get, await handle(...)) at the same time; stop
    # the consumer after the last item; return the handle results in the order of items.
    # END PROMPT
    queue = asyncio.Queue(maxsize=maxsize)
    done = object()  # a sentinel no item can be equal to

    async def produce():
        for item in items:
            # put() waits while the queue is full: this is what holds the producer back.
            await queue.put(await fetch(item))
        await queue.put(done)

    async def consume_all():
        results = []
        while (data := await queue.get()) is not done:
            results.append(await handle(data))
        return results

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        consumer = group.create_task(consume_all())
    return consumer.result()


# Task 3
async def run_pool(jobs, handle, workers):
    """Handle every job with a pool of ``workers`` tasks; results in the order of jobs."""
    # BEGIN PROMPT
    # TODO: put (index, job) pairs on a queue; start `workers` worker tasks that get a pair,
    # store await handle(job) at results[index] and call task_done(); await queue.join();
    # then cancel the workers and await them before returning the results.
    # END PROMPT
    queue = asyncio.Queue()
    for index, job in enumerate(jobs):
        queue.put_nowait((index, job))
    results = [None] * len(jobs)

    async def worker():
        while True:
            index, job = await queue.get()
            try:
                results[index] = await handle(job)
            finally:
                queue.task_done()

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        await queue.join()
    finally:
        # The workers wait forever on get(): cancel them, then wait until they have stopped.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return results


# Task 4
async def triage(arrivals, handle):
    """Handle jobs as they arrive, the most urgent first, one at a time."""
    # BEGIN PROMPT
    # TODO: one worker task gets (priority, arrival_number, job) from an
    # asyncio.PriorityQueue and awaits handle(job); put each job when its time `at` comes
    # (seconds after the start, on the loop's clock); join the queue, stop the worker,
    # and return the results in the order the jobs were handled.
    # END PROMPT
    queue = asyncio.PriorityQueue()
    order = itertools.count()  # breaks ties by arrival, so two jobs are never compared
    handled = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def arrive():
        # Jobs arriving at the same instant go on the queue together, with no await between
        # them: the worker, woken by the first put, must find all of them there.
        for at, together in itertools.groupby(arrivals, key=lambda arrival: arrival[0]):
            await asyncio.sleep(max(0.0, start + at - loop.time()))
            for _at, priority, job in together:
                queue.put_nowait((priority, next(order), job))

    async def worker():
        while True:
            _, _, job = await queue.get()
            try:
                handled.append(await handle(job))
            finally:
                queue.task_done()

    helper = asyncio.create_task(worker())
    try:
        await arrive()
        await queue.join()
    finally:
        helper.cancel()
        await asyncio.gather(helper, return_exceptions=True)
    return handled


# Task 5
async def drain(jobs, handle, workers):
    """A pool stopped with ``Queue.shutdown`` (3.13+); return how many jobs each worker did."""
    # BEGIN PROMPT
    # TODO: put every job on a queue and call queue.shutdown(); start `workers` workers that
    # get and handle jobs until get() raises asyncio.QueueShutDown, then return their count;
    # wait for all of them and return the list of counts.
    # END PROMPT
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    # Nothing more will come: getters take what is left, then get QueueShutDown.
    queue.shutdown()

    async def worker():
        count = 0
        while True:
            try:
                job = await queue.get()
            except asyncio.QueueShutDown:
                return count
            await handle(job)
            count += 1

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker()) for _ in range(workers)]
    return [task.result() for task in tasks]
