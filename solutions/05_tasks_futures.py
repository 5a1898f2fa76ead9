"""Topic 05: tasks and futures.

A task is a coroutine that the event loop drives on its own: ``asyncio.create_task(coro)``
schedules it at once and hands you back an ``asyncio.Task``, a handle you can name, await,
cancel and inspect. A future is a box for a result that does not exist yet: one side
awaits it, the other side fills it later with ``set_result`` or ``set_exception``. Every
task is a future too (``asyncio.Task`` subclasses ``asyncio.Future``), so both answer
``done()``, ``result()``, ``exception()``, ``cancelled()`` and ``add_done_callback()``.
Futures are also the bridge from callback-style code (a library that calls
``on_done(result)`` later) to ``await``.

What the seed showed. Its futures.py first ran two coroutines with ``gather``. Then a
function took the loop with ``asyncio.get_event_loop()``, created tasks on it and called
``loop.run_forever()`` from inside a coroutine that was already running on that very loop.
That raises ``RuntimeError: This event loop is already running``. A loop runs one callback
at a time in one thread, and the coroutine calling ``run_forever`` *is* one of those
callbacks: the loop cannot start again underneath itself (if it could, other tasks would
run in the middle of one task's step, and "nothing else runs between two awaits" would no
longer hold). Inside a coroutine you are already on the loop: start tasks with
``asyncio.create_task`` and await them (or use ``gather`` or a ``TaskGroup``).
``run_forever`` and ``run_until_complete`` are for synchronous code that drives a loop by
hand (topic 12), and even there ``asyncio.run`` or ``asyncio.Runner`` is the modern way.
``get_event_loop()`` is on its way out too: called with no event loop set it warns since 3.12
and raises since 3.14; inside a coroutine, ``asyncio.get_running_loop()`` says what you
mean.

One more fact the seed did not show: the loop keeps only a *weak* reference to a task. A
task that nobody else references can be garbage-collected halfway through its work,
silently ("Task was destroyed but it is pending!"). Whoever starts a task must keep it.

The grader runs your code on a virtual clock: a sleep of 1 s takes no real time, but the
loop's clock still says 1 s passed.

Task 1. ``run_pair(first, second)``: the version given to you copies the seed's mistake
        and fails with "This event loop is already running". Fix it: run ``first()`` and
        ``second()`` at the same time and return ``(first_result, second_result)``.
Task 2. ``start_named(jobs)``: ``jobs`` maps a name to an async function taking no
        arguments. Start each as a task *named* after its key, and return the list of
        tasks, in the order of ``jobs``, without waiting for any: the caller decides when
        to await them. Call it from inside a coroutine (a task needs a running loop).
Task 3. ``spawn(coro)``: a fire-and-forget helper. Start ``coro`` as a task, keep a strong
        reference to it in the module's set ``background_tasks`` while it runs, drop it
        from the set as soon as it finishes, however it ends, even cancelled before it
        started (``task.add_done_callback(...discard)``), and return the task. Callers
        may throw the task away; it must still run to the end.
Task 4. ``outcome(task)``: describe a task without ever raising: ``("ok", result)``,
        ``("failed", exception)``, ``("cancelled", None)``, or ``("pending", None)`` while
        it is not done. Careful: on a cancelled task ``result()`` *and* ``exception()``
        raise ``CancelledError``, and on an unfinished one they raise
        ``InvalidStateError``.
Task 5. ``notify_progress(tasks, on_progress)``: a plain function (no ``async``) that
        returns at once. Each time one of ``tasks`` finishes, whether it returned, failed or
        was cancelled, call ``on_progress(finished_so_far, total, task_name)`` right then,
        from a done callback: ``finished_so_far`` counts 1, 2, ... up to ``total``, even
        when several tasks end in the same instant. Each call counts only its own tasks,
        even when two calls' tasks end in turns.
Task 6. ``settle_later(delay, value=None, error=None)``: a plain function that returns an
        ``asyncio.Future`` (made with ``loop.create_future()``, not a task) and arranges
        (with ``loop.call_later``, say) that, ``delay`` seconds later, it gets
        ``set_result(value)``, or ``set_exception(error)`` when ``error`` is given. If
        someone cancelled the future in the meantime, leave it alone: setting the result of
        a future that is already done raises ``InvalidStateError``, inside the loop's
        callback.
Task 7. ``call_api(api, request)``: ``api.request(request, on_done, on_error)`` returns at
        once and, later, calls ``on_done(reply)`` or ``on_error(exception)`` from the event
        loop. Turn it into something you can await: ``await call_api(api, "ping")`` gives
        the reply or raises the exception. When the caller cancels the ``await`` before the
        reply comes, the waiting must stop with ``CancelledError`` (never swallow it), and
        the late ``on_done``/``on_error`` must not crash.

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
async def run_pair(first, second):
    """Run ``first()`` and ``second()`` concurrently; return both results, in that order."""
    # BEGIN PROMPT
    # TODO: this is the seed's code. The loop is already running (this coroutine runs on
    # it), so run_forever() raises RuntimeError. Start both with asyncio.create_task and
    # await the two tasks instead.
    # > loop = asyncio.get_event_loop()
    # > first_task = loop.create_task(first())
    # > second_task = loop.create_task(second())
    # > loop.run_forever()
    # > return first_task.result(), second_task.result()
    # END PROMPT
    # We are already inside the running loop: no run_forever, just tasks and awaits.
    first_task = asyncio.create_task(first())
    second_task = asyncio.create_task(second())
    return await first_task, await second_task


# Task 2
def start_named(jobs):
    """Start every job as a task named after its key; return the tasks, not awaited."""
    # BEGIN PROMPT
    # TODO: asyncio.create_task(job(), name=name) for every item; return the list of tasks.
    # END PROMPT
    return [asyncio.create_task(job(), name=name) for name, job in jobs.items()]


# Task 3
background_tasks = set()


def spawn(coro):
    """Start ``coro`` as a task that keeps running even if the caller drops it."""
    # BEGIN PROMPT
    # TODO: create the task, add it to background_tasks, and make it remove itself when
    # done with task.add_done_callback(background_tasks.discard). Return the task.
    # END PROMPT
    task = asyncio.create_task(coro)
    # The loop only holds a weak reference: this set is what keeps the task alive.
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    return task


# Task 4
def outcome(task):
    """``("ok", result)``, ``("failed", exc)``, ``("cancelled", None)`` or ``("pending", None)``."""
    # BEGIN PROMPT
    # TODO: check task.done(), then task.cancelled(), then task.exception(), in that order.
    # END PROMPT
    if not task.done():
        return ("pending", None)
    # cancelled() first: result() and exception() raise CancelledError on a cancelled task.
    if task.cancelled():
        return ("cancelled", None)
    if task.exception() is not None:
        return ("failed", task.exception())
    return ("ok", task.result())


# Task 5
def notify_progress(tasks, on_progress):
    """Call ``on_progress(finished_so_far, total, name)`` as each task finishes."""
    # BEGIN PROMPT
    # TODO: add a done callback to every task that counts the tasks finished so far and
    # calls on_progress(count, total, task.get_name()). Do not wait for anything here.
    # END PROMPT
    tasks = list(tasks)
    total = len(tasks)
    finished = 0

    def on_done(task):
        # Done callbacks run for every ending: a result, an exception or a cancellation.
        nonlocal finished
        finished += 1
        on_progress(finished, total, task.get_name())

    for task in tasks:
        task.add_done_callback(on_done)


# Task 6
def settle_later(delay, value=None, error=None):
    """A future that gets ``value`` (or raises ``error``) ``delay`` seconds from now."""
    # BEGIN PROMPT
    # TODO: make a future with asyncio.get_running_loop().create_future(), and use
    # loop.call_later(delay, ...) to set its result or exception, unless it is done by
    # then. Return the future at once.
    # END PROMPT
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        # A cancelled future is already done; setting it again would raise InvalidStateError.
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)

    loop.call_later(delay, settle)
    return future


# Task 7
async def call_api(api, request):
    """Await the reply that ``api.request`` delivers through a callback."""
    # BEGIN PROMPT
    # TODO: create a future; call api.request(request, on_done, on_error) with two small
    # functions that set its result or exception (only if it is not done yet); await it.
    # END PROMPT
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():  # the waiter may have been cancelled meanwhile
            future.set_result(reply)

    def on_error(error):
        if not future.done():
            future.set_exception(error)

    api.request(request, on_done, on_error)
    # Cancelling the task awaiting here cancels the future too; CancelledError propagates.
    return await future
