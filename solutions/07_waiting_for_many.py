"""Topic 07: waiting for many.

In the seed tutorial (asynioPuro.py), two coroutines that sleep 1+1 s and 2+2 s were run
three ways: awaited one after the other (about 6 s), started with ``create_task`` and then
awaited (about 4 s), and handed to ``gather`` (about 4 s). That is where it stopped, with
every coroutine succeeding and the caller happy to wait for all of them. Real work asks
more: one of ten downloads fails, and you still want the other nine; you want to show each
result as soon as it arrives; you need only the fastest answer; you must stop everything at
the first failure. Plain ``gather`` answers none of these. Had one of the seed's coroutines
raised, ``gather`` would have raised that error at once while the other coroutine went on
running with nobody waiting for it.

asyncio gives one tool for each way of waiting:

- ``asyncio.gather(*aws, return_exceptions=True)``: wait for all; a failure comes back in
  the list of results, in its place, instead of being raised.
- ``asyncio.as_completed(aws)``: the results in the order they finish. A plain ``for``
  over it yields new awaitables, not your tasks, so make each awaitable return whatever
  you need to know which one it was. (Python 3.13 added ``async for`` over it, which
  yields the original tasks; your code must also run on 3.11, so use the plain ``for``.)
- ``asyncio.wait(tasks, return_when=...)``: returns two sets, ``(done, pending)``, as soon
  as ``FIRST_COMPLETED``, ``FIRST_EXCEPTION`` or ``ALL_COMPLETED`` is reached. It takes
  tasks, not coroutines, and it never cancels anything: what is still pending keeps
  running until you cancel it.
- ``asyncio.TaskGroup``: the structured way. Every task started in the ``async with``
  block is awaited when the block ends; when one fails, the group cancels the others and
  raises an ``ExceptionGroup`` holding every error. ``except* SomeError`` handles the
  errors of one kind inside such a group and lets the rest propagate.

A task you cancel is not stopped yet: ``task.cancel()`` only asks. The task stops at its
next ``await``, running its ``finally`` blocks on the way out. Await it (for example with
``asyncio.gather(*tasks, return_exceptions=True)``) to know that it has stopped.

The grader gives you fake operations that take a set time on a virtual clock, records when
each one ran and how it ended (done, failed or cancelled), and draws that timeline when a
check fails.

Task 1. ``fetch_all_settled(urls, fetch)``: the version given to you uses plain ``gather``: one
        failing fetch makes it raise, and the other fetches are left running with nobody waiting
        for them. Fix it so that, still fetching every URL at once, it returns a list in the
        order of ``urls`` holding each page, or, for a fetch that failed, the exception object
        it raised. One failure must not stop or cancel the other fetches. When
        ``fetch_all_settled`` itself is cancelled (by a timeout, say), its ``CancelledError``
        is no fetch's error and does not go in the list: cancel the fetches still running,
        wait until they have stopped, and let it go on to your caller (``gather`` does all
        this by itself).
Task 2. ``fetch_with_progress(urls, fetch, progress)``: fetch every URL at once and, as
        soon as each fetch finishes, call ``progress(url, page)`` (an ordinary function),
        so that the fastest page is shown first; when several finish in the same instant,
        report each of them. Return a list of the URLs in the order their fetches
        finished. ``asyncio.as_completed`` is made for this.
Task 3. ``first_response(mirrors, download)``: download from every mirror at once and
        return the result of the first download to finish. Cancel the other downloads and
        wait until they have stopped before you return: nothing may be left running. When
        the first download to finish failed, its exception comes out of ``first_response``
        (as it is, or inside a ``TaskGroup``'s ``ExceptionGroup``), the other downloads
        cancelled and stopped all the same. The same holds when ``first_response`` itself
        is cancelled (by a timeout, say) before any download finished: the downloads must
        be cancelled too, and the cancellation must go on to your caller. Try
        ``asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)`` with a ``finally``.
Task 4. ``deploy_all(servers, deploy)``: run ``deploy(server)`` on every server at once. As soon
        as one deployment fails, stop: cancel the ones still running and wait until they have
        stopped. Return a dict giving each server's outcome: ``"ok"``, ``"failed"`` or
        ``"cancelled"`` (several can fail in the same instant: each one that failed is
        ``"failed"``). When none fails, wait for all of them (every one is ``"ok"``). Do not
        raise, not even for an empty list of servers (return ``{}``). ``asyncio.wait`` with
        ``FIRST_EXCEPTION`` fits. Two calls at once each stop and report only their own
        deployments.
Task 5. ``run_all(jobs)``: each job is an async function taking no arguments. Run them all
        at once in an ``asyncio.TaskGroup`` and return a list of their results in the order
        of ``jobs``. When a job fails, let the group do its work: it cancels the other jobs
        and raises an ``ExceptionGroup`` holding the error. Let that propagate.
Task 6. ``run_and_report(jobs)``: run the jobs at once in a ``TaskGroup`` too (a failure
        cancels the other jobs, as in task 5), but report the expected failures instead of
        raising. Return a dict with three keys: ``"results"`` (a list of the results in job
        order, or ``None`` when the group failed), ``"invalid"`` (the message,
        ``str(error)``, of every ``ValueError``) and ``"offline"`` (the message of every
        ``ConnectionError``). Several jobs can fail at
        the same moment (each with one plain error, never a group of its own), so the group
        can hold several errors: handle each kind with ``except*``. Any other kind of error
        is not yours to handle: it must keep propagating, in its ``ExceptionGroup``.

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
async def fetch_all_settled(urls, fetch):
    """Fetch every URL at once; a failure is returned in its place, not raised."""
    # BEGIN PROMPT
    # TODO: one failing fetch makes this gather raise, and the other fetches run on with
    # nobody waiting for them. Make gather return each exception in the list instead.
    # > return await asyncio.gather(*(fetch(url) for url in urls))
    # END PROMPT
    # return_exceptions=True: gather waits for every fetch and puts each error in the list.
    return await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)


# Task 2
async def fetch_with_progress(urls, fetch, progress):
    """Fetch every URL at once; report each page as soon as it arrives."""
    # BEGIN PROMPT
    # TODO: start every fetch; as each finishes, call progress(url, page) and note the url
    # (asyncio.as_completed). Return the urls in the order their fetches finished. If you
    # are cancelled, cancel the fetches still running and await them (in a finally block).
    # END PROMPT

    async def fetch_one(url):
        # as_completed yields new awaitables, so each one says which URL it was.
        return url, await fetch(url)

    tasks = [asyncio.create_task(fetch_one(url)) for url in urls]
    finished = []
    try:
        for next_done in asyncio.as_completed(tasks):
            url, page = await next_done
            progress(url, page)
            finished.append(url)
    finally:
        # Cancelling this loop cancels none of the fetches: stop them and wait until they
        # have (after the last page they have all ended, and this changes nothing).
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return finished


# Task 3
async def first_response(mirrors, download):
    """Return the first download to finish; cancel the others and wait for them to stop."""
    # BEGIN PROMPT
    # TODO: start a task per mirror; wait for the first to finish (asyncio.wait with
    # FIRST_COMPLETED) and return its result. In a finally block, cancel every task and
    # await them all, so that none is left running, even when you are cancelled.
    # END PROMPT
    tasks = [asyncio.create_task(download(mirror)) for mirror in mirrors]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return done.pop().result()
    finally:
        # Runs on return and on cancellation alike: cancel the losers and wait until they
        # have stopped, so no download outlives the race.
        for running in tasks:
            running.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


# Task 4
async def deploy_all(servers, deploy):
    """Deploy everywhere at once; at the first failure, cancel the rest. Report outcomes."""
    # BEGIN PROMPT
    # TODO: start a task per server; wait with asyncio.wait(..., FIRST_EXCEPTION); cancel
    # and await what is pending (in a finally block, so that a cancelled deploy_all leaves
    # nothing running either); return {server: "ok" | "failed" | "cancelled"}.
    # END PROMPT
    tasks = {server: asyncio.create_task(deploy(server)) for server in servers}
    if not tasks:
        return {}
    try:
        await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
    finally:
        # wait() cancels nothing, returning or cancelled: cancel what is still running and
        # wait until it has stopped.
        for running in tasks.values():
            running.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
    outcomes = {}
    for server, finished in tasks.items():
        if finished.cancelled():
            outcomes[server] = "cancelled"
        elif finished.exception() is not None:
            outcomes[server] = "failed"
        else:
            outcomes[server] = "ok"
    return outcomes


# Task 5
async def run_all(jobs):
    """Run every job at once in a TaskGroup; results in job order."""
    # BEGIN PROMPT
    # TODO: in `async with asyncio.TaskGroup() as group:`, create a task per job; after the
    # block, return the tasks' results in job order. Let an ExceptionGroup propagate.
    # END PROMPT
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
    # Leaving the block waited for every task; a failure raised an ExceptionGroup instead.
    return [finished.result() for finished in tasks]


# Task 6
async def run_and_report(jobs):
    """Run every job in a TaskGroup; report ValueErrors and ConnectionErrors, raise the rest."""
    # BEGIN PROMPT
    # TODO: run the jobs in a TaskGroup inside try; use `except* ValueError` and
    # `except* ConnectionError` to fill "invalid" and "offline" with the messages; fill
    # "results" only when no job failed. (return is not allowed inside an except* block.)
    # END PROMPT
    report = {"results": None, "invalid": [], "offline": []}
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(job()) for job in jobs]
    except* ValueError as errors:
        report["invalid"] = [str(error) for error in errors.exceptions]
    except* ConnectionError as errors:
        report["offline"] = [str(error) for error in errors.exceptions]
    else:
        report["results"] = [finished.result() for finished in tasks]
    # Any other error was not matched by an except* clause: it propagates in its group.
    return report
