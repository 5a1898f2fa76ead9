"""Topic 04: async and await.

The seed tutorial rewrote its generator "tasks" with ``async def`` and
``await asyncio.sleep(0)`` as the point where a task lets the others run, and handed them
to ``asyncio.gather`` under ``asyncio.run`` (genTOasyncio.py). Then it ran two coroutines
that sleep 1+1 s and 2+2 s three ways (asynioPuro.py): awaited one after the other (about
6 s), as tasks from ``create_task`` (about 4 s), and with ``gather`` (about 4 s). It also
showed the "coroutine ... was never awaited" warning you get when you call a coroutine
function and drop what it returns.

Here you do all of that on purpose, and the grader times you on a virtual clock: a sleep
of 1 s takes no real time, but the clock still says 1 s passed.

Task 1. ``greet(name)``: your first coroutine function. Awaiting ``greet("Ada")`` gives
        ``"Hello, Ada!"``. Calling it without ``await`` gives a coroutine object, not the
        text: nothing runs until something awaits it.
Task 2. ``greet_from_sync(name)``: an ordinary function (no ``async``) that runs
        ``greet(name)`` to completion with ``asyncio.run`` and returns its text. This is
        how synchronous code enters the async world.
Task 3. ``save_all(store, items)``: the version given to you forgets an ``await``, so
        nothing is saved and Python warns "coroutine ... was never awaited". Fix it, and
        keep its loop: one save after another, in the order of ``items`` (a store, like a
        database connection, may take only one save at a time). Leave the list ``items`` as
        it is.
Task 4. ``apply_in_order(value, steps)``: each step is an async function that takes the
        previous step's result. Await them one after another and return the last result
        (``value`` itself when there are no steps). Leave the list ``steps`` as it is: the
        caller may run the same steps again.
        Here sequence is the point: step 2 needs what step 1 returns.
Task 5. ``sleep_concurrently(count, seconds)``: sleep ``count`` times (``count`` calls
        of ``asyncio.sleep(seconds)``), all at once. Ten sleeps of 1 s must take at least
        1 s and under 2 s.
Task 6. ``fetch_all(urls, fetch)``: await ``fetch(url)`` once for every URL, concurrently,
        and return the list of results in the order of ``urls``, whichever finishes first.
        When a fetch raises, its exception comes out of ``fetch_all`` (as it is, or inside
        the ``ExceptionGroup`` of a ``TaskGroup``): there is no list to return. Two calls at
        once each return only their own pages.
Task 7. ``run_with_background(work, background)``: start ``background()`` as a task
        (with ``asyncio.create_task``, say), await ``work()`` while it runs, then await the
        task, and return both results as a tuple ``(work_result, background_result)``. Each
        of ``work`` and ``background`` is called once.

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
"""

import asyncio


# Task 1
# BEGIN PROMPT
# TODO: make greet a coroutine function (async def) that returns f"Hello, {name}!".
# > def greet(name):
# END PROMPT
async def greet(name):  # SOLUTION
    """Return a greeting; being ``async def``, calling it makes a coroutine object."""
    return f"Hello, {name}!"  # SOLUTION


# Task 2
def greet_from_sync(name):
    """Run ``greet`` from synchronous code."""
    # BEGIN PROMPT
    # TODO: run greet(name) with asyncio.run and return what it gives.
    # END PROMPT
    # asyncio.run makes a new event loop, runs the coroutine to its end, closes the loop.
    return asyncio.run(greet(name))


# Task 3
async def save_all(store, items):
    """Save every item with ``await store.save(item)``."""
    for item in items:
        # BEGIN PROMPT
        # TODO: this line builds a coroutine and drops it, so nothing is saved. Fix it.
        # > store.save(item)
        # END PROMPT
        # Added the await: without it, save() only builds a coroutine that never runs.
        await store.save(item)


# Task 4
async def apply_in_order(value, steps):
    """Feed ``value`` through every step, one after another."""
    # BEGIN PROMPT
    # TODO: await each step with the previous result; return the last one.
    # END PROMPT
    for step in steps:
        value = await step(value)
    return value


# Task 5
async def sleep_concurrently(count, seconds):
    """Sleep ``count`` times for ``seconds``, all at the same time."""
    # BEGIN PROMPT
    # TODO: start all the sleeps before waiting for any (asyncio.gather does this).
    # END PROMPT
    # gather starts every coroutine as a task before it waits for any of them.
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(count)))


# Task 6
async def fetch_all(urls, fetch):
    """Fetch every URL concurrently; results come back in the order of ``urls``."""
    # BEGIN PROMPT
    # TODO: await fetch(url) for every URL at once; keep the results in the order of urls.
    # END PROMPT
    return await asyncio.gather(*(fetch(url) for url in urls))


# Task 7
async def run_with_background(work, background):
    """Run ``background()`` as a task while ``work()`` is awaited."""
    # BEGIN PROMPT
    # TODO: start background() with asyncio.create_task, await work(), then the task.
    # END PROMPT
    # Keep a reference to the task: the loop only holds a weak one.
    task = asyncio.create_task(background())
    work_result = await work()
    return work_result, await task
