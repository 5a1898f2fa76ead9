"""Topic 17: capstone, a careful fetcher.

You build the client side of a small service: a fetcher that asks a server on this very
machine (the loopback address 127.0.0.1) for values by key, many at a time, without
overloading it, retrying when it stumbles, giving up on it when it goes quiet, and shutting
down without leaving anything behind. Every client of a real service needs these four
things, and you build them from the earlier topics: tasks and ``gather``, a ``Semaphore``,
``asyncio.timeout``, cancellation with cleanup in ``finally``, an ``async with`` resource.

The seed tutorial stopped at the door: its README lists a networking folder "for later",
with one note, that streams send and receive over a connection without callbacks, and a
pointer to ``create_server``. This topic goes through that door with streams
(``asyncio.open_connection``). The grader runs the server, on a port of its own choosing,
and makes it slow, flaky or silent at will; it sees every request you send, how many are
in flight at once and which connections you leave open. Real sockets run on the real
clock, so these tests take real (if short) time.

The protocol, one request per connection:

- connect to ``address``, a ``(host, port)`` tuple: ``asyncio.open_connection(*address)``;
- send one line, ``GET <key>`` and a newline, encoded as UTF-8;
- read one line back, UTF-8 text under 64 KiB (``readline()``'s own limit): ``OK <value>``
  (the value is everything after ``OK ``, without the newline), or ``ERR <reason>``; the
  server may also hang up without a word (you read an empty line), or, when it is silent,
  say nothing at all and keep the connection open;
- close the connection: ``writer.close()`` then ``await writer.wait_closed()``.

An ``ERR`` answer, a hang-up and any other line that is not ``OK <value>`` are all
reported by raising ``FetchError`` (given below): never take an answer you cannot read for
a value.

Task 1. ``fetch_one(address, key)``: fetch one value, as above, and return it. Raise
        ``FetchError`` on ``ERR``, a hang-up or any other answer that is not ``OK <value>``.
        Close the connection however the call ends: with a value, with an error, or
        cancelled (a ``finally`` does all three).
Task 2. ``fetch_many(address, keys)``: fetch every key at once and return the values as a
        list, in the order of ``keys``, whichever answer comes first. A refused key's
        ``FetchError`` goes on to the caller (as it is, or in a ``TaskGroup``'s
        ``ExceptionGroup``): no value stands in for it.
Task 3. ``fetch_capped(address, keys, limit)``: the same, but never more than ``limit``
        requests in flight; and not fewer either while keys wait: as soon as one request
        ends, the next key starts (an ``asyncio.Semaphore`` does exactly this; batches of
        ``limit`` do not, since a batch waits for its slowest member). Two calls at once are
        capped separately, each by its own ``limit``.
Task 4. ``fetch_settled(address, keys, timeout)``: fetch every key at once, each within
        ``timeout`` seconds of its own, and return a list with one outcome per key, in
        order: the value, or the exception that ended that fetch (a ``TimeoutError`` for a
        key the server never answered, a ``FetchError`` for a refusal). A silent key must
        not hold up the others, and its connection must be closed when it is given up.
Task 5. ``fetch_with_retries(address, key, attempts, backoff)``: call ``fetch_one``; when
        it raises ``FetchError``, wait and try again: ``backoff`` seconds before the second
        attempt, twice that before the third, four times before the fourth, and so on (an
        exponential backoff). Make at most ``attempts`` attempts in all; if the last one
        fails too, raise its ``FetchError`` at once, without waiting again. Only a
        ``FetchError`` is retried: any other exception goes on at once. Two calls at once
        each count and space only their own attempts.
Task 6. ``Fetcher(address, *, limit, timeout, attempts=1, backoff=0.0)``: the service
        client, an object that can be shut down cleanly.
        ``fetcher.submit(key)`` starts the fetch of ``key`` as a task and returns the task.
        Each fetch waits for one of ``limit`` slots (shared by every fetch of this
        fetcher), then runs ``fetch_with_retries``, with the fetcher's ``attempts`` and
        ``backoff``, within ``timeout`` seconds in all, its retries included (counted from
        when it got its slot, not from when it was submitted). A timed-out key is therefore
        not retried: it ends in ``TimeoutError``.
        ``await fetcher.aclose()`` shuts it down: ``submit`` raises ``RuntimeError`` from
        then on, every fetch not finished yet is cancelled, and ``aclose`` returns only
        when they have all ended and closed their connections. Calling it twice is fine.
        ``async with Fetcher(...) as fetcher:`` gives the fetcher and closes it when the
        block ends, however it ends, without hiding an exception raised in the block.
Task 7. ``fetch_all(address, keys, *, limit, timeout, attempts, backoff)``: the whole
        service under load: open a ``Fetcher`` with ``async with``, submit every key, and
        return one outcome per key in the order of ``keys``, as in task 4. The grader
        sends a mix of quick, slow, flaky, broken and silent keys, and checks that exactly
        ``limit`` requests are in flight at the busiest moment, that each key gets the
        attempts it needs and no more, that a silent key ends in ``TimeoutError`` while the
        rest go on, that keys waiting their turn for a slot do not time out, and that
        nothing is left open or running when it returns.

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


class FetchError(Exception):
    """A request failed: ``ERR <reason>``, a hang-up, or any answer but ``OK <value>``."""


# Task 1
async def fetch_one(address, key):
    """Send ``GET key`` on a new connection and return the value the server answers."""
    # TODO: open a connection with asyncio.open_connection(*address); send b"GET <key>\n"
    # and drain; read one line. Close the connection in a finally (writer.close(), then
    # await writer.wait_closed()). Return the text after "OK "; raise FetchError on any
    # other line: "ERR ...", an empty line (the server hung up), a line that is not UTF-8
    # text, or anything else.
    raise NotImplementedError("task 1: write fetch_one")


# Task 2
async def fetch_many(address, keys):
    """Fetch every key at once; the values come back in the order of ``keys``."""
    # TODO: run fetch_one for every key at the same time; return the values in key order.
    raise NotImplementedError("task 2: write fetch_many")


# Task 3
async def fetch_capped(address, keys, limit):
    """Fetch every key, ``limit`` at a time, starting the next one as soon as a slot frees."""
    # TODO: like fetch_many, but with one asyncio.Semaphore(limit), shared by all the
    # fetches, held around each fetch_one.
    raise NotImplementedError("task 3: write fetch_capped")


# Task 4
async def fetch_settled(address, keys, timeout):
    """Fetch every key at once, each within ``timeout``; return values or exceptions."""
    # TODO: give each fetch_one its own asyncio.timeout(timeout); run them all at once and
    # return, in key order, each value or the exception that ended it
    # (gather(..., return_exceptions=True) does that).
    raise NotImplementedError("task 4: write fetch_settled")


# Task 5
async def fetch_with_retries(address, key, attempts, backoff):
    """Try ``fetch_one`` up to ``attempts`` times, waiting longer after each failure."""
    # TODO: call fetch_one; on FetchError, sleep backoff * 2 ** n (n = 0, 1, 2...) and try
    # again. After the last attempt, re-raise its FetchError at once.
    raise NotImplementedError("task 5: write fetch_with_retries")


# Task 6
class Fetcher:
    """A fetcher with a concurrency cap, timeouts, retries and a clean shutdown."""

    def __init__(self, address, *, limit, timeout, attempts=1, backoff=0.0):
        self.address = address
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        # TODO: a Semaphore of `limit` slots, a set for the running fetch tasks, a flag for
        # "closed".

    def submit(self, key):
        """Start fetching ``key`` as a task and return the task."""
        # TODO: refuse (RuntimeError) once closed; start self._fetch(key) with
        # asyncio.create_task, keep the task in the set until it is done, return it.
        raise NotImplementedError("task 6: write Fetcher.submit")

    async def _fetch(self, key):
        # TODO: take a slot, then run fetch_with_retries within self.timeout seconds.
        raise NotImplementedError("task 6: write Fetcher._fetch")

    async def aclose(self):
        """Refuse new work, cancel what is running and wait until it has all ended."""
        # TODO: mark the fetcher closed, cancel every unfinished fetch task, then await
        # them all (their exceptions and cancellations are expected: do not let them out).
        raise NotImplementedError("task 6: write Fetcher.aclose")

    async def __aenter__(self):
        # TODO: return the fetcher itself.
        raise NotImplementedError("task 6: write Fetcher.__aenter__")

    async def __aexit__(self, exc_type, exc, traceback):
        # TODO: close the fetcher; return False so that an exception in the block goes on.
        raise NotImplementedError("task 6: write Fetcher.__aexit__")


# Task 7
async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    """Fetch every key through a Fetcher; one outcome per key, in the order of ``keys``."""
    # TODO: async with a Fetcher made with these options: submit every key, then gather the
    # tasks with return_exceptions=True.
    raise NotImplementedError("task 7: write fetch_all")
