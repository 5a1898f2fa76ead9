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
    # BEGIN PROMPT
    # TODO: open a connection with asyncio.open_connection(*address); send b"GET <key>\n"
    # and drain; read one line. Close the connection in a finally (writer.close(), then
    # await writer.wait_closed()). Return the text after "OK "; raise FetchError on any
    # other line: "ERR ...", an empty line (the server hung up), a line that is not UTF-8
    # text, or anything else.
    # END PROMPT
    reader, writer = await asyncio.open_connection(*address)
    try:
        writer.write(f"GET {key}\n".encode())
        await writer.drain()
        answer = await reader.readline()
    finally:
        # Runs on a value, on an error and on cancellation (a timeout is one): the
        # connection is closed whichever way the call ends.
        writer.close()
        await writer.wait_closed()
    try:
        line = answer.decode().rstrip("\n")
    except UnicodeDecodeError:
        raise FetchError(f"{key}: an answer that is not UTF-8 text") from None
    if line.startswith("OK "):
        return line.removeprefix("OK ")
    if line.startswith("ERR"):
        raise FetchError(f"{key}: {line.removeprefix('ERR').strip()}")
    if not line:
        raise FetchError(f"{key}: the server hung up without answering")
    # Neither OK nor ERR: an answer we cannot read is no value.
    raise FetchError(f"{key}: unexpected answer {line!r}")


# Task 2
async def fetch_many(address, keys):
    """Fetch every key at once; the values come back in the order of ``keys``."""
    # BEGIN PROMPT
    # TODO: run fetch_one for every key at the same time; return the values in key order.
    # END PROMPT
    return await asyncio.gather(*(fetch_one(address, key) for key in keys))


# Task 3
async def fetch_capped(address, keys, limit):
    """Fetch every key, ``limit`` at a time, starting the next one as soon as a slot frees."""
    # BEGIN PROMPT
    # TODO: like fetch_many, but with one asyncio.Semaphore(limit), shared by all the
    # fetches, held around each fetch_one.
    # END PROMPT
    slots = asyncio.Semaphore(limit)  # one semaphore shared by every fetch

    async def capped(key):
        async with slots:
            return await fetch_one(address, key)

    return await asyncio.gather(*(capped(key) for key in keys))


# Task 4
async def fetch_settled(address, keys, timeout):
    """Fetch every key at once, each within ``timeout``; return values or exceptions."""
    # BEGIN PROMPT
    # TODO: give each fetch_one its own asyncio.timeout(timeout); run them all at once and
    # return, in key order, each value or the exception that ended it
    # (gather(..., return_exceptions=True) does that).
    # END PROMPT

    async def within(key):
        # A timeout of its own for each key: a silent one cannot hold up the rest.
        async with asyncio.timeout(timeout):
            return await fetch_one(address, key)

    return await asyncio.gather(*(within(key) for key in keys), return_exceptions=True)


# Task 5
async def fetch_with_retries(address, key, attempts, backoff):
    """Try ``fetch_one`` up to ``attempts`` times, waiting longer after each failure."""
    # BEGIN PROMPT
    # TODO: call fetch_one; on FetchError, sleep backoff * 2 ** n (n = 0, 1, 2...) and try
    # again. After the last attempt, re-raise its FetchError at once.
    # END PROMPT
    for attempt in range(attempts):
        try:
            return await fetch_one(address, key)
        except FetchError:
            if attempt == attempts - 1:
                raise  # the last attempt failed: report it now, no more waiting
        await asyncio.sleep(backoff * 2**attempt)
    raise ValueError("attempts must be at least 1")


# Task 6
class Fetcher:
    """A fetcher with a concurrency cap, timeouts, retries and a clean shutdown."""

    def __init__(self, address, *, limit, timeout, attempts=1, backoff=0.0):
        self.address = address
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        # BEGIN PROMPT
        # TODO: a Semaphore of `limit` slots, a set for the running fetch tasks, a flag for
        # "closed".
        # END PROMPT
        self._slots = asyncio.Semaphore(limit)
        self._tasks = set()  # strong references to the fetches not finished yet
        self._closed = False

    def submit(self, key):
        """Start fetching ``key`` as a task and return the task."""
        # BEGIN PROMPT
        # TODO: refuse (RuntimeError) once closed; start self._fetch(key) with
        # asyncio.create_task, keep the task in the set until it is done, return it.
        # END PROMPT
        if self._closed:
            raise RuntimeError("this Fetcher is closed")
        fetching = asyncio.create_task(self._fetch(key))
        self._tasks.add(fetching)
        fetching.add_done_callback(self._tasks.discard)
        return fetching

    async def _fetch(self, key):
        # BEGIN PROMPT
        # TODO: take a slot, then run fetch_with_retries within self.timeout seconds.
        # END PROMPT
        async with self._slots:
            # The clock starts once the slot is ours: waiting in line is not the server's fault.
            async with asyncio.timeout(self.timeout):
                return await fetch_with_retries(self.address, key, self.attempts, self.backoff)

    async def aclose(self):
        """Refuse new work, cancel what is running and wait until it has all ended."""
        # BEGIN PROMPT
        # TODO: mark the fetcher closed, cancel every unfinished fetch task, then await
        # them all (their exceptions and cancellations are expected: do not let them out).
        # END PROMPT
        self._closed = True
        pending = list(self._tasks)
        for fetching in pending:
            fetching.cancel()
        # Waiting is what makes the shutdown clean: each fetch runs its finally (closing
        # its connection) before aclose returns.
        await asyncio.gather(*pending, return_exceptions=True)

    async def __aenter__(self):
        # BEGIN PROMPT
        # TODO: return the fetcher itself.
        # END PROMPT
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        # BEGIN PROMPT
        # TODO: close the fetcher; return False so that an exception in the block goes on.
        # END PROMPT
        await self.aclose()
        return False  # never hide the block's exception


# Task 7
async def fetch_all(address, keys, *, limit, timeout, attempts, backoff):
    """Fetch every key through a Fetcher; one outcome per key, in the order of ``keys``."""
    # BEGIN PROMPT
    # TODO: async with a Fetcher made with these options: submit every key, then gather the
    # tasks with return_exceptions=True.
    # END PROMPT
    async with Fetcher(
        address, limit=limit, timeout=timeout, attempts=attempts, backoff=backoff
    ) as fetcher:
        fetches = [fetcher.submit(key) for key in keys]
        return await asyncio.gather(*fetches, return_exceptions=True)
