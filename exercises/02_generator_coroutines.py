"""Topic 02: generator coroutines.

In topic 01 values flowed out of a generator, one per ``next``. But a generator can also
take values in: ``yield`` is an expression, and ``x = yield y`` hands ``y`` out, freezes,
and when the caller runs ``gen.send(value)``, resumes with ``x`` set to ``value``.
``send`` then returns the next value the generator yields. (``next(gen)`` is
``gen.send(None)``.) A generator used this way, driven from outside, is a coroutine.

Three rules of the protocol:

- Priming. A new generator has not reached any ``yield`` yet, so there is nowhere for a
  sent value to go: ``gen.send(5)`` on a fresh generator raises ``TypeError: can't send
  non-None value to a just-started generator``. Call ``next(gen)`` once first.
- ``gen.throw(exc)`` raises ``exc`` inside the generator, at the ``yield`` where it is
  frozen. The generator may catch it and carry on (``throw`` then returns the next value
  it yields), or let it out. Pass an exception instance: the three-argument form
  ``throw(type, value, traceback)`` is deprecated since Python 3.12.
- ``gen.close()`` raises ``GeneratorExit`` at that ``yield``. The generator's ``finally``
  blocks run, so it can clean up, and then it must end: yielding again raises
  ``RuntimeError: generator ignored GeneratorExit``. Python also closes a generator that
  is garbage-collected unfinished.

``yield from sub`` delegates to another generator: everything ``sub`` yields goes out to
the caller, every ``send`` and ``throw`` from the caller goes in to ``sub``, and when
``sub`` returns, its return value becomes the value of the ``yield from`` expression.

This is where asyncio comes from. Its first version (Python 3.4) wrote coroutines as
generators with ``yield from``; ``async``/``await`` (3.5) is the same machinery under new
names, and generator-based coroutines (``@asyncio.coroutine``) were removed in 3.11. An
asyncio task still runs its coroutine with ``coro.send(None)``, and cancels it with
``coro.throw(CancelledError())``.

The seed tutorial (generadorYcorutina.py) ran three generator "tasks" round-robin with a
hand-written loop: take the first task from a list, ``next()`` it, put it back at the end
unless it raised ``StopIteration``; one task delegated part of its work with
``yield from``. Those tasks only ever received ``next()``: values flowed out, never in, and
the value a delegated generator returned was never used. Here you drive generators the
other way. (Topic 03 builds the round-robin loop.)

Task 1. ``averager()``: a coroutine giving the running average of the numbers sent to it.
        Primed with ``next``, it yields ``None``; then ``send(10)`` returns ``10.0``,
        ``send(20)`` returns ``15.0``, ``send(30)`` returns ``20.0``. Use
        ``value = yield average``. Two averagers open at once each average only their own
        numbers.
Task 2. ``primed(generator_function)``: a decorator, so that the decorated function
        returns its generator already primed (advanced to its first ``yield``). Every call
        makes a new generator; the arguments are passed through; and the decorated
        function keeps its name and docstring (``functools.wraps``).
Task 3. ``subtotal()``: a coroutine adding up the numbers sent to it. It yields nothing
        useful (``None``); when it is sent ``None``, it returns the sum, which the driver
        finds on the ``StopIteration`` that ``send`` raises. Two subtotals may be open at
        once: each adds up only its own numbers.
Task 4. ``group_totals(results)``: a coroutine that runs one ``subtotal()`` after another
        with ``yield from``, appending each one's return value to the list ``results``.
        Sending ``1, 2, None, 5, None`` to it (after priming) makes ``results`` ``[3, 5]``.
        Every value sent must reach the current ``subtotal``, and whatever it yields must
        come back out: that is what ``yield from`` does and a ``for`` loop does not. Call
        ``subtotal`` by its name: the grader swaps in a known-good one (which yields
        ``"ready 0"``, ``"ready 1"``, ...), so that this task is graded on its own.
Task 5. ``resettable_averager()``: like ``averager``, but ``throw(Reset())`` makes it
        forget every number so far: ``throw`` returns ``None`` (the average of nothing),
        and the next ``send(4)`` returns ``4.0``. Any other exception thrown in must come
        out of ``throw`` as before. Two may be open at once: each keeps its own numbers, and
        a reset of one leaves the other's alone.
Task 6. ``batcher(size, flush)``: a coroutine receiving items by ``send``; each time it
        holds ``size`` items it calls ``flush(list_of_items)``. That list is ``flush``'s
        to keep: start a new list for the next items rather than clearing it. When it is
        closed, it flushes the items still waiting (if any) before it ends: ``close()``
        must not lose data. Use ``try``/``finally``, or catch ``GeneratorExit``, but do not
        yield again. Two batchers open at once each batch only the items sent to them.

Every top-level function leaves the lists, dicts and sets it is given as they were,
unless its task says otherwise.

Calls share nothing through the module: while they run and once they are done, the module's
globals, its classes' attributes and the default values of its functions' parameters hold what
they held before (a set may keep running tasks alive meanwhile), unless a task says otherwise.
"""

import functools


# Task 1
def averager():
    """Receive numbers by send(); yield the running average (None before any number)."""
    # TODO: keep a total and a count; loop forever on `value = yield average`, updating
    # the average after each value (it is None until the first number arrives).
    raise NotImplementedError("task 1: write averager")


# Task 2
def primed(generator_function):
    """Decorate a generator function so that what it returns is already primed."""
    # TODO: return a function (wrapped with functools.wraps(generator_function)) that
    # calls generator_function with its arguments, calls next() on the generator once,
    # and returns it.
    raise NotImplementedError("task 2: write primed")


# Task 3
def subtotal():
    """Add up the numbers sent; on None, return the sum."""
    # TODO: loop on `value = yield`; add each value to a total; when value is None,
    # return the total.
    raise NotImplementedError("task 3: write subtotal")


# Task 4
def group_totals(results):
    """Run subtotal() after subtotal() with yield from; keep each one's return value."""
    while True:
        # TODO: this for loop passes subtotal's yields out, but not what is sent in, and
        # it loses subtotal's return value. Use `yield from subtotal()` instead, and append
        # the value it gives to results.
        for value in subtotal():
            yield value


# Task 5
class Reset(Exception):
    """Thrown into ``resettable_averager`` to make it start over."""


def resettable_averager():
    """Like averager; throw(Reset()) forgets every number so far."""
    # TODO: like averager, but put the yield in a try: on `except Reset`, forget the
    # total and count, and go round the loop to yield None again.
    raise NotImplementedError("task 5: write resettable_averager")


# Task 6
def batcher(size, flush):
    """Receive items by send(); flush(batch) every ``size`` items, and the rest on close()."""
    batch = []
    # TODO: close() raises GeneratorExit at the yield below, and whatever is still in
    # batch is lost. Wrap the loop in try/finally and flush what is left (if anything).
    while True:
        batch.append((yield))
        if len(batch) == size:
            flush(batch)
            batch = []
