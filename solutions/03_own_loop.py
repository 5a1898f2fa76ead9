"""Topic 03: a loop of your own.

An event loop is less magic than it looks: it is a queue of paused tasks and a loop that
resumes them one at a time. Before touching asyncio you build one from generators, the way
the talk "Understanding asyncio without asyncio" (recommended by the seed) does: every
``yield`` is a point where a task gives control back to the loop, exactly what ``await``
will be in asyncio.

What the seed tutorial showed. In generadorYcorutina.py, three generator "tasks" print
their steps (reading one site, reading another, a "super slow upload") and a dozen-line
loop runs them: pop the first task from a list, ``next()`` it, append it back unless it
raised ``StopIteration``. Their steps come out interleaved: round-robin. In
corutinaAvanzado.py one task does its upload with a blocking ``time.sleep``: while it
sleeps, no other task moves, because the loop only regains control at a ``yield``. Its
workaround starts the blocking work in a ``threading.Thread`` and, in a generator, yields
while ``thread.is_alive()``, so the others keep running. But the example also calls the
slow function again inside that waiting loop, by mistake: each pass blocks the whole
program once more and uploads again, which brings back the very freeze the thread was
meant to remove. Start the work once, in the thread, and only yield while you wait.

asyncio's loop does what you build here. Its ready queue is a deque of callbacks run in
turn; ``asyncio.sleep`` parks a task in a heap of timers ordered by wake-up time, and when
nothing is ready the loop waits (in ``select``) until the earliest timer is due; a task's
result is what its coroutine returns, carried out by ``StopIteration`` just as here; and
``await asyncio.to_thread(work)`` is your Task 5, done properly.

In this module a task is a generator. It yields ``None`` (a bare ``yield``) to let the
others run, or ``Sleep(seconds)`` to be parked until the clock has moved on by
``seconds``. Its result is its ``return`` value. ``Sleep``, ``real_wait_until`` and the
seed's ``blocking_upload`` are given. Your loops run the tasks from a queue of their own:
the list or dict of tasks they are given is left as it is.

Task 1. ``round_robin(tasks)``: run a list of generator tasks to their end, one step of
        each in turn: take the first task, advance it with ``next``, put it back at the end
        unless it raised ``StopIteration``. Three tasks of 3, 1 and 2 steps run as
        a0 b0 c0 a1 c1 a2. Catch nothing else: when a task raises another exception, that
        same exception comes out of ``round_robin`` (and of the loops of Tasks 2 and 3),
        never hidden.
Task 2. ``run_and_collect(tasks)``: the same loop over a dict ``{name: task}``, returning
        ``{name: result}``. A generator's ``return`` value arrives as
        ``StopIteration.value``; keep it for every task, even when it is ``None``. A task
        that delegates with ``yield from`` needs nothing special.
Task 3. ``run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until)``:
        the loop of Task 2 that also understands ``Sleep(seconds)``. Park a sleeping task
        until its wake-up time, ``clock() + seconds``: a heap (``heapq``) keyed by that
        time finds the earliest at once. Keep running the ready ones in turn; when none is
        ready, call ``wait_until(earliest wake-up time)`` once (never spin on the clock),
        then move every task that is due back to the ready queue. Tasks due at the same
        time wake in the order they went to sleep (on a heap, put a counter in the entries,
        as the heapq docs advise: it also keeps the heap from ever comparing two
        generators). Tasks asleep for 3, 1 and 2 s wake after 1, 2 and 3 s: 3 s in all, not
        6. The grader drives your loop with a fake clock, so no time passes.
Task 4. ``heartbeat(stamps, beats, interval, clock=time.perf_counter)``: a task that
        appends ``clock()`` to ``stamps`` ``beats`` times, yielding ``Sleep(interval)``
        between two beats (one more after the last does no harm), and returns ``beats``.
        ``longest_gap(stamps)``: the longest time between two consecutive stamps (the float
        0.0 with fewer than two); leave the list ``stamps`` as it is. Run a heartbeat beside
        the seed's ``blocking_upload`` on a real clock and the gap is the whole upload:
        the blocking task starved everyone else.
Task 5. ``threaded_upload(work, poll=0.01)``: the seed's workaround, without its bug. A
        task that runs ``work()`` once in another thread (a ``threading.Thread``, say),
        yields ``Sleep(poll)`` while that thread is busy with it, waits for it to end, and
        returns what ``work()`` returned. If ``work()`` raised, the task raises the same
        exception (a thread's exception is lost unless you carry it over). A heartbeat
        beside it keeps beating, and two such tasks may run at once, each with its own
        ``work`` and its own result.
Task 6. ``upload_with_heartbeat(work, beats, interval)``: on your own ``run_with_sleeps``
        with the real clock, run ``heartbeat`` (``beats`` beats every ``interval`` s) beside
        ``threaded_upload(work)``; return ``(upload result, longest gap between beats)``.
        With a 0.2 s upload and beats every 0.02 s, the longest gap stays well under 0.1 s.
        Call ``heartbeat``, ``threaded_upload`` and ``longest_gap`` by their names: the
        grader swaps in known-good ones, so that this task is graded on its own.

Every top-level function leaves the lists, dicts and sets it is given as they were,
unless its task says otherwise.

Calls share nothing through the module: while they run and once they are done, the module's
globals, its classes' attributes and the default values of its functions' parameters hold what
they held before (a set may keep running tasks alive meanwhile), unless a task says otherwise.

No function sets a limit its task does not give: no timeout of its own (``asyncio.timeout``,
``asyncio.wait_for``, a ``timeout=`` argument) and no cap on how many things run at once, how
many steps they take or how much data they handle. It waits as long as the work takes.
"""

# BEGIN PROMPT
# TODO: you will need some of heapq, itertools, threading and collections.deque: import them.
# END PROMPT
import heapq  # SOLUTION
import itertools  # SOLUTION
import threading  # SOLUTION
import time
from collections import deque  # SOLUTION
from dataclasses import dataclass


@dataclass(frozen=True)
class Sleep:
    """What a task yields to be parked for ``seconds``: ``yield Sleep(0.5)``."""

    seconds: float


def real_wait_until(deadline, clock=time.perf_counter):
    """Block the whole program until ``clock()`` reaches ``deadline``: an idle loop's wait."""
    delay = deadline - clock()
    if delay > 0:
        time.sleep(delay)


def blocking_upload(work):
    """The seed's slow task: its second step calls ``work()`` and nothing else runs meanwhile."""
    yield  # the first step only announces the upload
    return work()


# Task 1
def round_robin(tasks):
    """Run generator tasks one step each in turn until all of them are finished."""
    # BEGIN PROMPT
    # TODO: keep a queue of tasks; take the first, next() it, and put it back at the end
    # unless it raised StopIteration.
    # END PROMPT
    ready = deque(tasks)  # a deque pops from the front in O(1); list.pop(0) works too
    while ready:
        task = ready.popleft()
        try:
            next(task)
        except StopIteration:
            continue  # finished: do not put it back
        ready.append(task)


# Task 2
def run_and_collect(tasks):
    """Run ``{name: task}`` round-robin; return ``{name: what the task returned}``."""
    # BEGIN PROMPT
    # TODO: the loop of task 1 over (name, task) pairs; when a task raises StopIteration,
    # store its .value under its name (even None), and return the dict at the end.
    # END PROMPT
    results = {}
    ready = deque(tasks.items())
    while ready:
        name, task = ready.popleft()
        try:
            next(task)
        except StopIteration as stop:
            results[name] = stop.value  # a generator's return value travels here
        else:
            ready.append((name, task))
    return results


# Task 3
def run_with_sleeps(tasks, clock=time.perf_counter, wait_until=real_wait_until):
    """Run ``{name: task}`` round-robin, parking the tasks that yield ``Sleep``."""
    # BEGIN PROMPT
    # TODO: a ready queue and a heap of (wake-up time, counter, name, task). A task that
    # yields Sleep(s) goes on the heap at clock() + s; any other yield puts it back in the
    # queue. When nothing is ready, call wait_until(the earliest wake-up time) once; then
    # move every due task to the ready queue. Return {name: result}.
    # END PROMPT
    results = {}
    ready = deque(tasks.items())
    sleeping = []  # a heap of (wake-up time, order, name, task)
    order = itertools.count()  # breaks ties: first asleep, first awake
    while ready or sleeping:
        if not ready:
            # Nothing can run: wait once for the earliest sleeper instead of spinning.
            wait_until(sleeping[0][0])
        now = clock()
        while sleeping and sleeping[0][0] <= now:
            _, _, name, task = heapq.heappop(sleeping)
            ready.append((name, task))
        if not ready:
            continue  # the wait ended a little early; wait again
        name, task = ready.popleft()
        try:
            request = next(task)
        except StopIteration as stop:
            results[name] = stop.value
            continue
        if isinstance(request, Sleep):
            heapq.heappush(sleeping, (clock() + request.seconds, next(order), name, task))
        else:
            ready.append((name, task))
    return results


# Task 4
def heartbeat(stamps, beats, interval, clock=time.perf_counter):
    """Append ``clock()`` to ``stamps`` ``beats`` times, sleeping ``interval`` in between."""
    # BEGIN PROMPT
    # TODO: a generator: append clock() to stamps, beats times, with `yield Sleep(interval)`
    # between two beats; return beats.
    # END PROMPT
    for beat in range(beats):
        if beat:
            yield Sleep(interval)  # parked by the loop; the others run meanwhile
        stamps.append(clock())
    return beats


def longest_gap(stamps):
    """The longest time between two consecutive stamps; 0.0 with fewer than two."""
    # BEGIN PROMPT
    # TODO: the largest difference between neighbouring stamps, or 0.0.
    # END PROMPT
    return max((later - earlier for earlier, later in itertools.pairwise(stamps)), default=0.0)


# Task 5
def threaded_upload(work, poll=0.01):
    """Run ``work()`` in a thread; yield while it runs; return its result or raise its error."""
    # BEGIN PROMPT
    # TODO: a generator: start a threading.Thread that calls work() once and keeps its
    # result or its exception; `yield Sleep(poll)` while the thread is alive (do not call
    # work() again in this loop: that was the seed's mistake); join it; return the result,
    # or raise the exception.
    # END PROMPT
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as error:  # carried over to the task, not lost in the thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="upload")
    thread.start()  # work() is called here, once, and never again
    while thread.is_alive():
        yield Sleep(poll)  # let the other tasks run while the thread works
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


# Task 6
def upload_with_heartbeat(work, beats, interval):
    """Run a heartbeat beside ``threaded_upload(work)``; return (result, longest gap)."""
    # BEGIN PROMPT
    # TODO: run {"heartbeat": heartbeat(...), "upload": threaded_upload(work)} with your
    # run_with_sleeps on the real clock (time.perf_counter, real_wait_until); return the
    # upload's result and longest_gap of the heartbeat's stamps.
    # END PROMPT
    stamps = []
    results = run_with_sleeps(
        {
            "heartbeat": heartbeat(stamps, beats, interval, clock=time.perf_counter),
            "upload": threaded_upload(work),
        },
        clock=time.perf_counter,
        wait_until=real_wait_until,
    )
    return results["upload"], longest_gap(stamps)
