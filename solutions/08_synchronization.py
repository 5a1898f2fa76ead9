"""Topic 08: synchronization.

Tasks on one event loop never run at the same instant: only one of them runs at any moment,
and it keeps running until it reaches an ``await``. So code without an ``await`` in it needs
no lock. But an ``await`` in the middle of a read-modify-write lets other tasks run in
between, and they can read the same old value: one task's update then overwrites the other's
(a lost update). asyncio has the same tools as ``threading`` to coordinate tasks: ``Lock``,
``Event``, ``Condition``, ``Semaphore`` and, since Python 3.11, ``Barrier``. They are awaited
(``await lock.acquire()``, ``async with lock:``), they only work between tasks of one loop
(they are not thread-safe), and they no longer take a ``loop=`` argument (removed in 3.10):
create them inside the running code, or let the code that calls you hand them in.

The seed tutorial has no example of these. Its note on concurrency gives the reason they are
needed, though: if you take a snapshot at any instant, only one coroutine is running. What it
does not say is that this only holds between two ``await``s. Its producer/consumer example
shares data through ``asyncio.Queue``, which does its own locking (that is topic 09).

The grader injects fakes that record when each call starts and ends on a virtual clock, so it
sees how many ran at once; a sleep of 1 s takes no real time there.

The lists your functions are given (``names``, ``urls``) are their caller's: read them, and
leave them as they were (do not pop from them or sort them).

Task 1. ``deposit(account, amount, lock)``: the version given to you loses updates: it reads
        the balance with ``await account.read()``, and writes ``balance + amount`` back with
        ``await account.write(...)``; run four deposits at once and three of them are lost.
        Hold ``lock`` (shared by every deposit, handed to you) from the read to the write.
        ``await account.verify(amount)`` comes first; it is slow and safe to run at the
        same time as other deposits, so keep it outside the lock: four deposits must still
        verify at the same time. A deposit cancelled while holding the lock must release it
        and still end cancelled (let the ``CancelledError`` go on).
Task 2. ``worker(name, ready, handle)`` waits until the ``asyncio.Event`` ``ready`` is set,
        then returns ``await handle(name)``. ``start_service(names, load_config, handle)``
        creates the event, starts a ``worker`` task for every name, awaits ``load_config()``,
        sets the event so that every worker starts at once, and returns a list of the
        workers' results in the order of ``names``.
Task 3. ``poll_until_stopped(stop, poll, interval)``: call ``await poll()``, then pause for
        ``interval`` seconds, again and again until the event ``stop`` is set; return how
        many times ``poll`` was called. The pause must end as soon as ``stop`` is set, not
        when the interval is over: wait on the event with a timeout rather than sleeping.
        If ``stop`` is already set, return 0 at once. Cancelled, during a poll or a pause,
        it polls no more and ends cancelled: let the ``CancelledError`` go on. It leaves no
        task of its own behind (none still waiting on ``stop``).
Task 4. A shelf (an object with an ``items`` count) shared through an
        ``asyncio.Condition``. ``take(shelf, condition, count)`` waits until the shelf holds
        at least ``count`` items, then removes them. ``put(shelf, condition, count)`` adds
        items and wakes every waiting ``take``: each one checks whether there is now enough
        for it. The shelf never goes below zero. Both hold the condition while they look at
        or change the shelf, and let go of it when they return.
Task 5. ``fetch_capped(urls, fetch, limit)``: await ``fetch(url)`` for every URL with at most
        ``limit`` fetches in flight at once, and return a list of the results in the order
        of ``urls``. Nine fetches of 1 s under a limit of 3 take exactly 3 s: never more than
        three at once, and always three while there are some waiting, so a new fetch
        starts as soon as one ends (not in batches). Two calls at once are capped
        separately, each by its own ``limit``.
Task 6. ``player(name, rounds, barrier, play, announce)``: play ``rounds`` rounds, numbered
        from 0, with ``await play(name, round)``. After each round, wait at the
        ``asyncio.Barrier`` so that no player starts a round before every player has
        finished the one before. ``barrier.wait()`` returns a different number to each
        player; the one that gets 0 calls ``await announce(round)``, so each round is
        announced once.

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
async def deposit(account, amount, lock):
    """Add ``amount`` to the account's balance without losing a concurrent deposit."""
    await account.verify(amount)
    # BEGIN PROMPT
    # TODO: another deposit can run at each await below, read the same old balance, and its
    # update is then overwritten. Hold `lock` from the read to the write (only those two).
    # > balance = await account.read()
    # > await account.write(balance + amount)
    # END PROMPT
    # From the read to the write, no other deposit may read the old balance: hold the lock.
    # `async with` releases it however the block ends, a cancellation included.
    async with lock:
        balance = await account.read()
        await account.write(balance + amount)


# Task 2
async def worker(name, ready, handle):
    """Wait until ``ready`` is set, then handle ``name``."""
    # BEGIN PROMPT
    # TODO: wait for the event `ready`, then return await handle(name).
    # END PROMPT
    await ready.wait()
    return await handle(name)


async def start_service(names, load_config, handle):
    """Start the workers, load the configuration, then let every worker go at once."""
    # BEGIN PROMPT
    # TODO: create an asyncio.Event, start a worker task per name, await load_config(),
    # set the event, and return the workers' results in the order of names. If you are
    # cancelled, cancel the workers and await them (in a finally block).
    # END PROMPT
    ready = asyncio.Event()
    # The workers are started first: they wait on the event while the config loads.
    tasks = [asyncio.create_task(worker(name, ready, handle)) for name in names]
    try:
        await load_config()
        ready.set()  # wakes every waiter at once; waiting for the workers before this deadlocks
        return await asyncio.gather(*tasks)
    finally:
        # Cancelled while loading, the workers would wait on the event for ever: stop them.
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


# Task 3
async def poll_until_stopped(stop, poll, interval):
    """Poll every ``interval`` seconds until ``stop`` is set; return the number of polls."""
    # BEGIN PROMPT
    # TODO: until stop is set: await poll(), count it, then wait on stop for at most
    # `interval` seconds (asyncio.timeout or asyncio.wait_for), so that setting stop ends
    # the pause at once.
    # END PROMPT
    polls = 0
    while not stop.is_set():
        await poll()
        polls += 1
        # A pause that ends early when the event is set, unlike asyncio.sleep(interval).
        try:
            async with asyncio.timeout(interval):
                await stop.wait()
        except TimeoutError:
            pass
    return polls


# Task 4
async def take(shelf, condition, count):
    """Wait until the shelf holds ``count`` items, then take them."""
    # BEGIN PROMPT
    # TODO: holding the condition, wait until shelf.items >= count, then remove count items.
    # END PROMPT
    async with condition:
        # wait_for checks again after every wake-up: another taker may have been first.
        await condition.wait_for(lambda: shelf.items >= count)
        shelf.items -= count


async def put(shelf, condition, count):
    """Add ``count`` items to the shelf and wake every waiting taker."""
    # BEGIN PROMPT
    # TODO: holding the condition, add count items and wake every waiting taker.
    # END PROMPT
    async with condition:  # notify needs the condition's lock
        shelf.items += count
        # notify() would wake only one taker, maybe one that still cannot proceed.
        condition.notify_all()


# Task 5
async def fetch_capped(urls, fetch, limit):
    """Fetch every URL, at most ``limit`` at once; results in the order of ``urls``."""
    # BEGIN PROMPT
    # TODO: await fetch(url) for every URL, never more than `limit` at once (one
    # asyncio.Semaphore(limit) shared by all the fetches); results in the order of urls.
    # END PROMPT
    # One semaphore shared by every fetch: a new one per fetch would cap nothing.
    semaphore = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with semaphore:
            return await fetch(url)

    # A TaskGroup: cancelled, it cancels the fetches and waits until they have ended.
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch_one(url)) for url in urls]
    return [task.result() for task in tasks]


# Task 6
async def player(name, rounds, barrier, play, announce):
    """Play ``rounds`` rounds in step with the other players; one of them announces each."""
    # BEGIN PROMPT
    # TODO: for each round: await play(name, round), then wait at the barrier; if the wait
    # returned 0, await announce(round).
    # END PROMPT
    for round_number in range(rounds):
        await play(name, round_number)
        # Nobody gets past the barrier until every player has reached it.
        if await barrier.wait() == 0:
            await announce(round_number)
