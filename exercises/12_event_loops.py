"""Topic 12: event loops.

Every ``asyncio.run(main())`` so far hid an event loop: an object with a queue of callbacks
that are ready to run and a heap of timers. It runs the ready callbacks one at a time, on one
thread; when none is ready it sleeps in the operating system's ``select`` until the next
timer is due or a socket has data. Tasks are built on top of it: each step of a coroutine,
up to its next ``await``, is one callback. Here you drive a loop by hand, the way
``asyncio.run`` does underneath, so that loop code in older programs (the seed's included)
no longer looks like magic, and you can tell which of its calls are traps.

The parts:

- ``asyncio.new_event_loop()`` makes a loop. Nothing runs yet.
- ``loop.run_until_complete(coro)`` runs the loop until that coroutine (or future) is done,
  then returns its result, or raises its exception.
- ``loop.run_forever()`` runs the loop until something calls ``loop.stop()``. While it runs,
  your code is stuck inside ``run_forever``, so that something must be a callback (or a
  task) on the loop itself. ``stop()`` lets the current turn finish, then ``run_forever``
  returns.
- ``loop.call_soon(f, *args)`` runs ``f(*args)`` at the loop's next turn,
  ``loop.call_later(delay, f, *args)`` ``delay`` seconds from now, and
  ``loop.call_at(when, f, *args)`` when ``loop.time()`` reaches ``when``. ``loop.time()``
  is the loop's own monotonic clock, with an arbitrary origin: it is neither ``time.time()``
  nor ``time.monotonic()``, so give ``call_at`` only times computed from ``loop.time()``.
  Each returns a handle whose ``cancel()`` takes the call back.
- ``loop.close()`` releases the loop's selector and file descriptors. A closed loop cannot
  run again; a loop never closed leaks them (Python warns "unclosed event loop"). Close it
  in a ``finally``, so that an exception cannot skip it.
- ``asyncio.Runner`` (3.11+) is the modern wrapper: ``with asyncio.Runner() as runner:``
  then ``runner.run(coro)`` as many times as you like, all on one loop. Leaving the
  ``with`` block cancels the tasks still running, finishes async generators, shuts the
  default executor down and closes the loop. ``loop_factory=`` chooses the loop (uvloop, or
  a test's virtual-clock loop). ``asyncio.run(coro)`` is a Runner used once.

What the seed showed. In its introToLoops section the author looked at three calls only:
``loop.run_until_complete(future)``, ``loop.run_forever()`` and ``loop.stop()``. Its
futures.py takes ``asyncio.get_event_loop()``, creates tasks on it and calls
``loop.run_forever()`` from inside a coroutine that is already running on that same loop.
That raises ``RuntimeError: This event loop is already running``: the coroutine calling
``run_forever`` is itself the callback the loop is running right now, and a loop cannot
start again underneath its own callback. ``run_forever`` and ``run_until_complete`` are for
synchronous code, outside any loop. Inside a coroutine you are already on the loop: start
tasks and await them (topic 05).

Why ``get_event_loop()`` is not the way. It is older than ``asyncio.run``. Called with no
loop running, it returns a "current loop" stored for the thread; when there is none, it
quietly makes and stores one in the main thread (unless something has already set or unset
the current loop: then it raises), and raises in other threads. That hidden loop is shared
by every caller in the thread and owned by nobody, so nobody closes it; and once somebody
does, the next ``get_event_loop()`` hands out the closed loop and the next run fails with
"Event loop is closed". Since 3.12 the call warns when there is no current loop
(``DeprecationWarning: There is no current event loop``), and since 3.14 it raises
``RuntimeError`` instead of making one. In synchronous code make a loop you own
(``asyncio.run``, a ``Runner``, or ``new_event_loop`` and ``close``); inside a coroutine,
``asyncio.get_running_loop()`` returns the loop running you and never makes one.

The grader's ``asyncio.new_event_loop()`` (which ``Runner`` and ``asyncio.run`` call too)
hands you a loop on a virtual clock: when nothing is ready, its clock jumps straight to the
next timer, so ``call_later(1, ...)`` costs no real time while ``loop.time()`` still moves
by exactly 1.0. Make your loops with ``asyncio.new_event_loop()``, not by naming a loop
class, and close every loop you make. Leave the thread's current loop as you found it: if
you make a loop current with ``asyncio.set_event_loop(loop)``, set it back with
``asyncio.set_event_loop(None)`` before you return, as ``asyncio.run`` does; a closed loop
left current is what the next ``get_event_loop()`` in that thread hands out.

Task 1. ``run_once(coro)``: by hand, run the coroutine ``coro`` to its end on a new loop
        made with ``new_event_loop()`` (``run_until_complete`` runs it to its end) and
        return its result. Close the loop
        whatever happens: when ``coro`` raises, its exception goes to the caller and the
        loop is closed all the same. Not ``asyncio.run``: that is what you are rebuilding.
Task 2. ``countdown(start, interval, say)``: a program made of callbacks only, no
        coroutines. On a new loop, ``say(start)`` runs at once (``call_soon`` does that),
        ``say(start - 1)`` ``interval`` seconds later (``call_later``), and so on down to
        ``say(0)``; the loop stops as soon as 0 is said (the callback that says 0 can call
        ``loop.stop()``). Run the loop with ``loop.run_forever()``, and close it when that
        returns.
Task 3. ``metronome(beats, interval, on_beat)``: on a new loop, call ``on_beat(0)`` at once,
        ``on_beat(1)`` ``interval`` seconds after the start, and so on up to ``on_beat(beats -
        1)`` at ``start + (beats - 1) * interval``; stop the loop with that last beat and close
        it. ``on_beat`` takes a while (the grader's takes 0.3 s of loop time per call), so
        scheduling each next beat with ``call_later(interval, ...)`` from inside a beat drifts:
        every beat starts late by the work of all the beats before it. Read ``start =
        loop.time()`` once and schedule beat ``i`` for ``start + i * interval`` on the loop's
        clock (``loop.call_at(start + i * interval, ...)`` does it): the beats stay on the grid.
        With ``beats`` 0 there is no beat to call: return at once.
Task 4. ``run_steps(steps, loop_factory=None)``: ``steps`` is a list of async functions
        taking no arguments. Run them one after another from synchronous code and return
        their results as a list. They share things that belong to one loop (a task that a
        step starts, a later step awaits), so every step must run on the same loop: use one
        ``asyncio.Runner(loop_factory=loop_factory)`` for all of them, closed at the end
        even when a step fails (its exception goes to the caller; later steps do not run).
        This task is about the Runner: a loop you make and drive yourself (with
        ``new_event_loop()`` and ``run_until_complete``) is refused here. The version given
        to you calls ``asyncio.run`` for each step, which makes a new loop each time. Fix it.
Task 5. ``run_report(make_report)``: the version given to you is the seed's pattern,
        ``loop = asyncio.get_event_loop()`` then
        ``return loop.run_until_complete(make_report())``. It warns on 3.12 and 3.13, fails
        on 3.14, and never closes the loop. Rewrite it without ``get_event_loop()``, so that
        every call runs ``make_report()`` on a loop of its own and leaves that loop closed,
        also when ``make_report()`` raises (its exception goes to the caller). It must work
        when called again and again.

Every top-level function leaves the lists, dicts and sets it is given as they were,
unless its task says otherwise.

Calls share nothing through the module: while they run and once they are done, the module's
globals, its classes' attributes and the default values of its functions' parameters hold what
they held before (a set may keep running tasks alive meanwhile), unless a task says otherwise.

No function sets a limit its task does not give: no timeout of its own (``asyncio.timeout``,
``asyncio.wait_for``, a ``timeout=`` argument) and no cap on how many things run at once, how
many steps they take or how much data they handle. It waits as long as the work takes.
"""

import asyncio


# Task 1
def run_once(coro):
    """Run ``coro`` on a new loop, by hand, and close the loop whatever happens."""
    # TODO: make a loop with asyncio.new_event_loop(), run coro with loop.run_until_complete
    # and return its result; close the loop in a finally.
    raise NotImplementedError("task 1: write run_once")


# Task 2
def countdown(start, interval, say):
    """Say ``start``, ``start - 1``, ... ``0``, one every ``interval`` seconds, by callbacks."""
    # TODO: on a new loop, call_soon a callback that says a number and either schedules the
    # next one with call_later or, after saying 0, calls loop.stop(). Then loop.run_forever()
    # and close the loop.
    raise NotImplementedError("task 2: write countdown")


# Task 3
def metronome(beats, interval, on_beat):
    """Call ``on_beat(i)`` at ``start + i * interval`` for each beat, without drifting."""
    # TODO: on a new loop, read start = loop.time() once, schedule every beat with
    # loop.call_at(start + i * interval, ...), stop the loop after the last beat, close it.
    raise NotImplementedError("task 3: write metronome")


# Task 4
def run_steps(steps, loop_factory=None):
    """Run every step on one Runner's loop, one after another; return their results."""
    # TODO: asyncio.run makes a new loop for every step, so what one step starts is gone by
    # the next. Use one asyncio.Runner(loop_factory=loop_factory) for all the steps, in a
    # with block.
    return [asyncio.run(step()) for step in steps]


# Task 5
def run_report(make_report):
    """Run ``make_report()`` on a loop of its own, closed afterwards."""
    # TODO: the seed's pattern: get_event_loop() warns (3.12+), fails (3.14+) and the loop
    # is never closed. Run make_report() on a fresh loop that gets closed.
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(make_report())
