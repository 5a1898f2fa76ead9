"""The learner's functions run with a look at them while they are suspended.

A generator between two ``yield``s, a coroutine waiting at an ``await``: another call could
run right then, and see whatever the first one left in the module (the course's rule that
calls share nothing through the module, ``rules.SHARED_STATE``). :func:`watching` wraps a
function so that each call starts with ``look = begin()`` (what is there when it starts), and
``look()`` is called while it is suspended: at its first suspensions, then ever more rarely
(the 1st to 4th, the 6th, 8th, 12th, 16th, 24th, ...), so that a generator a test drives
150,000 steps is looked at some 30 times.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, Generator


def watching(function: Callable, begin: Callable[[], Callable[[], None]]) -> Callable:
    """``function``, each call starting with ``look = begin()`` and calling ``look()`` while
    it is suspended; anything but a generator, coroutine or async generator function is
    handed back as it is."""
    if inspect.isasyncgenfunction(function):

        @functools.wraps(function)
        async def watched(*args, **kwargs):
            look = begin()
            inner = function(*args, **kwargs)
            step, count = inner.asend(None), 0
            while True:
                try:
                    value = await step
                except StopAsyncIteration:
                    return
                count += 1
                if looked_at(count):
                    look()
                try:
                    sent = yield value
                except GeneratorExit:
                    await inner.aclose()
                    raise
                except BaseException as error:
                    step = inner.athrow(error)
                else:
                    step = inner.asend(sent)

    elif inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def watched(*args, **kwargs):
            look = begin()
            return (yield from _stepped(function(*args, **kwargs), look))

    elif inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def watched(*args, **kwargs):
            look = begin()
            return await _awaited(function(*args, **kwargs), look)

    else:
        return function
    return watched


def looked_at(count: int) -> bool:
    """Whether the ``count``-th suspension is looked at: 1 to 4, then 2**k and 3 * 2**k."""
    if count <= 4:
        return True
    base = count // 3 if count % 3 == 0 else count
    return base & (base - 1) == 0


def _stepped(inner, look: Callable[[], None]) -> Generator:
    """``yield from inner``, spelt out, with ``look()`` at the suspensions looked at."""
    count = 0
    try:
        value = inner.send(None)
    except StopIteration as stop:
        return stop.value
    while True:
        count += 1
        if looked_at(count):
            look()
        try:
            sent = yield value
        except GeneratorExit:
            inner.close()
            raise
        except BaseException as error:
            try:
                value = inner.throw(error)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                value = inner.send(sent)
            except StopIteration as stop:
                return stop.value


@types.coroutine
def _awaited(coroutine, look: Callable[[], None]) -> Generator:
    """``await coroutine``, with ``look()`` at the suspensions looked at."""
    return (yield from _stepped(coroutine, look))
