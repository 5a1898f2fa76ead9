"""Topic 13: async iteration and context managers.

Real programs talk to resources: an API that hands its results out a page at a time, a pool
of database connections that must be given back, a stream that must be closed. In asyncio,
getting the next item and giving a resource back both have to wait, so Python has async
versions of iteration (``async for``, driven by ``__aiter__`` and ``__anext__``) and of
context managers (``async with``, driven by ``__aenter__`` and ``__aexit__``).

The seed tutorial starts from generators (``yield``, ``next``, ``StopIteration``) and then
moves to ``async``/``await``, but it never puts the two together: it has no async generator,
no ``async for`` and no ``async with``. This topic joins the two halves.

Three facts to keep in mind:

- An async generator (an ``async def`` with a ``yield`` in it) runs only when someone asks
  for the next item, and it may ``await`` between items.
- A ``finally`` (or an ``async with``) inside an async generator is how it cleans up, but
  when its consumer stops early with ``break``, the generator is left paused at its
  ``yield``. A plain generator is closed at once when the last reference goes; an async one
  cannot be, because its cleanup may need to ``await``. asyncio's hooks schedule its
  ``aclose()`` as a task for later, or at the loop's shutdown: the cleanup is left to the
  garbage collector. ``contextlib.aclosing`` closes it on the spot instead.
- ``__aexit__`` receives the exception raised inside the ``async with`` block, if any.
  Returning a true value swallows it. A ``CancelledError`` is a ``BaseException``, so an
  ``except Exception`` does not see it: release resources in ``finally``. Release only what
  you acquired: when ``await pool.acquire()`` itself raises or is cancelled, there is nothing
  to release, and that error goes on to the caller as it is. Acquire before the ``try``, not
  inside it.

The grader runs your code on a virtual clock: a sleep of 1 s takes no real time, but the
loop's clock still says 1 s passed, so it can tell when each item arrived.

Task 1. ``paginate(fetch_page)``: an async generator over a paginated API.
        ``await fetch_page(cursor)`` returns ``(items, next_cursor)``; the first call gets
        ``cursor=None``, and ``next_cursor`` is ``None`` on the last page. Yield the items
        one by one, and fetch a page only when the consumer asks for an item past the
        previous one: with pages that take 1 s each, the first item arrives after 1 s, not
        after all the pages were fetched. A page may be empty.
Task 2. ``Countdown(start, interval)``: a class (no generator) whose instances work with
        ``async for``: ``async for n in Countdown(3, 1.0)`` sleeps 1 s and gives 3, sleeps
        1 s and gives 2, sleeps 1 s and gives 1, then ends at once (3 s in all). A start
        of 0 or less gives no number: the iteration ends at once, with no wait.
        ``__aiter__`` returns the iterator itself; ``__anext__`` is a coroutine that returns
        the next number or raises ``StopAsyncIteration`` (not ``StopIteration``) at the end,
        and keeps raising it if asked again.
Task 3. ``select(source, keep)``: ``source`` is any async iterable and ``keep`` an async
        predicate. Return, as a list, the items for which ``await keep(item)`` is true, in
        order (one async comprehension does it).
Task 4. ``Borrowed(pool)``: an async context manager class. ``async with Borrowed(pool) as
        conn`` awaits ``pool.acquire()`` on the way in and gives the connection;
        ``pool.release(conn)`` is awaited on the way out, however the block ends: normally,
        with an exception, or cancelled. The exception must go on to the caller:
        ``__aexit__`` must not return a true value.
Task 5. ``borrowed(pool)``: the same thing written as a generator with
        ``@contextlib.asynccontextmanager``. What the block raises (a ``CancelledError``
        too) is thrown into your generator at its ``yield``: release in ``finally``, and
        let the exception go on.
Task 6. ``take(source, n)``: return the first ``n`` items of the async generator
        ``source`` as a list (fewer if it ends first), without asking it for an item more
        than you need, and close it before you return, so that its cleanup has run when
        ``take`` returns: use ``contextlib.aclosing``.
Task 7. ``stream_rows(pool)``: an async generator that acquires a connection from ``pool``
        (``await pool.acquire()``) and yields ``await conn.next_row()`` until that gives
        ``None``. The connection is released (``await pool.release(conn)``) exactly once,
        however iteration ends: run to its end, closed early by its consumer, cancelled
        while waiting for a row, or stopped by an error from ``next_row()``, which goes on
        to the consumer. Two read at once each read and release only the connection they
        acquired.

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
import contextlib


# Task 1
async def paginate(fetch_page):
    """Yield every item of every page, fetching each page only when it is needed."""
    # TODO: start with cursor None; await fetch_page(cursor) to get (items, next_cursor);
    # yield each item; stop after the page whose next_cursor is None.
    raise NotImplementedError("task 1: write paginate")
    yield  # the yield makes this function an async generator; keep one in yours


# Task 2
class Countdown:
    """``async for n in Countdown(3, 1.0)`` gives 3, 2, 1, one every second."""

    def __init__(self, start, interval):
        self.next_number = start
        self.interval = interval

    def __aiter__(self):
        # TODO: an iterator returns itself here.
        raise NotImplementedError("task 2: write Countdown.__aiter__")

    async def __anext__(self):
        # TODO: at the end, raise StopAsyncIteration (before sleeping); otherwise sleep
        # self.interval with asyncio.sleep and return the next number, counting down.
        raise NotImplementedError("task 2: write Countdown.__anext__")


# Task 3
async def select(source, keep):
    """The items of ``source`` for which ``await keep(item)`` is true, as a list."""
    # TODO: return one async comprehension: async for over source, await keep(item) in it.
    raise NotImplementedError("task 3: write select")


# Task 4
class Borrowed:
    """``async with Borrowed(pool) as conn``: a connection acquired and always released."""

    def __init__(self, pool):
        self.pool = pool
        self.conn = None

    async def __aenter__(self):
        # TODO: await self.pool.acquire(), keep the connection and return it.
        raise NotImplementedError("task 4: write Borrowed.__aenter__")

    async def __aexit__(self, exc_type, exc, traceback):
        # TODO: await self.pool.release(self.conn); return nothing true, so that an
        # exception raised in the block reaches the caller.
        raise NotImplementedError("task 4: write Borrowed.__aexit__")


# Task 5
@contextlib.asynccontextmanager
async def borrowed(pool):
    """``async with borrowed(pool) as conn``, written as a generator."""
    # TODO: acquire a connection, yield it, and release it in a finally.
    raise NotImplementedError("task 5: write borrowed")
    yield  # the yield makes this function an async generator; keep one in yours


# Task 6
async def take(source, n):
    """The first ``n`` items of ``source``; the generator is closed before returning."""
    # TODO: iterate inside `async with contextlib.aclosing(source)`; stop as soon as you
    # have n items (do not ask source for one more).
    raise NotImplementedError("task 6: write take")


# Task 7
async def stream_rows(pool):
    """Yield the rows of a borrowed connection; give it back however iteration ends."""
    # TODO: conn = await pool.acquire(); yield await conn.next_row() until it gives None;
    # await pool.release(conn) in a finally.
    raise NotImplementedError("task 7: write stream_rows")
    yield  # the yield makes this function an async generator; keep one in yours
