"""Topic 01: generators.

Before asyncio, there were generators, and asyncio grew out of them: a generator is a
function that can stop half way, hand a value to whoever called it, and later carry on
from exactly where it stopped, with all its local variables intact. A coroutine is the
same trick, used to wait instead of to produce values.

A function with ``yield`` anywhere in its body is a generator function. Calling it runs
none of its body: it only builds a generator object. Each ``next(gen)`` runs the body up
to the next ``yield`` and gives back the value yielded; the body is frozen there until the
next ``next``. When the body ends, ``next`` raises ``StopIteration`` (and a ``return
value`` in the body travels on that exception, as ``StopIteration.value``). A ``for`` loop
is nothing more than ``next`` called until ``StopIteration``, which it swallows.

This is lazy evaluation: a value is computed only when somebody asks for it. So a
generator can be endless (nobody asks for all of it), a pipeline of generators handles
one item at a time however long its input, and nothing is computed that is never used.
Generator expressions, ``(x * x for x in xs)``, are the one-line form, and
``itertools.islice`` takes the first few items of anything, endless or not.

The seed tutorial (generadores.py) showed ``yield``, values pulled one by one with
``next``, and iteration ending in ``StopIteration``. Here you write such generators and
then prove that they are lazy: the grader hands you sources that record every item you
pull from them, and some of them never end.

Task 1. ``countdown(n)``: a generator function yielding ``n``, ``n - 1``, ..., ``1``.
        After the last one, ``next`` raises ``StopIteration``; ``countdown(0)`` yields
        nothing, and so does a negative ``n``.
Task 2. ``collect(gen)``: drive a generator by hand: call ``next(gen)`` until it raises
        ``StopIteration``, and return a tuple ``(items, returned)``: the list of the
        values it yielded, and the value its body returned (found on the
        ``StopIteration``; ``None`` if it returned nothing). Only ``StopIteration`` ends
        it: ``0``, ``''`` or ``None`` are items like any other, and a generator that
        yields nothing gives ``([], None)``. A ``for`` loop (or ``list``) cannot give you
        that returned value.
Task 3. ``even_squares(numbers)``: return a generator expression of the squares of the
        even numbers in ``numbers`` (ints, as ``n * n`` gives), in order. Nothing may be
        pulled from ``numbers`` before the first ``next``, and each ``next`` pulls only as
        far as the next even number. (A list comprehension would compute every square at once.)
Task 4. ``fibonacci()``: an infinite generator function yielding 0, 1, 1, 2, 3, 5, 8, ...
        exactly (each the sum of the two before) and never stopping. Being lazy, it costs
        nothing until asked. Two fibonacci generators in use at once each yield the whole
        sequence.
Task 5. ``take(n, iterable)``: the first ``n`` items of ``iterable`` as a list (fewer if it
        runs out, nothing added); ``itertools.islice`` does it. It must work on an endless
        iterable, and pull exactly the items it returns: when two ``take`` calls share
        one iterator, the second carries on where the first stopped, without losing an
        item.
Task 6. ``running_total(numbers)``: the version given to you builds the whole list of
        running totals before returning anything, so it never returns on an endless input
        and computes totals nobody asked for. Make it lazy: yield each total as soon as
        its number has been pulled. Two running totals in use at once each add up only
        their own numbers.
Task 7. A pipeline of generators, each stage pulling from the one before, one item at a
        time. ``clean(lines)``: yield each line stripped of surrounding whitespace,
        skipping blank lines (empty or only whitespace) and comment lines (starting with
        ``#`` once stripped, however indented). ``parse(lines)``:
        yield ``int(line)`` for each line. ``totals(lines)``: chain
        ``clean``, ``parse`` and ``running_total`` and return the last stage, so that
        ``list(totals(["# n", "3", "", " 4 "]))`` is ``[3, 7]``, and the first total is
        given as soon as the first number line has been read.

Every top-level function leaves the lists, dicts and sets it is given as they were,
unless its task says otherwise.

Calls share nothing through the module: while they run and once they are done, the module's
globals, its classes' attributes and the default values of its functions' parameters hold what
they held before (a set may keep running tasks alive meanwhile), unless a task says otherwise.
"""

import itertools


# Task 1
def countdown(n):
    """Yield n, n - 1, ..., 1."""
    # TODO: make countdown a generator function: yield n, then n - 1, ..., down to 1.
    raise NotImplementedError("task 1: write countdown")


# Task 2
def collect(gen):
    """Drive ``gen`` with next() to its end; return (items yielded, value returned)."""
    # TODO: call next(gen) in a loop, keeping each value, until it raises StopIteration;
    # then return (items, the value carried by the StopIteration).
    raise NotImplementedError("task 2: write collect")


# Task 3
def even_squares(numbers):
    """A generator expression: the squares of the even numbers, computed on demand."""
    # TODO: return a generator expression (in parentheses) of the squares of the evens.
    raise NotImplementedError("task 3: write even_squares")


# Task 4
def fibonacci():
    """Yield the Fibonacci numbers, 0, 1, 1, 2, 3, ..., forever."""
    # TODO: keep two numbers and yield forever (while True); never return.
    raise NotImplementedError("task 4: write fibonacci")


# Task 5
def take(n, iterable):
    """The first ``n`` items of ``iterable``, as a list."""
    # TODO: return a list of the first n items (itertools.islice takes them).
    raise NotImplementedError("task 5: write take")


# Task 6
def running_total(numbers):
    """Yield the running total after each number."""
    # TODO: this builds every total before giving back any, and never ends on an endless
    # input. Make it a generator: yield each total as soon as you have it.
    result = []
    total = 0
    for number in numbers:
        total += number
        result.append(total)
    return result


# Task 7
def clean(lines):
    """Yield each line stripped, skipping blank lines and comments."""
    # TODO: yield each line stripped, unless the stripped line is empty or starts with "#".
    raise NotImplementedError("task 7: write clean")


def parse(lines):
    """Yield each line as an int."""
    # TODO: yield int(line) for each line.
    raise NotImplementedError("task 7: write parse")


def totals(lines):
    """The pipeline clean -> parse -> running_total over ``lines``."""
    # TODO: chain the three stages and return the last one.
    raise NotImplementedError("task 7: write totals")
