"""Hidden tests for topic 17: capstone, a careful fetcher.

Each test runs its own line-protocol server on 127.0.0.1 (asyncio streams, on the learner's
loop): per key slow, flaky (``ERR`` or a hang-up on the first attempts) or silent. It records
every request and, on a Timeline, how many were in flight at once: from reading a request line
to writing its answer, a window inside the client's own, so a correct cap is never seen
exceeded; and, for a cap, how many connections were open at once (accepted, not yet closed by
the client), since a request lasts from connecting to closing. Sockets need the real clock:
every test that opens one is ``realtime``, with wide margins; one test of the backoff, with a
fake fetch_one and no socket, runs on the virtual clock, where each wait can be timed exactly.
"""

import asyncio
import contextlib
import inspect
import itertools
import math
import os
import warnings
from dataclasses import dataclass

import psutil
import pytest

from grader import N_, Timeline, _, check, fail, same, show, show_call, task
from grader.inside.evidence import record
from grader.inside.network import CROWD, ClosingSpy, LoopbackServer, free_port, returned_within
from grader.inside.running import (
    Leftover,
    Started,
    check_cancelled_while_waiting,
    check_no_deadline,
    check_none_left,
    peak_of,
    stop_tasks,
    task_name,
)
from grader.inside.spies import deadlines_set, within_the_limit
from grader.inside.suite import Scene, called, calling, line_end_hint

PROMISES = {
    1: {
        "fetch-one-request": (
            "fetch_one sends one line 'GET <key>' in UTF-8 and returns the value after 'OK ', "
            "decoded, without the newline"
        ),
        "fetch-one-raises-fetch-error": "an ERR answer or a hang-up raises FetchError",
        "fetch-one-refuses-other-answers": (
            "any other answer line, not 'OK <value>' (say 'OKAY x', a bare value, or bytes "
            "that are not UTF-8), raises FetchError too: it is never taken for a value"
        ),
        "fetch-one-closes": (
            "the connection is closed however the call ends (a value, an error, cancelled): "
            "close(), then await wait_closed()"
        ),
    },
    2: {
        "fetch-many-at-once": "fetch_many fetches every key at once",
        "fetch-many-in-order": (
            "it returns the values as a list in the order of keys, whichever answer comes first "
            "([] for no key)"
        ),
        "fetch-many-raises": (
            "a refused key's FetchError goes on to the caller: it is never taken for a value"
        ),
    },
    3: {
        "fetch-capped-never-above-limit": (
            "fetch_capped never has more than limit requests in flight"
        ),
        "fetch-capped-next-at-once": (
            "not fewer either while keys wait: as soon as one request ends the next key starts (no"
            " batches)"
        ),
        "fetch-capped-in-order": "it returns the values as a list in the order of keys",
        "fetch-capped-raises": (
            "a refused key's FetchError goes on to the caller: it is never taken for a value"
        ),
    },
    4: {
        "fetch-settled-own-timeouts": (
            "fetch_settled fetches every key at once, each within a timeout of its own: a silent "
            "key holds up no other, a quick one waits for no timeout"
        ),
        "fetch-settled-outcomes-in-place": (
            "it returns a list with one outcome per key, in order: the value, a TimeoutError or a "
            "FetchError"
        ),
        "fetch-settled-closes-given-up": "a silent key's connection is closed when it is given up",
    },
    5: {
        "retries-after-backoff": (
            "after a FetchError it waits backoff, then twice that, four times... before the next "
            "attempt"
        ),
        "retries-at-most-attempts": (
            "at most attempts attempts in all, and none after the first success"
        ),
        "retries-raise-the-last-error": (
            "when the last attempt fails too its FetchError is raised at once, without waiting "
            "again"
        ),
        "retries-only-fetch-errors": (
            "only a FetchError is retried: any other exception goes on at once"
        ),
    },
    6: {
        "fetcher-submit-starts-a-task": (
            "fetcher.submit(key) starts the fetch as a task and returns the task"
        ),
        "fetcher-caps-slots": (
            "each fetch waits for one of limit slots shared by every fetch of the fetcher"
        ),
        "fetcher-timeout-from-slot": (
            "a fetch's timeout starts when it got its slot, not when it was submitted"
        ),
        "fetcher-one-timeout": (
            "one timeout of timeout seconds covers a fetch and all its retries: a timed-out key is "
            "not retried, it ends in TimeoutError"
        ),
        "fetcher-aclose-cancels-and-waits": (
            "aclose makes submit raise RuntimeError, cancels every unfinished fetch and returns "
            "once all ended and closed; twice is fine"
        ),
        "fetcher-async-with": (
            "async with Fetcher(...) gives the fetcher and closes it when the block ends, without "
            "hiding the block's exception"
        ),
        "fetcher-retries": (
            "each fetch retries as fetch_with_retries does, with the fetcher's own attempts and "
            "backoff"
        ),
    },
    7: {
        "fetch-all-uses-a-fetcher": (
            "fetch_all opens a Fetcher with async with and submits every key to it"
        ),
        "fetch-all-outcomes": (
            "it returns a list with one outcome per key in order; each key gets the attempts it "
            "needs and no more"
        ),
        "fetch-all-cap": "exactly limit requests are in flight at the busiest moment",
        "fetch-all-queued-keys-wait-in-time": (
            "a silent key ends in TimeoutError while the rest go on; keys waiting for a slot do "
            "not time out"
        ),
        "fetch-all-leaves-nothing": "nothing is left open or running when it returns",
    },
}

UNIT = 0.02  # seconds of real time: the server's unit of slowness
LIMIT = 1.0  # seconds of real time before a call of the learner's counts as hung
GRACE = 0.3  # seconds the server waits for the client to close after a call returned
BACKOFF = 2 * UNIT
GATE_SECONDS = 1.0  # how long a Gate waits for the rest of its keys' requests

HUNG_UP, SILENT, BAD_REQUEST = N_("hung up"), N_("silent"), N_("bad request")  # answers
GARBLED = N_("neither OK nor ERR")  # an answer line of another shape
RAISED_INSIDE = "raised inside the block"  # the text of the error a test raises


# ---------------------------------------------------------------------------------------
# The server


@dataclass
class Plan:
    """How the server treats one key."""

    delay: float = 0.0  # seconds before answering
    failures: tuple = ()  # how the first attempts fail, one entry each: "err" or "hangup"
    silent: bool = False  # never answer; wait for the client to give up
    garbled: bytes = b""  # a line to answer instead, neither 'OK <value>' nor 'ERR <reason>'
    gate: "Gate | None" = None  # holds the answer until the gate's other keys have come too


class Gate:
    """Holds the answers to its keys until ``count`` requests have come, or ``seconds`` since
    one came (then it stays open): the peak then shows how many requests a client had in
    flight at once, however slowly its connections were made."""

    def __init__(self, count, seconds=GATE_SECONDS):
        self.count = count
        self.seconds = seconds
        self.arrived = 0
        self.opened = asyncio.Event()

    async def wait(self):
        self.arrived += 1
        if self.arrived >= self.count:
            self.opened.set()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.seconds):
                await self.opened.wait()
        self.opened.set()


@dataclass
class Connection:
    """One connection the server accepted, and the request it carried."""

    opened: float
    line: str | None = None  # the request line, without its newline
    key: str | None = None
    attempt: int = 0  # 1 for the first request for this key, 2 for the next...
    received: float | None = None
    answered: float | None = None  # when the answer (or the hang-up) was sent
    answer: str = ""  # "OK", "ERR", HUNG_UP, SILENT, GARBLED or BAD_REQUEST
    closed: float | None = None  # when the client closed its end

    @property
    def label(self) -> str:
        if self.key is None:
            return repr(self.line) if self.line is not None else _("(no request)")
        return f"GET {self.key}" + (f" #{self.attempt}" if self.attempt > 1 else "")


SPACED = "spaced"  # a key whose value begins and ends with spaces, holds 'OK ' and U+2028


LONG = "long"  # a key whose answer line is longer than one read(n) of a few KiB returns
EMPTY = "empty"  # a key whose value is '': the answer 'OK ' and a newline is a value all the same


def value_of(key):
    if key == EMPTY:
        return ""
    if key == SPACED:
        return f"  value of {key}\u2028OK  "  # U+2028 breaks no line on a stream
    if key == LONG:
        return f"value of {key} " + "0123456789" * 2_000  # 20 kB: under readline's 64 KiB
    return f"value of {key}"


def now():
    return asyncio.get_running_loop().time()


class Service:
    """A line-protocol server: ``GET <key>`` is answered ``OK value of <key>``, unless planned."""

    def __init__(self, plans=None):
        self.plans = record(dict)  # key: how the service answers it (a test may add)
        self.plans.update(plans or {})
        self.timeline = Timeline()
        self.connections: list[Connection] = record()
        self.loopback = LoopbackServer(self._serve, reraise=False)
        self.handlers = self.loopback.handlers  # the server's own tasks and writers
        self.address = None
        self.changed = asyncio.Event()
        # What `serving` caught: warnings' own list, filled by the warnings module itself.
        self._warnings = record()
        self.closing: ClosingSpy | None = None  # the StreamWriters closed, and waited for
        # How many client sockets each watched call left open when it ended.
        self.left_open = record()

    async def start(self):
        await self.loopback.start()
        self.address = self.loopback.address
        self.timeline.start_clock()

    async def _serve(self, reader, writer):
        connection = Connection(opened=now())
        self.connections.append(connection)
        try:
            await self._answer(connection, reader, writer)
            await reader.read()  # until the client closes its end
        except (ConnectionError, OSError):
            pass
        finally:
            connection.closed = now()
            self.changed.set()
            writer.close()

    async def _answer(self, connection, reader, writer):
        raw = await reader.readline()
        text = raw.decode(errors="replace")
        if not raw.endswith(b"\n"):
            connection.line, connection.answer = text or None, BAD_REQUEST
            return
        connection.line = text.rstrip("\r\n")
        verb, _space, key = connection.line.partition(" ")
        if verb != "GET" or not key:
            connection.answer = BAD_REQUEST
            writer.write(b"ERR bad request\n")
            await writer.drain()
            return
        connection.key = key  # this connection now counts among the key's attempts
        connection.attempt = len(self.attempts_of(key))
        connection.received = now()
        self.changed.set()
        plan = self.plans.get(key, Plan())
        failed = plan.failures[connection.attempt - 1 : connection.attempt]
        async with self.timeline.span(connection.label):
            span = self.timeline.spans[-1]
            if plan.gate is not None:
                await plan.gate.wait()
            await asyncio.sleep(plan.delay)
            if plan.silent:
                connection.answer = SILENT
                await reader.read()  # the client gives up and closes
            elif failed == ("hangup",):
                connection.answer = HUNG_UP
                writer.write_eof()
            elif plan.garbled:
                connection.answer = GARBLED
                writer.write(plan.garbled)
                await writer.drain()
            else:
                connection.answer = "ERR" if failed else "OK"
                answer = f"OK {value_of(key)}\n".encode()
                writer.write(b"ERR busy, try again later\n" if failed else answer)
                await writer.drain()
        connection.answered = now()
        if connection.answer != "OK":
            span.outcome = _(connection.answer)
        self.changed.set()

    def watched(self, coroutine):
        """``coroutine``, noting how many sockets connected to this server it opened and left
        open when it ended (returned, raised or was cancelled): checked whatever door it
        connected through. A connection closed but not waited for still holds its socket
        until the loop's next turn, so the look is taken in the very step the call ends."""
        if not inspect.isawaitable(coroutine):
            return coroutine
        return self._watch(coroutine)

    async def _watch(self, coroutine):
        before = client_sockets(self.address[1])
        try:
            return await coroutine
        finally:
            left = client_sockets(self.address[1]) - before
            if left:
                self.left_open.append(len(left))

    @property
    def requests(self):
        return [c for c in self.connections if c.key is not None]

    def attempts_of(self, key):
        return [c for c in self.connections if c.key == key]

    @property
    def peak(self):
        return self.timeline.peak

    def open_connections(self):
        return [c for c in self.connections if c.closed is None]

    def open_peak(self):
        """The most connections open at once, from accepting one until the client closed it."""
        ends = ((c.opened, math.inf if c.closed is None else c.closed) for c in self.connections)
        return peak_of(ends)

    def waited_on_silence(self, seconds):
        """The keys a silent plan held, their connection open ``seconds`` or more (or still)."""
        return sorted(
            {
                c.key
                for c in self.connections
                if c.answer == SILENT and (c.closed is None or c.closed - c.received >= seconds)
            }
        )

    def others(self, started):
        """The tasks started since ``started`` that still run, the server's own aside."""
        return [t for t in started.running() if t not in self.handlers.tasks]

    async def wait_until(self, condition, seconds):
        """Wait until ``condition()`` holds, for at most ``seconds``; return whether it does."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while not condition():
                    self.changed.clear()
                    await self.changed.wait()
        return condition()

    def render(self):
        title = _("what the server saw")
        if self.timeline.spans:
            text = self.timeline.render(title)
        else:
            text = _("{title}: no request.").format(title=title)
        incomplete = [c for c in self.connections if c.key is None]
        if incomplete:
            lines = ", ".join(sorted({repr(c.line) for c in incomplete if c.line is not None}))
            if lines:
                note = _(
                    "{count} connection(s) brought no complete request line 'GET <key>\\n' (it "
                    "received {lines})."
                )
            else:
                note = _("{count} connection(s) brought no complete request line 'GET <key>\\n'.")
            text += "\n  " + note.format(count=len(incomplete), lines=lines)
        return text

    def scene(self, call: str) -> Scene:
        """Messages about ``call`` that show, when asked, what the server saw."""
        return called(call, self)

    def new_scene(self) -> None:
        """From now on, draw and count only the requests still to come (another call)."""
        self.timeline = Timeline()


def client_sockets(port):
    """The inodes of this process's TCP sockets connected to ``port`` (the clients' ends of
    the connections to the server listening there; the server's own ends are bound to it)."""
    inodes = set()
    for connection in psutil.Process().net_connections(kind="tcp"):
        if connection.raddr and connection.raddr.port == port and connection.fd >= 0:
            with contextlib.suppress(OSError):
                inodes.add(os.fstat(connection.fd).st_ino)  # an fd number may be reused
    return inodes


@contextlib.asynccontextmanager
async def serving(plans=None):
    """Run a Service for the block; afterwards stop any task the learner's code left running."""
    service = Service(plans)
    await service.start()
    started = Started()
    try:
        with (
            warnings.catch_warnings(record=True) as caught,
            pytest.MonkeyPatch.context() as patch,
        ):
            # A StreamWriter thrown away unclosed says so with a ResourceWarning when it goes.
            warnings.simplefilter("always", ResourceWarning)
            service._warnings = caught
            service.closing = ClosingSpy(patch)
            yield service
    finally:
        started.cancel_scheduled()
        await stop_tasks(service.others(started))
        await service.loopback.close()


# ---------------------------------------------------------------------------------------
# Calling the learner's code and checking what it left behind


HANG_HINT = N_(
    "Check that the request ends with a newline (b'GET key\\n') and that you await "
    "writer.drain() and reader.readline()."
)
SILENCE_HINT = N_(
    "The server received the request for {keys} and never answers it, by design: give up on "
    "it after the timeout the call is given (asyncio.timeout around that fetch)."
)


async def run(call, coroutine, service, *, seconds=LIMIT, hint=None):
    """Await the learner's coroutine for at most ``seconds``; fail with a message if it hangs."""

    def hung():
        silent = service.waited_on_silence(seconds / 2)
        told = _(SILENCE_HINT).format(keys=show(silent)) if silent else _(HANG_HINT)
        return _("Called {call}. It had not returned after {seconds} s. {hint}\n{server}").format(
            call=call, seconds=f"{seconds:g}", hint=hint or told, server=service.render()
        )

    with calling(call):
        return await returned_within(coroutine, seconds, hung)


def unexpected(error, *expected):
    """Re-raise ``error`` unless it is one of ``expected``; NotImplementedError always goes on,
    so that the learner reads "Not done yet"."""
    if isinstance(error, BaseException) and not isinstance(error, expected):
        raise error
    if isinstance(error, NotImplementedError):
        raise error


CLOSE_HINT = N_(
    "Close every connection when you are done with it, `writer.close()` then "
    "`await writer.wait_closed()`, in a `finally:` so that it also happens after an error "
    "or a cancellation (a timeout cancels)."
)


SOCKETS_LEFT_OPEN = N_(
    "When it returned, {count} connection(s) it had opened still held their socket: closing "
    "was started (transport.close()) but never waited for, and the socket is let go only on "
    "the loop's next turn. Connect with asyncio.open_connection, as the statement asks, and "
    "close with writer.close(), then await writer.wait_closed(), which returns once the "
    "connection is closed."
)


NOT_STOPPED = N_("Nothing cancelled them or waited for them.")
NOTHING_LATER = N_(
    "Do all of the work in the call itself and schedule nothing to run after it: what runs "
    "then, no caller waits for or knows of."
)


async def expect_closed(call, service, *, started=None, waited=False):
    """Fail when a connection was left open, or only closed when Python threw it away; when
    ``waited``, when the learner's code closed one without awaiting wait_closed(); with
    ``started``, when tasks the call started still run."""
    await service.wait_until(lambda: not service.open_connections(), GRACE)
    still_open = service.open_connections()
    labels = ", ".join(c.label for c in still_open[:5]) + (", ..." if len(still_open) > 5 else "")
    service.scene(call).check(
        not still_open,
        _(
            "When it returned, the server still had {count} connection(s) open ({labels}): the "
            "client never closed them. {remedy}"
        ),
        draw=True,
        count=len(still_open),
        labels=labels,
        remedy=_(CLOSE_HINT),
    )
    dropped = [w for w in service._warnings if str(w.message).startswith("unclosed <StreamWriter")]
    service.scene(call).check(
        not dropped,
        _(
            "{count} connection(s) were never closed by your code: Python closed them only when "
            "it threw the unused StreamWriter away, with a ResourceWarning 'unclosed "
            "<StreamWriter ...>'. {remedy}"
        ),
        count=len(dropped),
        remedy=_(CLOSE_HINT),
    )
    if waited:
        # Every connection the learner's code made, whichever door closed it.
        made = [*service.closing.made, *service.closing.closed]
        mine = list({id(w): w for w in made if w not in service.handlers.writers}.values())
        service.closing.check_waited(call, mine)
        left = sum(service.left_open)
        service.scene(call).check(not left, _(SOCKETS_LEFT_OPEN), count=left)
    if started is not None:
        # Tasks of the call's still running, and callbacks of the code's still scheduled
        # (call_soon, call_later, a done callback): the work they start would go on after it.
        running = [Leftover(task_name(t), t.cancelling() > 0) for t in service.others(started)]
        waiting = started.scheduled()
        started.cancel_scheduled()  # none of them runs on the grader's time
        check_none_left(
            running + waiting,
            call=call,
            remedy=_(NOTHING_LATER) if waiting and not running else _(NOT_STOPPED),
        )


def as_list(result):
    return list(result) if isinstance(result, list | tuple) else result


def expect_values(call, result, keys, service):
    """Fail unless ``result`` is the list of values of ``keys``, in that order."""
    got = as_list(result)
    for item in got if isinstance(got, list) else []:
        unexpected(item, str)
    expected = [value_of(key) for key in keys]
    scene = service.scene(call)
    in_order = same(got, expected)  # exact types, each item too: no __eq__ of the code's runs
    if not in_order and type(got) is list and same(sorted(map(str, got)), sorted(expected)):
        scene.fail(
            _(
                "It returned {got}: the right values, in the order the answers came; expected "
                "them in the order of keys: {want}."
            ),
            got=show(got),
            want=show(expected),
        )
    values = {"got": show(got), "want": show(expected)}
    scene.check(in_order, _("It returned {got}; expected {want}."), draw=True, **values)
    expect_list(call, result)


def expect_list(call, result):
    """Fail unless ``result`` is a list (not a tuple or another sequence)."""
    called(call).check(
        type(result) is list,
        _("It returned {got}, a {type}; expected a list (asyncio.gather returns one)."),
        got=show(result),
        type=type(result).__name__,
    )


def expect_peak(scene, peak, limit, *, above=None, below=None):
    """Fail unless exactly ``limit`` requests were in flight at the busiest moment; ``above``
    and ``below`` say what to change when there were more, or fewer."""
    values = {"draw": True, "peak": peak, "limit": limit}
    if above is not None:
        scene.check(
            peak <= limit,
            _("{peak} requests were in flight at once; expected {limit} at most: {hint}"),
            hint=above,
            **values,
        )
    if below is None:
        text = _("At most {peak} request(s) were in flight at once; expected {limit}.")
        scene.check(peak == limit, text, **values)
    text = _("At most {peak} request(s) were in flight at once; expected {limit}: {hint}")
    scene.check(peak == limit, text, hint=below, **values)


OPEN_AT_ONCE = N_(
    "{count} connections were open at once; expected {limit} at most: a request lasts from "
    "connecting to closing, and only {limit} may be in flight. Take the slot before "
    "connecting (open_connection) and give it back only after closing the connection."
)


def expect_open_at_most(scene, service, limit):
    """Fail when more than ``limit`` connections were open at once (accepted, not yet closed)."""
    count = service.open_peak()
    scene.check(count <= limit, _(OPEN_AT_ONCE), count=count, limit=limit)


def stand_alone(monkeypatch, topic, *names, slow_close=0.0):
    """Put correct ``fetch_one`` (and ``fetch_with_retries``, ``Fetcher``) in place of the
    learner's, so that each task is graded on its own code; they raise the learner's own
    FetchError, and the Fetcher fetches with whatever ``fetch_with_retries`` is then. Returns the
    set of keys whose stand-in fetch_one has not ended (connection not yet closed). With
    ``slow_close``, a cancelled fetch_one takes that many seconds more to end, as closing a
    connection can: whoever waits for it must really wait."""
    unfinished = record(set)

    async def fetch_one(address, key):
        unfinished.add(key)
        try:
            reader, writer = await asyncio.open_connection(*address)
            try:
                writer.write(f"GET {key}\n".encode())
                await writer.drain()
                line = (await reader.readline()).decode().rstrip("\n")
            finally:
                writer.close()
                await writer.wait_closed()
                if slow_close and asyncio.current_task().cancelling():
                    await asyncio.sleep(slow_close)
        finally:
            unfinished.discard(key)
        if line.startswith("OK "):
            return line.removeprefix("OK ")
        reason = line or _("the server hung up")
        raise topic.FetchError(f"{key}: {reason}")

    async def fetch_with_retries(address, key, attempts, backoff):
        for attempt in range(attempts):
            try:
                return await topic.module.fetch_one(address, key)
            except topic.FetchError:
                if attempt == attempts - 1:
                    raise
            await asyncio.sleep(backoff * 2**attempt)

    class Fetcher:
        def __init__(self, address, *, limit, timeout, attempts=1, backoff=0.0):
            self.address, self.timeout = address, timeout
            self.attempts, self.backoff = attempts, backoff
            self.slots, self.tasks, self.closed = asyncio.Semaphore(limit), set(), False

        def submit(self, key):
            if self.closed:
                raise RuntimeError(_("This Fetcher is closed: it takes no more keys."))
            fetching = asyncio.create_task(self.fetch(key))
            self.tasks.add(fetching)
            fetching.add_done_callback(self.tasks.discard)
            return fetching

        async def fetch(self, key):
            async with self.slots, asyncio.timeout(self.timeout):
                retrying = topic.module.fetch_with_retries
                return await retrying(self.address, key, self.attempts, self.backoff)

        async def aclose(self):
            self.closed = True
            pending = list(self.tasks)
            for fetching in pending:
                fetching.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc_info):
            await self.aclose()
            return False

    stand_ins = {
        "fetch_one": fetch_one,
        "fetch_with_retries": fetch_with_retries,
        "Fetcher": Fetcher,
    }
    for name in names:
        monkeypatch.setattr(topic.module, name, stand_ins[name])
    return unfinished


def describe(outcome):
    if isinstance(outcome, BaseException):
        text = str(outcome)
        return f"{type(outcome).__name__}({text!r})" if text else f"{type(outcome).__name__}()"
    return show(outcome)


def describe_all(outcomes):
    return ", ".join(describe(outcome) for outcome in outcomes)


def kind(outcome):
    """What an outcome, or an expected one, amounts to: a value, or an exception's name."""
    if isinstance(outcome, type):
        return outcome.__name__
    if isinstance(outcome, BaseException):
        return type(outcome).__name__
    return show(outcome)


def expect_outcomes(call, result, expected, topic, service, slots=False):
    """``expected`` maps each key, in order, to a value, ``TimeoutError`` or ``FetchError``."""
    got = as_list(result)
    called(call).check(
        isinstance(got, list) and len(got) == len(expected),
        _(
            "It returned {got}; expected a list of {count} outcomes, one per key, in the order "
            "of keys."
        ),
        got=show(got),
        count=len(expected),
    )
    expect_list(call, result)
    wrong, hints = [], set()
    timeouts = sum(isinstance(outcome, TimeoutError) for outcome in got)
    if sorted(map(kind, got)) == sorted(map(kind, expected.values())):
        hints.add(
            _(
                "These are the right outcomes, in the order the fetches ended; expected them in "
                "the order of keys (gather keeps it)."
            )
        )
    for (key, want), outcome in zip(expected.items(), got, strict=True):
        unexpected(outcome, str, TimeoutError, topic.FetchError)
        if want is TimeoutError:
            fine = isinstance(outcome, TimeoutError)
            wanted = _("a TimeoutError (the server never answered)")
            if outcome is None:
                hints.add(
                    _(
                        "A fetch that was given up came back as None: was a CancelledError "
                        "caught and not re-raised?"
                    )
                )
        elif want is topic.FetchError:
            fine = isinstance(outcome, topic.FetchError)
            wanted = _("a FetchError (the server kept refusing)")
        else:
            fine, wanted = same(outcome, want), show(want)
            late = timeouts > list(expected.values()).count(TimeoutError)
            if slots and late and isinstance(outcome, TimeoutError):
                hints.add(
                    _(
                        "Keys that answer quickly timed out: was their timeout already running "
                        "while they waited for a slot? Start it once the slot is yours "
                        "(asyncio.timeout inside `async with slots:`)."
                    )
                )
        if not fine:
            line = _("for {key}: {got}, expected {want}")
            wrong.append("  " + line.format(key=show(key), got=describe(outcome), want=wanted))
    if wrong:
        text = _("Called {call}. Some outcomes were wrong:").format(call=call)
        fail("\n".join([text, *wrong, *sorted(hints), service.render()]))


# ---------------------------------------------------------------------------------------
# Task 1: fetch_one


PIECES = N_(
    "a line of {size} bytes reaches you in pieces, and read(n) returns only what has arrived, "
    "at most n bytes: read the answer with readline(), which waits for the whole line."
)


@task(1, checks=("fetch-one-request", "fetch-one-closes"), realtime=True)
@pytest.mark.parametrize("key", ["alpha", "clé", SPACED, LONG, EMPTY])
async def test_fetch_one_returns_the_value(topic, key):
    """fetch_one(address, key) sends 'GET <key>' in UTF-8, returns 'value of <key>', closes."""
    async with serving() as service:
        call = f"fetch_one({service.address!r}, {key!r})"
        scene = service.scene(call)
        want = value_of(key)
        answer, request = f"OK {want}\n".encode(), f"GET {key}\n".encode()
        values = {"want": show(want), "request": request, "answer": show(answer)}
        try:
            value = await run(call, service.watched(topic.fetch_one(service.address, key)), service)
        except topic.FetchError as error:
            answers = [c.answer for c in service.connections]
            scene.check(
                BAD_REQUEST not in answers,
                _(
                    "It raised {error}, but the server only refuses a request it cannot read: "
                    "it received {lines} and gave {answers}. Send exactly {request}."
                ),
                error=describe(error),
                lines=show([c.line for c in service.connections]),
                answers=show([_(answer) for answer in answers]),
                **values,
            )
            if key == LONG:
                scene.fail(
                    _("It raised {error}, but the server answered one line, {answer}: {pieces}"),
                    error=describe(error),
                    pieces=_(PIECES).format(size=len(answer)),
                    **values,
                )
            if key == EMPTY:
                scene.fail(
                    _(
                        "It raised {error}, but the server answered {answer}: the value is '', "
                        "and an empty value is a value all the same. Raise FetchError only for "
                        "a line that does not start with 'OK '."
                    ),
                    error=describe(error),
                    **values,
                )
            scene.fail(
                _("It raised {error}, but the server answered {answer}: return {want}."),
                error=describe(error),
                **values,
            )
        lines = [c.line for c in service.connections]
        scene.check(
            lines == [f"GET {key}"],
            _(
                "The server received the request lines {got}; expected exactly one, {line}, sent "
                "as {request}: encode the request as UTF-8 (str.encode() does by default)."
            ),
            got=show(lines),
            line=show(f"GET {key}"),
            **values,
        )
        if isinstance(value, bytes):
            hint = _("decode what you read.")
        elif isinstance(value, str) and value.startswith("OK "):
            hint = _("drop the 'OK ' in front (and the newline).")
        elif isinstance(value, str) and key == LONG and len(value) < len(want):
            hint = _(PIECES).format(size=len(answer))
        elif line_end_hint(value, want):
            hint = line_end_hint(value, want)
        elif isinstance(value, str) and value.count("OK ") < want.count("OK "):
            hint = _(
                "the value holds 'OK ' itself: remove only the 'OK ' at the start (line[3:], or "
                "removeprefix('OK ')), not every one (replace())."
            )
        else:
            hint = _("decode the answer as UTF-8, without the newline at the end.")
        scene.check(
            same(value, want),
            _(
                "The server answered {answer}. It returned {got}; expected only the value, "
                "{want}: {hint}"
            ),
            got=show(value),
            hint=hint,
            **values,
        )
        await expect_closed(call, service, waited=True)


SITUATIONS = {
    "busy": N_("the server answered b'ERR busy, try again later\\n'"),
    "gone": N_("the server hung up without answering (readline() gave b'')"),
}
GARBLED_ANSWERS = {  # key: the line the server answers, neither 'OK <value>' nor 'ERR <reason>'
    "okay": b"OKAY value of okay\n",
    "lower": b"ok value of lower\n",  # the protocol's words are in capitals: 'ok' is not 'OK'
    "bare": b"value of bare\n",
    "bytes": b"OK \xff\xfe, not UTF-8\n",  # an answer that cannot be read is no value
}


async def expect_fetch_error(topic, service, key, situation):
    """Call fetch_one for ``key``; fail unless it raises FetchError (``situation`` says why)."""
    call = f"fetch_one({service.address!r}, {key!r})"
    values = {"call": call, "situation": situation}
    try:
        value = await run(call, service.watched(topic.fetch_one(service.address, key)), service)
    except topic.FetchError:
        return
    except Exception as error:
        unexpected(error, Exception)  # NotImplementedError alone goes on
        fail(
            _(
                "Called {call}; {situation}. It raised {error}; expected FetchError, the "
                "module's own exception for a failed fetch."
            ),
            error=describe(error),
            **values,
        )
    fail(
        _("Called {call}; {situation}. It returned {got}; expected it to raise FetchError."),
        got=show(value),
        **values,
    )


@task(1, checks=("fetch-one-raises-fetch-error", "fetch-one-closes"), realtime=True)
async def test_fetch_one_raises_fetch_error_on_refusal_and_hang_up(topic):
    """fetch_one raises FetchError on ERR or a hang-up; closes after them and when cancelled."""
    plans = {"busy": Plan(failures=("err",)), "gone": Plan(failures=("hangup",))}
    async with serving(plans | {"hush": Plan(silent=True)}) as service:
        for key, situation in SITUATIONS.items():
            await expect_fetch_error(topic, service, key, _(situation))
        call = _("fetch_one(...) on 'busy' and on 'gone'")
        await expect_closed(call, service, waited=True)
        call = f"fetch_one({service.address!r}, 'hush')"
        # The learner's coroutine is the task's own: one that swallows its cancellation is
        # told by the plugin's log of tasks kept on (a wrapper would stand in for it).
        fetching = asyncio.create_task(topic.fetch_one(service.address, "hush"))
        try:
            arrived = await service.wait_until(lambda: service.attempts_of("hush"), 0.5)
            if fetching.done():
                fetching.result()  # what it raised, "not done yet" included
            service.scene(call).check(arrived, _("No request reached the server."), draw=True)
            fetching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await run(_("{call}, then cancelled it").format(call=call), fetching, service)
        finally:
            if not fetching.done():
                fetching.cancel()
                await asyncio.wait({fetching}, timeout=1.0)
        call = _("{call} and cancelled it while it waited for the answer").format(call=call)
        await expect_closed(call, service, waited=True)
        await expect_refused_as_it_is(topic, service)


async def expect_refused_as_it_is(topic, service):
    """fetch_one on a port where nothing listens: open_connection's own error comes out, not
    one of the cleanup's making (a finally closing a writer that was never made)."""
    address = ("127.0.0.1", free_port())  # nothing listens there: connecting is refused
    call = _("{call}, nothing listening there").format(call=f"fetch_one({address!r}, 'k')")
    try:
        value = await run(call, topic.fetch_one(address, "k"), service)
    except (OSError, topic.FetchError):  # a FetchError wrapping it is a choice of its own
        return
    except Exception as error:
        unexpected(error, NameError, AttributeError, TypeError)
        called(call).fail(
            _(
                "It raised {error}; expected the ConnectionRefusedError of open_connection. "
                "When connecting fails there is no connection to close: open it before the "
                "`try:`, so that the `finally:` closes only a connection that was made."
            ),
            error=describe(error),
        )
    called(call).fail(_("It returned {got}; expected ConnectionRefusedError."), got=describe(value))


@task(1, checks=("fetch-one-refuses-other-answers", "fetch-one-closes"), realtime=True)
async def test_fetch_one_takes_no_other_answer_for_a_value(topic):
    """fetch_one raises FetchError on an answer neither OK nor ERR, or not UTF-8; closes."""
    plans = {key: Plan(garbled=line) for key, line in GARBLED_ANSWERS.items()}
    async with serving(plans) as service:
        for key, line in GARBLED_ANSWERS.items():
            if line.startswith(b"OK "):
                situation = _(
                    "the server answered {line}, which is not UTF-8 text: an answer you "
                    "cannot read carries no value (catch the UnicodeDecodeError)"
                )
            elif line[:3].upper() == b"OK ":
                situation = _(
                    "the server answered {line}; only a line that starts with 'OK ', in capitals, "
                    "carries a value: 'ok' in another case is no answer of the protocol"
                )
            else:
                situation = _(
                    "the server answered {line}; only a line that starts with 'OK ' carries a value"
                )
            await expect_fetch_error(topic, service, key, situation.format(line=show(line)))
        call = _("fetch_one(...) on {keys}").format(keys=show(list(GARBLED_ANSWERS)))
        await expect_closed(call, service, waited=True)


def expect_keys_kept(call, given, keys):
    """Fail when the learner's function changed ``given``, the copy of ``keys`` it was passed."""
    check(
        same(given, keys),
        _(
            "Called {call}. Afterwards the list of keys passed to it was {got}: it changed its "
            "caller's list. Leave it as it is: go through it (or a copy, list(keys)) instead of "
            "taking keys out of it."
        ),
        call=call,
        got=show(given),
    )


def expect_one_request_per_key(call, service, keys, since=0):
    """The server got one request for each item of ``keys`` (after its ``since`` first)."""
    sent = [connection.key for connection in service.requests[since:]]
    service.scene(call).check(
        sorted(sent) == sorted(keys),
        _(
            "The server received requests for {got}; expected one for each key in keys, "
            "{want}: a repeated key is fetched again, since its value may have changed."
        ),
        got=show(sent),
        want=show(keys),
    )


# ---------------------------------------------------------------------------------------
# Task 2: fetch_many


@task(2, checks=("fetch-many-at-once", "fetch-many-in-order"), realtime=True)
async def test_fetch_many_all_at_once_in_order(topic, monkeypatch):
    """fetch_many(address, 5 keys) has all 5 requests in flight at once; values in key order."""
    stand_alone(monkeypatch, topic, "fetch_one")
    delays = {"a": 3, "b": 1.5, "c": 2.5, "d": 1, "e": 2}  # in UNITs; all overlap
    async with serving({key: Plan(delay=units * UNIT) for key, units in delays.items()}) as service:
        # A repeated key is fetched again: set(keys) loses it, whatever order a set has.
        for keys in ([], ["b", "a", "b"], list(delays)):
            call = f"fetch_many({service.address!r}, {keys!r})"
            given, before = list(keys), len(service.requests)
            service.new_scene()
            result = await run(call, topic.fetch_many(service.address, given), service)
            expect_keys_kept(call, given, keys)
            expect_values(call, result, keys, service)
            expect_one_request_per_key(call, service, keys, since=before)
        hint = _("start every fetch before awaiting any (gather, or tasks).")
        expect_peak(service.scene(call), service.peak, len(keys), below=hint)


NO_CAP = N_(
    "the statement sets no limit here: start every fetch at once, with no Semaphore, batches "
    "or pool of workers of your own."
)


async def fetch_a_crowd(topic, monkeypatch, name, *args):
    """Call ``name(address, CROWD keys, *args)`` on a server whose answers wait for every
    key's request to come: fail unless all CROWD requests were in flight at once."""
    stand_alone(monkeypatch, topic, "fetch_one")
    keys = [EMPTY] + [f"k{number}" for number in range(2, CROWD + 1)]  # '' is a value too
    gate = Gate(CROWD)
    async with serving({key: Plan(gate=gate) for key in keys}) as service:
        shown = ", ".join(repr(arg) for arg in args)
        listed = f"[{EMPTY!r}, 'k2', ... 'k{CROWD}']"
        call = f"{name}({service.address!r}, {listed}{', ' if args else ''}{shown})"
        given = list(keys)
        limit = LIMIT + 2 * GATE_SECONDS  # a cap meets the gate's wait once
        coroutine = getattr(topic, name)(service.address, given, *args)
        result = await run(call, coroutine, service, seconds=limit)
        expect_values(call, result, keys, service)
        expect_peak(service.scene(call), service.peak, CROWD, below=_(NO_CAP))


@task(2, checks=("fetch-many-at-once",), realtime=True)
async def test_fetch_many_has_no_cap_of_its_own(topic, monkeypatch):
    """fetch_many(address, 120 keys) has them all in flight at once: no cap of its own."""
    await fetch_a_crowd(topic, monkeypatch, "fetch_many")


# ---------------------------------------------------------------------------------------
# Task 3: fetch_capped

CAPPED = {  # limit: the keys with their delays in UNITs, and the peak expected
    3: ({"k0": 5} | {f"k{n}": 1 for n in range(1, 8)}, 3),  # k0's slot stays busy all along
    1: ({"x": 2, "y": 1.5, "z": 1}, 1),
    10: ({"x": 2, "y": 1.5, "z": 1}, 3),
}


@task(
    3,
    checks=("fetch-capped-never-above-limit", "fetch-capped-next-at-once", "fetch-capped-in-order"),
    realtime=True,
)
@pytest.mark.parametrize("limit", list(CAPPED))
async def test_fetch_capped_keeps_exactly_limit_in_flight(topic, monkeypatch, limit):
    """fetch_capped(address, keys, limit): limit in flight at most, a freed slot reused at once."""
    stand_alone(monkeypatch, topic, "fetch_one")
    delays, peak = CAPPED[limit]
    keys = list(delays)
    async with serving({key: Plan(delay=units * UNIT) for key, units in delays.items()}) as service:
        call = f"fetch_capped({service.address!r}, {show(keys)}, {limit})"
        given = list(keys)
        result = await run(call, topic.fetch_capped(service.address, given, limit), service)
        expect_keys_kept(call, given, keys)
        expect_values(call, result, keys, service)
        expect_peak(
            service.scene(call),
            service.peak,
            peak,
            above=_(
                "share one Semaphore among the fetches (one made inside the function each fetch "
                "runs gives every fetch its own), and hold it for the whole request, from "
                "connecting to reading the answer."
            ),
            below=_("start every fetch and let the semaphore hold back the extra ones."),
        )
        expect_open_at_most(service.scene(call), service, limit)
        if "k3" not in delays:
            return
        slow, later = service.attempts_of("k0")[0], service.attempts_of("k3")[0]
        check(
            later.received is not None and later.received < slow.answered,
            _(
                "Called {call}, where 'k0' takes {slow} s and the others {fast} s. 'k3' was "
                "only sent after 'k0' was answered, although two slots had been free for a "
                "while: batches of 3 wait for their slowest member. Start the next key as soon "
                "as any request ends (one asyncio.Semaphore(limit) around each fetch).\n{server}"
            ),
            call=call,
            slow=f"{5 * UNIT:g}",
            fast=f"{UNIT:g}",
            server=service.render(),
        )


REFUSED = "refused"  # a key the server answers 'ERR ...' (once: a retry would get a value)


async def expect_refusal_raised(topic, monkeypatch, name, *args):
    """Call ``name(address, ['a', REFUSED, 'c'], *args)`` where the server answers REFUSED with
    ``ERR``: fail unless the FetchError comes out (alone, or in an ExceptionGroup, as a
    TaskGroup raises it)."""
    stand_alone(monkeypatch, topic, "fetch_one")
    keys = ["a", REFUSED, "c"]
    async with serving({REFUSED: Plan(failures=("err",)), "a": Plan(delay=UNIT)}) as service:
        shown = "".join(f", {arg!r}" for arg in args)
        call = f"{name}({service.address!r}, {show(keys)}{shown})"
        given = list(keys)
        try:
            result = await run(call, getattr(topic, name)(service.address, given, *args), service)
        except topic.FetchError:
            return
        except BaseExceptionGroup as group:
            if group.subgroup(topic.FetchError) is None:
                raise
            return
        service.scene(call).fail(
            _(
                "The server answered {key} with 'ERR busy, try again later', and fetch_one "
                "raised FetchError for it. It returned {got}; expected that FetchError to go on "
                "to your caller: a refusal is never taken for a value, nor put in the list "
                "(gather without return_exceptions lets it out)."
            ),
            draw=True,
            key=show(REFUSED),
            got=describe(result) if isinstance(result, BaseException) else show(result),
        )


@task(2, checks=("fetch-many-raises",), realtime=True)
async def test_fetch_many_lets_a_refusal_out(topic, monkeypatch):
    """fetch_many(address, ['a', 'refused', 'c']) raises the FetchError of 'refused'."""
    await expect_refusal_raised(topic, monkeypatch, "fetch_many")


@task(3, checks=("fetch-capped-raises",), realtime=True)
async def test_fetch_capped_lets_a_refusal_out(topic, monkeypatch):
    """fetch_capped(address, ['a', 'refused', 'c'], 2) raises the FetchError of 'refused'."""
    await expect_refusal_raised(topic, monkeypatch, "fetch_capped", 2)


PAIR_LIMIT = 2  # each of two fetch_capped calls at once: 2 in flight of its own, 4 in all


@task(3, checks=("fetch-capped-next-at-once",), realtime=True)
async def test_two_fetch_capped_at_once_have_a_limit_each(topic, monkeypatch):
    """Two fetch_capped(address, three keys, 2) at once: 2 in flight each, 4 at once in all."""
    stand_alone(monkeypatch, topic, "fetch_one")
    both = 2 * PAIR_LIMIT
    sides = [[f"{side}{n}" for n in range(3)] for side in "ab"]
    gate = Gate(both)  # the answers wait until 4 requests have come (1 s at most)
    async with serving({key: Plan(gate=gate) for keys in sides for key in keys}) as service:
        call = _("two fetch_capped({address!r}, keys, {limit}) at once, keys {left} and {right}")
        call = call.format(
            address=service.address, limit=PAIR_LIMIT, left=show(sides[0]), right=show(sides[1])
        )
        calls = asyncio.gather(
            *(topic.fetch_capped(service.address, list(keys), PAIR_LIMIT) for keys in sides)
        )
        results = await run(call, calls, service, seconds=LIMIT + 2 * GATE_SECONDS)
        for result, keys in zip(results, sides, strict=True):
            expect_values(call, result, keys, service)
        expect_peak(
            service.scene(call),
            service.peak,
            both,
            above=_("hold one Semaphore(limit) per call around each fetch."),
            below=_(
                "two calls at once are capped separately, each by its own limit. Make the "
                "Semaphore inside fetch_capped, a new one for each call, not one the module "
                "keeps or shares between calls."
            ),
        )
        expect_open_at_most(service.scene(call), service, both)


class Rounds:
    """Holds every answer until ``count`` requests wait together (or ``seconds`` since the first
    of them came), then answers them all at once: a round. ``sizes`` says how many requests
    each round answered together."""

    def __init__(self, count, seconds=GATE_SECONDS):
        self.count = count
        self.seconds = seconds
        self.gates = record()  # one Gate a round: a request after it opened starts the next

    async def wait(self):
        if not self.gates or self.gates[-1].opened.is_set():
            self.gates.append(Gate(self.count, self.seconds))
        await self.gates[-1].wait()

    @property
    def sizes(self):
        return [gate.arrived for gate in self.gates]


ROUND_LIMIT, ROUNDS = 3, 2  # fetch_capped(address, 6 keys, 3) against answers given in rounds
IN_ROUNDS = N_(
    "The server answers in rounds: it holds each answer until {limit} requests are in flight "
    "(or {seconds} s have passed), then answers all of them together."
)


@task(3, checks=("fetch-capped-next-at-once",), realtime=True)
async def test_fetch_capped_refills_every_slot_freed_at_once(topic, monkeypatch):
    """fetch_capped(address, 6 keys, 3), answered 3 at a time: 3 start again at once."""
    stand_alone(monkeypatch, topic, "fetch_one")
    keys = [f"k{n}" for n in range(ROUND_LIMIT * ROUNDS)]
    rounds = Rounds(ROUND_LIMIT)
    async with serving({key: Plan(gate=rounds) for key in keys}) as service:
        call = f"fetch_capped({service.address!r}, {show(keys)}, {ROUND_LIMIT})"
        given = list(keys)
        seconds = LIMIT + len(keys) * GATE_SECONDS  # a round held short waits GATE_SECONDS
        result = await run(
            call, topic.fetch_capped(service.address, given, ROUND_LIMIT), service, seconds=seconds
        )
        expect_keys_kept(call, given, keys)
        expect_values(call, result, keys, service)
        want = [ROUND_LIMIT] * ROUNDS
        scene = Scene(
            _("Called {call}.").format(call=call)
            + " "
            + _(IN_ROUNDS).format(limit=ROUND_LIMIT, seconds=f"{GATE_SECONDS:g}"),
            service,
        )
        scene.check(
            rounds.sizes == want,
            _(
                "The rounds answered {got} requests together; expected {want}. When several "
                "requests end at once, as many keys start at once, so that {limit} are in "
                "flight again while keys wait: one asyncio.Semaphore(limit) around each fetch "
                "does it, starting one key each time asyncio.wait returns does not."
            ),
            draw=True,
            got=show(rounds.sizes),
            want=show(want),
            limit=ROUND_LIMIT,
        )


# ---------------------------------------------------------------------------------------
# Task 4: fetch_settled


LATE = 6 * UNIT  # seconds before the server answers 'late': more than 0.1, far below 1


@task(
    4,
    checks=(
        "fetch-settled-own-timeouts",
        "fetch-settled-outcomes-in-place",
        "fetch-settled-closes-given-up",
    ),
    realtime=True,
)
async def test_fetch_settled_reports_each_outcome_in_place(topic, monkeypatch):
    """fetch_settled(address, 4 keys, 0.1): a value, a TimeoutError, a FetchError, a value."""
    deadlines = deadlines_set(monkeypatch, topic, within_the_limit(1.0))
    unfinished = stand_alone(monkeypatch, topic, "fetch_one")
    timeout = 0.1  # far above what the answered keys take: only 'quiet' can time out
    plans = {
        "slow": Plan(delay=2 * UNIT),
        "quiet": Plan(silent=True),
        "refused": Plan(delay=UNIT, failures=("err",) * 9),
        "fast": Plan(delay=UNIT),
    }
    keys = list(plans)
    async with serving(plans) as service:
        call = f"fetch_settled({service.address!r}, {keys!r}, {timeout:g})"
        scene = service.scene(call)
        started = now()
        given = list(keys)
        try:
            result = await run(
                call,
                topic.fetch_settled(service.address, given, timeout),
                service,
                hint=_(
                    "'quiet' never answers: give each fetch its own timeout "
                    "(asyncio.timeout(timeout) around it)."
                ),
            )
        except (TimeoutError, topic.FetchError) as error:
            returned = _(
                "It raised {error}; expected it to return one outcome per key, with each "
                "exception in its key's place: asyncio.gather(..., return_exceptions=True) "
                "returns them instead of raising the first."
            )
            if isinstance(error, TimeoutError):
                returned += " " + _(
                    "A TimeoutError out of the whole call can also come from one timeout "
                    "around all the fetches: each key has `timeout` seconds of its own, so "
                    "put asyncio.timeout(timeout) around each fetch."
                )
            scene.fail(returned, error=describe(error))
        elapsed = now() - started
        unfinished_at_return = sorted(unfinished)
        expect_keys_kept(call, given, keys)
        expected = {
            "slow": value_of("slow"),
            "quiet": TimeoutError,
            "refused": topic.FetchError,
            "fast": value_of("fast"),
        }
        expect_outcomes(call, result, expected, topic, service)
        expect_peak(
            scene, service.peak, len(keys), below=_("a silent key must not hold up the others.")
        )
        scene.check(
            elapsed >= 0.9 * timeout,
            _(
                "It returned after {elapsed} s, before the {timeout} s timeout of 'quiet' had "
                "passed: wait for every fetch."
            ),
            elapsed=f"{elapsed:.3f}",
            timeout=f"{timeout:g}",
        )
        scene.check(
            not unfinished_at_return,
            _(
                "It returned while the fetch of {keys} was still running: it was given up "
                "(cancelled, perhaps) but its connection not yet closed. Wait for a fetch you "
                "give up to end (await it after cancel(), or let asyncio.timeout cancel it "
                "inside the awaited call) before returning."
            ),
            keys=show(unfinished_at_return),
        )
        await expect_closed(call, service)
        for keys in (["p", "q", "r"], []):  # quick keys: their values at once, not after 1 s
            call = f"fetch_settled({service.address!r}, {keys!r}, 1.0)"
            given = list(keys)
            result = await run(
                call,
                topic.fetch_settled(service.address, given, 1.0),
                service,
                seconds=0.5 if keys else LIMIT,
                hint=_("The server answered at once: the timeout is a limit, not a wait."),
            )
            expect_keys_kept(call, given, keys)
            expect_values(call, result, keys, service)
        # 'late' answers after 0.12 s: well within the 1 s it is given, too late for 0.1 s.
        service.plans["late"] = Plan(delay=LATE)
        keys = ["late", "prompt"]
        call = f"fetch_settled({service.address!r}, {keys!r}, 1.0)"
        result = await run(
            call,
            topic.fetch_settled(service.address, list(keys), 1.0),
            service,
            seconds=0.6,
            hint=_(
                "The server answered within {delay} s: the timeout is a limit, not a wait."
            ).format(delay=f"{LATE:g}"),
        )
        got = as_list(result)
        if isinstance(got, list) and any(isinstance(item, TimeoutError) for item in got):
            service.scene(call).fail(
                _(
                    "The server answered 'late' after {delay} s and 'prompt' at once. It returned "
                    "{got}: a TimeoutError before the {timeout} s it was given had passed. Give "
                    "each key asyncio.timeout(timeout), with the timeout fetch_settled is given."
                ),
                draw=True,
                delay=f"{LATE:g}",
                got=describe_all(got),
                timeout="1",
            )
        expect_values(call, result, keys, service)
    call = "fetch_settled(address, keys, timeout)"
    check_no_deadline(called(call), deadlines, "fetch_settled", ONE_TIMEOUT_PER_KEY)


@task(4, checks=("fetch-settled-own-timeouts", "fetch-settled-outcomes-in-place"), realtime=True)
async def test_fetch_settled_has_no_cap_of_its_own(topic, monkeypatch):
    """fetch_settled(address, 120 keys, 3.0) has them all in flight at once."""
    await fetch_a_crowd(topic, monkeypatch, "fetch_settled", 3.0)


# ---------------------------------------------------------------------------------------
# Task 5: fetch_with_retries


def check_backoffs(call, attempts, backoff, service):
    """Each attempt after the first came at least backoff * 2**(n-1) after the failure."""
    for number, (failed, retry) in enumerate(itertools.pairwise(attempts), 1):
        wanted = backoff * 2 ** (number - 1)
        gap = retry.received - failed.answered
        service.scene(call).check(
            gap >= 0.9 * wanted,
            _(
                "Attempt {number} reached the server {gap} s after attempt {previous} failed; "
                "expected a wait of {wanted} s first (backoff, then twice as long after each "
                "further failure: backoff * 2 ** n)."
            ),
            draw=True,
            number=number + 1,
            gap=f"{gap:.3f}",
            previous=number,
            wanted=f"{wanted:g}",
        )


RETRIED = {  # key: how its first attempts fail, the attempts allowed, the backoff
    "flaky": (("err", "hangup"), 4, BACKOFF),
    "shaky": (("err", "hangup", "err"), 4, BACKOFF),  # linear waits differ from doubling here
    "stubborn": (("err",) * 4, 6, UNIT),  # the fourth wait is 8 backoffs: no cap on doubling
    "fine": ((), 3, 1.0),
    EMPTY: (("err",), 3, 0.1),  # its value is '', a value all the same; not the others' backoff
}


@task(5, checks=("retries-after-backoff", "retries-at-most-attempts"), realtime=True)
@pytest.mark.parametrize("key", list(RETRIED))
async def test_retries_after_backoff_until_it_works(topic, monkeypatch, key):
    """fetch_with_retries retries after backoff, twice that, ...; stops at the first value."""
    stand_alone(monkeypatch, topic, "fetch_one")
    failures, allowed, backoff = RETRIED[key]
    async with serving({key: Plan(failures=failures)}) as service:
        call = f"fetch_with_retries({service.address!r}, {key!r}, {allowed}, {backoff:g})"
        scene = service.scene(call)
        started = now()
        answers = ", ".join([_(HUNG_UP) if how == "hangup" else "ERR" for how in failures] + ["OK"])
        wanted = len(failures) + 1
        try:
            value = await run(
                call,
                topic.fetch_with_retries(service.address, key, allowed, backoff),
                service,
                seconds=LIMIT if failures else 0.5,
                hint=None
                if failures
                else _("The server answered the first attempt at once: wait only after a failure."),
            )
        except topic.FetchError as error:
            if key == EMPTY:
                hint = _("'' is a value like any other: once it came, stop (no `if value:`).")
            else:
                hint = _("catch FetchError (a hang-up is one too) and try again.")
            scene.fail(
                _(
                    "The server's answers: {answers}. It raised {error} after {count} "
                    "attempt(s); expected {want} after {wanted}: {hint}"
                ),
                draw=True,
                answers=answers,
                error=describe(error),
                count=len(service.attempts_of(key)),
                want=show(value_of(key)),
                wanted=wanted,
                hint=hint,
            )
        elapsed = now() - started
        attempts = service.attempts_of(key)
        if len(attempts) < wanted:
            hint = _("catch FetchError (a hang-up is one too) and try again.")
        elif len(attempts) > wanted and key == EMPTY:
            hint = _("'' is a value like any other: once it came, stop (no `if value:`).")
        elif len(attempts) > wanted:
            hint = _("once the value came, stop.")
        else:
            hint = _("return the answer of the attempt that worked.")
        scene.check(
            len(attempts) == wanted and same(value, value_of(key)),
            _(
                "The server's answers: {answers}. It returned {got} after {count} attempt(s); "
                "expected {want} after {wanted}: {hint}"
            ),
            draw=True,
            answers=answers,
            got=describe(value),
            count=len(attempts),
            want=show(value_of(key)),
            wanted=wanted,
            hint=hint,
        )
        check_backoffs(call, attempts, backoff, service)
        waits = [backoff * 2**n for n in range(len(failures))]
        scene.check(
            not waits or elapsed < sum(waits) + 2.5 * BACKOFF,
            _(
                "It took {elapsed} s; expected about {ideal} s: wait {waits} s after each failure "
                "in turn, no longer."
            ),
            draw=True,
            elapsed=f"{elapsed:.3f}",
            ideal=f"{sum(waits):g}",
            waits=", ".join(f"{wait:g}" for wait in waits),
        )


EXACT_BACKOFF = 1.0  # seconds of virtual time: a wait 2 % longer is 20 ms over, plain to see
EXACT_FAILURES = 4  # the first 4 attempts fail: 4 waits, of 1, 2, 4 and 8 s
EXACT_SLACK = 0.002  # seconds of virtual time a wait may differ from backoff * 2 ** n
NOT_EXACT = N_(
    "Attempt {number} came {gap} s after attempt {previous} failed; expected a wait of {wanted} "
    "s, no more and no less: backoff seconds before the second attempt, twice that before the "
    "third, and so on (asyncio.sleep(backoff * 2 ** n), with nothing added or multiplied in, "
    "no random jitter)."
)
NOT_CALLED = N_(
    "fetch_one was called {count} time(s); expected {wanted}: the first {failures} attempts "
    "raised FetchError, then fetch_one returned a value. Make each attempt by calling fetch_one."
)


@task(5, checks=("retries-after-backoff",))
async def test_retries_wait_exactly_the_backoff(topic, monkeypatch):
    """fetch_with_retries(address, 'flaky', 6, 1.0) waits exactly 1, 2, 4, then 8 s."""
    loop = asyncio.get_running_loop()
    calls, failures = record(), EXACT_FAILURES

    async def fetch_one(address, key):
        calls.append(loop.time())
        await asyncio.sleep(0)
        if len(calls) <= failures:
            raise topic.FetchError(key)
        return value_of(key)

    monkeypatch.setattr(topic.module, "fetch_one", fetch_one)
    address = ("127.0.0.1", 9)
    call = f"fetch_with_retries({address!r}, 'flaky', 6, {EXACT_BACKOFF!r})"
    scene = called(call)
    value = await topic.fetch_with_retries(address, "flaky", 6, EXACT_BACKOFF)
    scene.check(
        len(calls) == failures + 1,
        _(NOT_CALLED),
        count=len(calls),
        wanted=failures + 1,
        failures=failures,
    )
    for number, (failed, retry) in enumerate(itertools.pairwise(calls), 1):
        wanted = EXACT_BACKOFF * 2 ** (number - 1)
        gap = retry - failed
        scene.check(
            abs(gap - wanted) <= EXACT_SLACK,
            _(NOT_EXACT),
            number=number + 1,
            gap=f"{gap:.3f}",
            previous=number,
            wanted=f"{wanted:g}",
        )
    want = value_of("flaky")
    text = _("It returned {got}; expected {want}.")
    scene.check(same(value, want), text, got=show(value), want=show(want))


@task(
    5,
    checks=("retries-at-most-attempts", "retries-raise-the-last-error", "retries-after-backoff"),
    realtime=True,
)
async def test_gives_up_after_the_last_attempt(topic, monkeypatch):
    """fetch_with_retries(address, 'down', 2, 0.04) tries twice, then raises FetchError."""
    stand_alone(monkeypatch, topic, "fetch_one")
    raised, stand_in = [], topic.module.fetch_one

    async def recorded_fetch_one(address, key):
        try:
            return await stand_in(address, key)
        except topic.FetchError as error:
            raised.append(error)
            raise

    monkeypatch.setattr(topic.module, "fetch_one", recorded_fetch_one)
    async with serving({"down": Plan(failures=("err",) * 9)}) as service:
        call = f"fetch_with_retries({service.address!r}, 'down', 2, {BACKOFF:g})"
        scene = service.scene(call)
        try:
            value = await run(
                call, topic.fetch_with_retries(service.address, "down", 2, BACKOFF), service
            )
        except topic.FetchError as error:
            raised_at = now()
            scene.check(
                not raised or error is raised[-1],
                _(
                    "The server answered ERR every time. It raised {error}, a FetchError of its "
                    "own; expected the last attempt's FetchError, {last}: let it go on (a bare "
                    "`raise` in the except block, after the last attempt)."
                ),
                error=describe(error),
                last=describe(raised[-1]) if raised else "",
            )
        except Exception as error:
            unexpected(error, Exception)  # NotImplementedError alone goes on
            scene.fail(
                _(
                    "The server answered ERR every time. It raised {error}; expected the last "
                    "attempt's FetchError."
                ),
                error=describe(error),
            )
        else:
            scene.fail(
                _(
                    "The server answered ERR every time. It returned {got}; expected it to raise "
                    "the last attempt's FetchError."
                ),
                got=describe(value),
            )
        attempts = service.attempts_of("down")
        scene.check(
            len(attempts) == 2,
            _(
                "The server answered ERR every time. It saw {count} attempt(s); expected 2, the "
                "number of attempts allowed (the first try counts: it is not 2 retries after "
                "the first)."
            ),
            draw=True,
            count=len(attempts),
        )
        check_backoffs(call, attempts, BACKOFF, service)
        lag = raised_at - attempts[-1].answered
        scene.check(
            lag < 2 * BACKOFF,
            _(
                "It raised {lag} s after the last attempt failed: once no attempt is left, raise "
                "at once, without a last backoff."
            ),
            lag=f"{lag:.3f}",
        )


TWO_RETRYING = N_(
    "Called fetch_with_retries(address, 'a', 4, 1.0) and fetch_with_retries(address, 'b', 4, "
    "1.0) together; fetch_one raises FetchError for the first 3 attempts at 'a' and the first "
    "one at 'b', then returns the value."
)


@task(5, checks=("shared-state",))
async def test_two_calls_at_once_retry_each_their_own_key(topic, monkeypatch):
    """Two fetch_with_retries at once: 'a' tried at 0, 1, 3 and 7 s, 'b' at 0 and 1 s."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    failures = {"a": 3, "b": 1}
    tried = {key: [] for key in failures}

    async def fetch_one(address, key):
        tried[key].append(round(loop.time() - start, 3))
        await asyncio.sleep(0)
        if len(tried[key]) <= failures[key]:
            raise topic.FetchError(key)
        return value_of(key)

    monkeypatch.setattr(topic.module, "fetch_one", fetch_one)
    address = ("127.0.0.1", 9)
    got = await asyncio.gather(
        *(topic.fetch_with_retries(address, key, 4, 1.0) for key in failures),
        return_exceptions=True,
    )
    for outcome in got:
        if isinstance(outcome, BaseException) and not isinstance(outcome, topic.FetchError):
            raise outcome
    want = [value_of(key) for key in failures]
    want_tried = {"a": [0.0, 1.0, 3.0, 7.0], "b": [0.0, 1.0]}
    Scene(_(TWO_RETRYING)).check(
        same(list(got), want) and tried == want_tried,
        _(
            "They gave {got_a} and {got_b}, 'a' tried at {tried_a} s and 'b' at {tried_b} s; "
            "expected {want_a} and {want_b}, 'a' tried at {want_tried_a} s and 'b' at "
            "{want_tried_b} s. Each call counts its own attempts and waits its own backoff: keep "
            "the count in that call, not in anything every call shares."
        ),
        got_a=describe(got[0]),
        got_b=describe(got[1]),
        tried_a=show(tried["a"]),
        tried_b=show(tried["b"]),
        want_a=describe(want[0]),
        want_b=describe(want[1]),
        want_tried_a=show(want_tried["a"]),
        want_tried_b=show(want_tried["b"]),
    )


@task(5, checks=("retries-only-fetch-errors",), realtime=True)
async def test_retries_let_other_errors_through(topic, monkeypatch):
    """fetch_with_retries on a port where nothing listens raises its OSError at once, once."""
    stand_alone(monkeypatch, topic, "fetch_one")
    calls, stand_in = [], topic.module.fetch_one

    async def counted_fetch_one(address, key):
        calls.append(key)
        return await stand_in(address, key)

    monkeypatch.setattr(topic.module, "fetch_one", counted_fetch_one)
    address = ("127.0.0.1", free_port())  # nothing listens there: connecting is refused
    backoff = 0.5  # the error must come well before one backoff; retrying takes 1.5 s
    call = _("{call}, nothing listening there").format(
        call=f"fetch_with_retries({address!r}, 'k', 3, {backoff:g})"
    )
    async with serving() as service:
        started = now()
        try:
            value = await run(
                call, topic.fetch_with_retries(address, "k", 3, backoff), service, seconds=3.0
            )
        except OSError:
            elapsed = now() - started
        else:
            called(call).fail(
                _("It returned {got}; expected ConnectionRefusedError."), got=describe(value)
            )
        called(call).check(
            len(calls) == 1 and elapsed < backoff,
            _(
                "fetch_one raised ConnectionRefusedError, which is not a FetchError; "
                "fetch_with_retries called fetch_one {count} time(s) and raised after {elapsed} "
                "s. Expected one call and the error at once: retry only on FetchError (`except "
                "FetchError:`), and let any other exception go on."
            ),
            count=len(calls),
            elapsed=f"{elapsed:.3f}",
        )


@task(5, checks=("retries-only-fetch-errors",), realtime=True)
async def test_retries_end_cancelled_when_cancelled(topic, monkeypatch):
    """fetch_with_retries cancelled while an attempt waits: it ends cancelled, with no retry."""
    stand_alone(monkeypatch, topic, "fetch_one")
    async with serving({"quiet": Plan(silent=True)}) as service:
        call = f"fetch_with_retries({service.address!r}, 'quiet', 3, {BACKOFF:g})"
        setting = _("{call}, cancelled while its first attempt waited for an answer")
        scene = service.scene(setting.format(call=call))
        fetching = asyncio.create_task(
            topic.fetch_with_retries(service.address, "quiet", 3, BACKOFF)
        )
        sent = await service.wait_until(
            lambda: service.attempts_of("quiet") or fetching.done(), LIMIT
        )
        if fetching.done():
            fetching.result()  # what it raised goes on (NotImplementedError: "not done yet")
        scene.check(sent, _("It sent no request for 'quiet' within {seconds} s."), seconds=LIMIT)
        fetching.cancel()
        await asyncio.wait({fetching}, timeout=LIMIT)
        if not fetching.done():
            outcome = _("had not ended {seconds} s later").format(seconds=f"{LIMIT:g}")
        elif fetching.cancelled():
            outcome = None
        elif fetching.exception() is not None:
            outcome = _("raised {error}").format(error=describe(fetching.exception()))
        else:
            outcome = _("returned {got}").format(got=describe(fetching.result()))
        attempts = len(service.attempts_of("quiet"))
        scene.check(
            outcome is None and attempts == 1,
            _(
                "Cancelled, it {outcome}, having sent {count} request(s) for 'quiet'; expected "
                "it to end cancelled at once, with no retry: a cancellation is not a "
                "FetchError. Retry only on `except FetchError:`, and let asyncio.CancelledError "
                "go on."
            ),
            draw=True,
            outcome=outcome or _("ended cancelled"),
            count=attempts,
        )


# ---------------------------------------------------------------------------------------
# Task 6: Fetcher


def submitted(call, fetching):
    """Check that submit returned a task (or another future)."""
    if asyncio.iscoroutine(fetching):
        fetching.close()
        called(call).fail(
            _(
                "It returned a coroutine object, which does nothing until it is awaited; "
                "expected a task that is already running: return asyncio.create_task(...)."
            )
        )
    called(call).check(
        asyncio.isfuture(fetching),
        _("It returned {got}; expected the task fetching the key (from asyncio.create_task)."),
        got=show(fetching),
    )
    return fetching


class Oops(Exception):
    """The error a test raises inside an ``async with`` block."""


@task(
    6,
    checks=(
        "fetcher-submit-starts-a-task",
        "fetcher-async-with",
        "fetcher-aclose-cancels-and-waits",
    ),
    realtime=True,
)
async def test_fetcher_fetches_inside_async_with(topic, monkeypatch):
    """async with Fetcher(...): submits give their values; an error inside propagates, closed."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    async with serving({"hush": Plan(silent=True)}) as service:
        started = Started()
        call = f"Fetcher({service.address!r}, limit=4, timeout=1.0)"
        made = topic.Fetcher(service.address, limit=4, timeout=1.0)
        async with made as fetcher:
            check(
                fetcher is made,
                _(
                    "`async with {call} as fetcher:` gave fetcher = {got}; expected the Fetcher "
                    "itself: __aenter__ should return self."
                ),
                call=call,
                got=show(fetcher),
            )
            first = submitted("fetcher.submit('a')", fetcher.submit("a"))
            second = submitted("fetcher.submit('b')", fetcher.submit("b"))
            values = await run(
                "fetcher.submit('a'), fetcher.submit('b')", asyncio.gather(first, second), service
            )
            check(
                same(list(values), [value_of("a"), value_of("b")]),
                _(
                    "Awaited the tasks of fetcher.submit('a') and fetcher.submit('b'). They gave "
                    "{got}; expected ['value of a', 'value of b']."
                ),
                got=show(list(values)),
            )
        block = _("the `async with {call}` block").format(call=call)
        await expect_closed(block, service, started=started)
        started = Started()
        fetching = None
        try:
            async with topic.Fetcher(service.address, limit=2, timeout=5.0) as fetcher:
                fetching = submitted("fetcher.submit('hush')", fetcher.submit("hush"))
                await service.wait_until(lambda: service.attempts_of("hush"), 0.5)
                raise Oops(RAISED_INSIDE)
        except Oops:
            pass
        else:
            fail(
                _(
                    "Raised an exception inside `async with Fetcher(...) as fetcher:`. It did "
                    "not come out of the block: __aexit__ returned a true value, which hides the "
                    "exception. Return None (or False) from __aexit__."
                )
            )
        call = _("an `async with Fetcher(...)` block that raised")
        if not fetching.done() and fetching.cancelling():
            unwaited = _(
                "Left {call}, while 'hush' waited for the silent server. Its fetch task was "
                "cancelled, but still running when the block was left: aclose() must wait "
                "until the tasks it cancels have ended (await them, or gather them)."
            )
            fail(unwaited.format(call=call))
        check(
            fetching.done() and fetching.cancelled(),
            _(
                "Left {call}, while 'hush' waited for the silent server. Its fetch task was "
                "{state}; expected it cancelled: __aexit__ should call aclose()."
            ),
            call=call,
            state=_("not cancelled") if fetching.done() else _("still running"),
        )
        await expect_closed(call, service, started=started)


async def fetch_through_fetcher(topic, service, keys, call, *, hint=None, **options):
    """Submit ``keys`` to ``Fetcher(address, **options)`` in an ``async with`` block; their
    outcomes, in order. Fail when closing the fetcher raised a fetch's own exception, or when a
    task returned an exception instead of raising it."""
    outcomes = None
    try:
        async with topic.Fetcher(service.address, **options) as fetcher:
            tasks = [submitted(f"fetcher.submit({key!r})", fetcher.submit(key)) for key in keys]
            gathering = asyncio.gather(*tasks, return_exceptions=True)
            outcomes = await run(call, gathering, service, hint=hint)
    except Exception as error:
        if outcomes is None or not any(error is outcome for outcome in outcomes):
            raise
        fail(
            _(
                "Awaited {call}. Every fetch had ended when the `async with` block did, and "
                "closing the fetcher raised {error}, the exception one of them had ended with. "
                "aclose waits for the fetches without letting their exceptions out: "
                "asyncio.gather(*tasks, return_exceptions=True)."
            ),
            call=call,
            error=describe(error),
        )
    for key, fetching in zip(keys, tasks, strict=True):
        result = None if fetching.cancelled() or fetching.exception() else fetching.result()
        check(
            not isinstance(result, BaseException),
            _(
                "Awaited {call}. The task of fetcher.submit({key}) ended with {outcome} as its "
                "result: the exception was returned, not raised. Let it out of _fetch, so that "
                "the task ends in {type} (gather(..., return_exceptions=True) then puts it in "
                "its key's place)."
            ),
            call=call,
            key=show(key),
            outcome=describe(result),
            type=type(result).__name__,
        )
    return outcomes


def awaited(call, service):
    """Messages about awaiting the tasks of ``call``, with what the server saw."""
    return Scene(_("Awaited {call}.").format(call=call), service)


SLOTS = {2: (5, 2, 1.0), 1: (3, 6, 0.3)}  # limit: how many keys, their delay in UNITs, timeout


@task(6, checks=("fetcher-caps-slots", "fetcher-timeout-from-slot"), realtime=True)
@pytest.mark.parametrize("limit", list(SLOTS))
async def test_fetcher_caps_its_slots(topic, monkeypatch, limit):
    """Fetcher(limit=N): exactly N requests in flight, each key's timeout starts with its slot."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    count, units, timeout = SLOTS[limit]
    keys = [f"slot{n}" for n in range(count)]
    async with serving({key: Plan(delay=units * UNIT) for key in keys}) as service:
        call = _("{count} fetcher.submit(key) of {fetcher}").format(
            count=count, fetcher=show_call("Fetcher", service.address, limit=limit, timeout=timeout)
        )
        outcomes = await fetch_through_fetcher(
            topic, service, keys, call, limit=limit, timeout=timeout
        )
        for outcome in outcomes:
            unexpected(outcome, str, TimeoutError)
        scene = awaited(call, service)
        scene.check(
            not any(isinstance(outcome, TimeoutError) for outcome in outcomes),
            _(
                "Each key takes {each} s. They gave {got}. With {limit} slot(s) the last key "
                "waits {wait} s for its turn, then needs {each} s: its timeout must start once it "
                "holds its slot (asyncio.timeout inside `async with slots:`), not when it was "
                "submitted."
            ),
            draw=True,
            each=f"{units * UNIT:g}",
            got=describe_all(outcomes),
            limit=limit,
            wait=f"{(count - 1) // limit * units * UNIT:g}",
        )
        scene.check(
            same(outcomes, [value_of(key) for key in keys]),
            _("They gave {got}; expected {want}."),
            draw=True,
            got=describe_all(outcomes),
            want=show([value_of(key) for key in keys]),
        )
        expect_peak(
            scene,
            service.peak,
            limit,
            above=_(
                "each fetch must wait for one of the fetcher's limit slots (one "
                "asyncio.Semaphore(limit), made in __init__ and shared by every fetch)."
            ),
        )
        expect_open_at_most(scene, service, limit)


@task(6, checks=("fetcher-caps-slots", "fetcher-aclose-cancels-and-waits"), realtime=True)
async def test_two_fetchers_have_slots_of_their_own(topic, monkeypatch):
    """Two Fetcher(limit=1) at once, a key each: their own slots, their own tasks to close."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    keys = ["left", "right"]  # the first fetcher closes while the second still fetches
    async with serving({"left": Plan(delay=2 * UNIT), "right": Plan(delay=6 * UNIT)}) as service:
        call = _("two Fetcher({address!r}, limit=1, timeout=1.0) at once, one key each").format(
            address=service.address
        )
        outcomes = await asyncio.gather(
            *(
                fetch_through_fetcher(topic, service, [key], call, limit=1, timeout=1.0)
                for key in keys
            )
        )
        scene = awaited(call, service)
        got = [outcome for each in outcomes for outcome in each]
        want = [value_of(key) for key in keys]
        text = _(
            "They gave {got}; expected {want}: closing one fetcher stops only its own fetches "
            "(keep them in self, not in a set the module or the class shares)."
        )
        scene.check(same(got, want), text, draw=True, got=describe_all(got), want=show(want))
        text = _(
            "At most {peak} request(s) were in flight at once; expected 2, one per fetcher: "
            "each Fetcher has limit slots of its own. Make its Semaphore in __init__ "
            "(self.slots), not one the module or the class shares."
        )
        scene.check(service.peak == len(keys), text, draw=True, peak=service.peak)


# Seconds from the server's answer to 'refused' (its slot is free, 'quiet' may start) to
# 'quiet' given up: a timeout of 0.1 s ends by then, one of 0.2 s never can.
GIVEN_UP_BY = 0.19
SLOT_LEAK_HINT = N_(
    "With one slot, the keys were 'refused' (the server answers ERR), 'quiet' (it never "
    "answers: a TimeoutError after 0.1 s) and 'fine'. A fetch that fails must give its slot "
    "back too, or the keys after it wait forever. Hold the slot with `async with slots:`, "
    "which releases it however the fetch ends."
)


@task(6, checks=("fetcher-caps-slots", "fetcher-one-timeout"), realtime=True)
async def test_fetcher_gives_the_slot_back_after_a_failure(topic, monkeypatch):
    """Fetcher(limit=1): a refused key and a timed-out key give their slot to the next key."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    plans = {"refused": Plan(failures=("err",) * 9), "quiet": Plan(silent=True)}
    keys = ["refused", "quiet", "fine"]
    async with serving(plans) as service:
        fetcher = show_call("Fetcher", service.address, limit=1, timeout=0.1)
        call = _("{count} fetcher.submit(key) of {fetcher}").format(count=3, fetcher=fetcher)
        outcomes = await fetch_through_fetcher(
            topic, service, keys, call, hint=_(SLOT_LEAK_HINT), limit=1, timeout=0.1
        )
        for outcome in outcomes:
            unexpected(outcome, str, TimeoutError, topic.FetchError)
        awaited(call, service).check(
            same(outcomes[2], value_of("fine")),
            _("They gave {got}; expected the last, 'fine', to give {want}. {hint}"),
            draw=True,
            got=describe_all(outcomes),
            want=show(value_of("fine")),
            hint=_(SLOT_LEAK_HINT),
        )
        refused, quiet = service.attempts_of("refused"), service.attempts_of("quiet")
        answered = refused[-1].answered if refused else None
        given_up = quiet[0].closed if quiet else None
        if answered is not None and given_up is not None:  # 'quiet' starts after 'refused'
            waited = given_up - answered
            awaited(call, service).check(
                waited < GIVEN_UP_BY,
                _(
                    "'quiet', which never answers, was given up {waited} s after the server "
                    "answered 'refused', the key before it in the one slot; expected about "
                    "0.1 s: the fetcher's timeout (0.1 s) gives it up. Time each fetch with the "
                    "timeout the Fetcher is given."
                ),
                draw=True,
                waited=f"{waited:.3f}",
            )


@task(6, checks=("fetcher-one-timeout",), realtime=True)
async def test_fetcher_has_one_timeout_for_all_retries(topic, monkeypatch):
    """Fetcher(timeout=0.3, attempts=3): 3 attempts of 0.18 s do not fit; TimeoutError after 2."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    plans = {"sluggish": Plan(delay=9 * UNIT, failures=("err", "err"))}
    async with serving(plans) as service:
        call = _(
            "fetcher.submit('sluggish') of {fetcher}, where each attempt takes 0.18 s and the "
            "first two fail"
        ).format(
            fetcher=f"Fetcher({service.address!r}, limit=1, timeout=0.3, attempts=3, backoff=0.0)"
        )
        (outcome,) = await fetch_through_fetcher(
            topic, service, ["sluggish"], call, limit=1, timeout=0.3, attempts=3, backoff=0.0
        )
        unexpected(outcome, str, TimeoutError, topic.FetchError)
        attempts = len(service.attempts_of("sluggish"))
        awaited(call, service).check(
            isinstance(outcome, TimeoutError) and attempts == 2,
            _(
                "It ended with {outcome} after {count} attempt(s); expected TimeoutError during "
                "the second attempt: the timeout covers the fetch with all its retries (0.3 s "
                "in all, not 0.3 s per attempt), and a timed-out key is not retried. Put one "
                "asyncio.timeout around fetch_with_retries."
            ),
            draw=True,
            outcome=describe(outcome),
            count=attempts,
        )


RETRYING_FETCHERS = {  # key: how its first attempts fail, the fetcher's attempts and backoff
    "wobbly": (("err", "hangup"), 3, 0.01),  # 3 attempts, 0.01 and 0.02 s apart, within 0.1 s
    "down": (("err",) * 9, 2, 0.1),  # 2 attempts, 0.1 s apart, then its FetchError
}
RETRYING_TIMEOUT = {"wobbly": 0.1, "down": 1.0}  # a longer backoff would not fit in 0.1 s


@task(6, checks=("fetcher-retries",), realtime=True)
async def test_fetcher_retries_with_its_own_attempts_and_backoff(topic, monkeypatch):
    """Fetcher(attempts=3, backoff=0.01), Fetcher(attempts=2, backoff=0.1): retries as told."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    plans = {key: Plan(failures=failures) for key, (failures, *_rest) in RETRYING_FETCHERS.items()}
    async with serving(plans) as service:
        for key, (failures, attempts, backoff) in RETRYING_FETCHERS.items():
            options = {"timeout": RETRYING_TIMEOUT[key], "attempts": attempts, "backoff": backoff}
            fetcher = show_call("Fetcher", service.address, limit=1, **options)
            call = _("fetcher.submit({key}) of {fetcher}").format(key=show(key), fetcher=fetcher)
            (outcome,) = await fetch_through_fetcher(
                topic, service, [key], call, limit=1, **options
            )
            unexpected(outcome, str, TimeoutError, topic.FetchError)
            wanted = min(len(failures) + 1, attempts)
            if wanted > len(failures):
                fine, want = same(outcome, value_of(key)), show(value_of(key))
            else:
                fine, want = isinstance(outcome, topic.FetchError), _("its FetchError")
            seen = service.attempts_of(key)
            answers = ", ".join(_(c.answer) if c.answer == HUNG_UP else c.answer for c in seen)
            awaited(call, service).check(
                fine and len(seen) == wanted,
                _(
                    "The server's answers: {answers}. It ended with {outcome} after {count} "
                    "attempt(s); expected {want} after {wanted}: each fetch retries with the "
                    "fetcher's own attempts ({attempts}) and backoff ({backoff} s): pass them on "
                    "to fetch_with_retries."
                ),
                draw=True,
                answers=answers,
                outcome=describe(outcome),
                count=len(seen),
                want=want,
                wanted=wanted,
                attempts=attempts,
                backoff=f"{backoff:g}",
            )
            check_backoffs(call, seen, backoff, service)


def being_cancelled(fetching):
    return fetching.cancelled() or (isinstance(fetching, asyncio.Task) and fetching.cancelling())


async def submit_while_closing(fetcher, fetches, closing_down):
    """Once ``closing_down`` (aclose, running) has cancelled one of ``fetches``, submit a key:
    True when submit took it (the key's task is cancelled at once), False when it refused."""
    for _turn in range(50):  # a few turns of the loop, no real time
        if closing_down.done() or any(being_cancelled(f) for f in fetches):
            break
        await asyncio.sleep(0)
    if closing_down.done() or not any(being_cancelled(f) for f in fetches):
        return False  # aclose was never seen half-way: the checks after it judge it
    try:
        late = fetcher.submit("mid-close")
    except RuntimeError as error:
        unexpected(error, RuntimeError)
        return False
    if asyncio.isfuture(late):
        late.cancel()
    elif asyncio.iscoroutine(late):
        late.close()
    return True


@task(6, checks=("fetcher-aclose-cancels-and-waits", "fetcher-submit-starts-a-task"), realtime=True)
async def test_fetcher_aclose_cancels_the_work_and_closes_the_connections(topic, monkeypatch):
    """aclose() with 2 silent fetches running and 1 queued: all cancelled, connections closed."""
    # A cancelled fetch takes a moment to close: aclose returning at the first fetch to end
    # (the queued 's3', at once) is seen returning before the other two.
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries", slow_close=UNIT)
    plans = {key: Plan(silent=True) for key in ("s1", "s2", "s3")}
    async with serving(plans) as service:
        started = Started()
        fetcher = topic.Fetcher(service.address, limit=2, timeout=5.0)
        tasks = {key: submitted(f"fetcher.submit({key!r})", fetcher.submit(key)) for key in plans}
        arrived = await service.wait_until(lambda: len(service.requests) >= 2, 0.5)
        for fetching in tasks.values():
            if fetching.done() and not fetching.cancelled():
                unexpected(fetching.exception(), ())
        check(
            arrived,
            _(
                "Submitted 's1', 's2', 's3' to Fetcher(address, limit=2, timeout=5.0). After 0.5 "
                "s only {count} request(s) had reached the server; expected 2 (the limit): "
                "submit should start each fetch as a task at once.\n{server}"
            ),
            count=len(service.requests),
            server=service.render(),
        )
        call = "fetcher.aclose()"
        closing = now()

        async def close_and_look():
            """aclose(), then the keys whose fetch had not ended when it returned."""
            await fetcher.aclose()
            return [key for key, t in tasks.items() if not t.done()]

        closing_down = asyncio.ensure_future(close_and_look())
        taken_while_closing = await submit_while_closing(fetcher, tasks.values(), closing_down)
        not_done = await run(
            _("{call} with 's1' and 's2' waiting for answers and 's3' waiting for a slot").format(
                call=call
            ),
            closing_down,
            service,
            hint=_("Cancel the unfinished fetches before waiting for them."),
        )
        check(
            not taken_while_closing,
            _(
                "Called fetcher.submit('mid-close') while {call} was under way: it had cancelled "
                "the fetches and was waiting for them to end. It accepted the key; expected "
                "RuntimeError: a fetch submitted meanwhile would outlive aclose. Mark the "
                "fetcher closed first thing in aclose, before cancelling and waiting, and have "
                "submit raise RuntimeError whenever it is marked closed."
            ),
            call=call,
        )
        scene = Scene(
            _(
                "Called {call} while 's1' and 's2' waited for the silent server and 's3' for a "
                "slot."
            ).format(call=call),
            service,
        )
        if not_done:
            if all(tasks[key].cancelling() for key in not_done):
                why = _(
                    "they were cancelled, but aclose did not wait for them to end: await them "
                    "(asyncio.gather(*tasks, return_exceptions=True)) after cancelling."
                )
            else:
                why = _(
                    "nothing cancelled them. Keep every task submit creates (in a set, removing "
                    "each one when it is done) and cancel them in aclose."
                )
            scene.fail(
                _("When it returned, the fetches of {keys} were still running: {why}"),
                draw=True,
                keys=show(not_done),
                why=why,
            )
        not_cancelled = {
            key: _("ended with {outcome}").format(outcome=describe(t.exception() or t.result()))
            for key, t in tasks.items()
            if not t.cancelled()
        }
        scene.check(
            not not_cancelled,
            _(
                "Each fetch task should end cancelled; instead: {states}. A CancelledError was "
                "caught and not re-raised: let it propagate (re-raise it after cleaning up)."
            ),
            states=show(not_cancelled),
        )
        sent = [c.key for c in service.requests if c.received > closing]
        scene.check(
            "s3" not in sent,
            _(
                "The server still received 'GET s3' afterwards: a fetch cancelled by aclose must "
                "never start."
            ),
            draw=True,
        )
        await expect_closed(call, service, started=started)
        try:
            late = fetcher.submit("late")
        except RuntimeError as error:
            unexpected(error, RuntimeError)
        else:
            if asyncio.isfuture(late):
                late.cancel()
            elif asyncio.iscoroutine(late):
                late.close()
            fail(
                _(
                    "Called fetcher.submit('late') after {call}. It accepted the key; expected "
                    "RuntimeError: a closed fetcher takes no more work."
                ),
                call=call,
            )
        await run(
            _("{call} a second time").format(call=call), fetcher.aclose(), service, seconds=0.5
        )


# ---------------------------------------------------------------------------------------
# Task 7: fetch_all


def load_plans():
    """Fifteen keys: a silent one first, quick and slow pages, three flaky ones, one broken."""
    delays = [0.5, 1, 0.25, 1.5, 0.75]
    pages = {f"page{n:02}": Plan(delay=delays[n % len(delays)] * UNIT) for n in range(10)}
    odd = {
        "quiet": Plan(silent=True),
        "flaky-a": Plan(delay=0.5 * UNIT, failures=("err",)),
        "flaky-b": Plan(failures=("hangup",)),
        "flaky-c": Plan(failures=("err", "hangup")),
        "broken": Plan(failures=("err",) * 9),
    }
    order = ["quiet", "page00", "page01", "flaky-a", "page02", "broken", "page03", "page04"]
    order += ["flaky-b", "page05", "page06", "flaky-c", "page07", "page08", "page09"]
    return {key: pages.get(key) or odd[key] for key in order}


def watch_fetchers(monkeypatch, topic):
    """Count the Fetchers fetch_all makes, opens with async with, and the keys submitted."""
    record = {"made": 0, "entered": 0, "exited": 0, "submitted": []}
    base = topic.Fetcher
    if not inspect.isclass(base):
        return None

    class WatchedFetcher(base):
        def __init__(self, *args, **kwargs):
            record["made"] += 1
            super().__init__(*args, **kwargs)

        def submit(self, key):
            record["submitted"].append(key)
            return super().submit(key)

        async def __aenter__(self):
            record["entered"] += 1
            return await super().__aenter__()

        async def __aexit__(self, *exc_info):
            record["exited"] += 1
            return await super().__aexit__(*exc_info)

    WatchedFetcher.__name__ = WatchedFetcher.__qualname__ = "Fetcher"
    monkeypatch.setattr(topic.module, "Fetcher", WatchedFetcher)
    return record


def expect_a_fetcher_used(call, record, keys):
    if record is None:
        return
    called(call).check(
        record["entered"] >= 1 and record["exited"] == record["entered"],
        _(
            "It opened {made} Fetcher(s), {entered} of them with `async with`; expected the work "
            "done by a Fetcher opened with `async with Fetcher(...) as fetcher:`, which also "
            "closes it."
        ),
        made=record["made"],
        entered=record["entered"],
    )
    called(call).check(
        same(sorted(record["submitted"], key=repr), sorted(keys, key=repr)),
        _(
            "fetcher.submit was called for {got}; expected once for each key, {want}: submit "
            "every key to the Fetcher."
        ),
        got=show(record["submitted"]),
        want=show(keys),
    )


NEVER_ANSWERS = N_("it never answers, and a timeout is not retried")
FIRST_TIME = N_("it answers the first time")


@task(
    7,
    checks=(
        "fetch-all-uses-a-fetcher",
        "fetch-all-outcomes",
        "fetch-all-cap",
        "fetch-all-queued-keys-wait-in-time",
        "fetch-all-leaves-nothing",
    ),
    realtime=True,
)
async def test_fetch_all_under_load(topic, monkeypatch):
    """fetch_all(15 mixed keys, limit=3, timeout=0.1, attempts=3, backoff=0.01), end to end."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    plans = load_plans()
    keys = list(plans)
    # Every key but 'quiet' is done well within the timeout: the longest, 'broken', makes 3
    # attempts with waits of 0.01 and 0.02 s in between (waits long enough to tell from none).
    options = {"limit": 3, "timeout": 0.1, "attempts": 3, "backoff": 0.01}
    async with serving(plans) as service:
        started = Started()
        shown = ", ".join(f"{name}={value!r}" for name, value in options.items())
        call = f"fetch_all({service.address!r}, <{len(keys)} keys>, {shown})"
        fetchers = watch_fetchers(monkeypatch, topic)
        given = list(keys)
        try:
            result = await run(call, topic.fetch_all(service.address, given, **options), service)
        except (TimeoutError, topic.FetchError) as error:
            service.scene(call).fail(
                _(
                    "It raised {error}; expected it to return one outcome per key, with each "
                    "exception in its key's place: asyncio.gather(..., return_exceptions=True) "
                    "returns them instead of raising the first, and aclose must not let a "
                    "fetch's exception out either."
                ),
                error=describe(error),
            )
        expect_keys_kept(call, given, keys)
        expect_a_fetcher_used(call, fetchers, keys)
        expected = {
            key: TimeoutError
            if plan.silent
            else topic.FetchError
            if len(plan.failures) >= options["attempts"]
            else value_of(key)
            for key, plan in plans.items()
        }
        expect_outcomes(call, result, expected, topic, service, slots=True)
        expect_peak(
            service.scene(call),
            service.peak,
            options["limit"],
            above=_("one semaphore of 3 slots, shared by every fetch of the Fetcher."),
            below=_("submit every key, and let the slots hold back the rest."),
        )
        expect_open_at_most(service.scene(call), service, options["limit"])
        for key, plan in plans.items():
            attempts = len(service.attempts_of(key))
            wanted = 1 if plan.silent else min(len(plan.failures) + 1, options["attempts"])
            if plan.silent:
                why = _(NEVER_ANSWERS)
            elif plan.failures:
                why = _("its first {count} attempt(s) fail, and 3 are allowed").format(
                    count=len(plan.failures)
                )
            else:
                why = _(FIRST_TIME)
            service.scene(call).check(
                attempts == wanted,
                _("The server saw {count} attempt(s) for {key}; expected {want} ({why})."),
                draw=True,
                count=attempts,
                key=show(key),
                want=wanted,
                why=why,
            )
            if plan.failures and not plan.silent:
                check_backoffs(call, service.attempts_of(key), options["backoff"], service)
        await expect_closed(call, service, started=started)


@task(
    7,
    checks=(
        "fetch-all-queued-keys-wait-in-time",
        "fetch-all-outcomes",
        "fetch-all-leaves-nothing",
    ),
    realtime=True,
)
async def test_fetch_all_starts_each_timeout_with_its_slot(topic, monkeypatch):
    """fetch_all(3 keys of 0.04 s, limit=1, timeout=0.1) gets all three values; [] for []."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    keys = [f"turn{n}" for n in range(3)]
    async with serving({key: Plan(delay=2 * UNIT) for key in keys}) as service:
        call = _("{call}, each key taking 0.04 s").format(
            call=f"fetch_all({service.address!r}, {keys!r}, limit=1, timeout=0.1, attempts=1, "
            "backoff=0.0)"
        )
        result = await run(
            call,
            topic.fetch_all(service.address, keys, limit=1, timeout=0.1, attempts=1, backoff=0.0),
            service,
        )
        got = as_list(result)
        if isinstance(got, list) and any(isinstance(item, TimeoutError) for item in got):
            service.scene(call).fail(
                _(
                    "It returned {got}. With one slot the last key waits 0.08 s for its turn, "
                    "but its own fetch takes only 0.04 s: start each key's timeout once it has "
                    "its slot (asyncio.timeout inside `async with slots:`), not when it was "
                    "submitted."
                ),
                draw=True,
                got=show([describe(item) for item in got]),
            )
        expect_values(call, result, keys, service)
        expect_peak(service.scene(call), service.peak, 1)
        started = Started()
        call = f"fetch_all({service.address!r}, [], limit=2, timeout=1.0, attempts=2, backoff=0.1)"
        result = await run(
            call,
            topic.fetch_all(service.address, [], limit=2, timeout=1.0, attempts=2, backoff=0.1),
            service,
            seconds=0.5,
        )
        expect_values(call, result, [], service)
        await expect_closed(call, service, started=started)


@task(7, checks=("fetch-all-outcomes",), realtime=True)
async def test_fetch_all_passes_its_options_on(topic, monkeypatch):
    """fetch_all(..., timeout=1.0, attempts=2, backoff=0.1) passes all three on to its Fetcher."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries", "Fetcher")  # task 7 alone
    options = {"limit": 2, "timeout": 1.0, "attempts": 2, "backoff": 0.1}
    plans = {"flaky": Plan(delay=UNIT, failures=("err",)), "down": Plan(failures=("err",) * 9)}
    keys = list(plans)
    async with serving(plans) as service:
        call = _("{call}, each attempt at 'flaky' taking {delay} s and the first failing").format(
            call=show_call("fetch_all", service.address, keys, **options), delay=f"{UNIT:g}"
        )
        result = await run(call, topic.fetch_all(service.address, list(keys), **options), service)
        expected = {"flaky": value_of("flaky"), "down": topic.FetchError}
        expect_outcomes(call, result, expected, topic, service)
        for key, wanted in (("flaky", 2), ("down", 2)):
            attempts = len(service.attempts_of(key))
            service.scene(call).check(
                attempts == wanted,
                _(
                    "The server saw {count} attempt(s) for {key}; expected {want}: the Fetcher "
                    "gets the attempts fetch_all is given ({attempts}), and its timeout and "
                    "backoff too."
                ),
                draw=True,
                count=attempts,
                key=show(key),
                want=wanted,
                attempts=options["attempts"],
            )
            check_backoffs(call, service.attempts_of(key), options["backoff"], service)


# ---------------------------------------------------------------------------------------
# Tasks 1, 2, 3, 5, 6, 7: no deadline of their own (6 and 7: none but the timeout given)

ONE_TIMEOUT_PER_KEY = N_(
    "Your code called {calls}: a deadline the statement does not set. The only limit "
    "{name} has is the timeout it is given, one for each key."
)


async def fetched_with_no_deadline(topic, monkeypatch, service, name, *args):
    """Call ``name(service.address, *args)``: its values come back, and it set no deadline."""
    seen = deadlines_set(monkeypatch, topic)
    shown = "".join(f", {arg!r}" for arg in args)
    call = f"{name}({service.address!r}{shown})"
    result = await run(call, getattr(topic, name)(service.address, *args), service)
    check_no_deadline(service.scene(call), seen, name)
    return call, result


@task(1, checks=("fetch-one-request",), realtime=True)
async def test_fetch_one_sets_no_deadline_of_its_own(topic, monkeypatch):
    """fetch_one(address, 'slow') sets no timeout of its own: it waits as long as the server."""
    async with serving({"slow": Plan(delay=2 * UNIT)}) as service:
        call, value = await fetched_with_no_deadline(
            topic, monkeypatch, service, "fetch_one", "slow"
        )
        expect_values(call, [value], ["slow"], service)


@task(2, checks=("fetch-many-in-order",), realtime=True)
async def test_fetch_many_sets_no_deadline_of_its_own(topic, monkeypatch):
    """fetch_many(address, ['a', 'b']) sets no timeout of its own."""
    stand_alone(monkeypatch, topic, "fetch_one")
    async with serving({"a": Plan(delay=2 * UNIT)}) as service:
        keys = ["a", "b"]
        call, values = await fetched_with_no_deadline(
            topic, monkeypatch, service, "fetch_many", keys
        )
        expect_values(call, values, keys, service)


@task(3, checks=("fetch-capped-in-order",), realtime=True)
async def test_fetch_capped_sets_no_deadline_of_its_own(topic, monkeypatch):
    """fetch_capped(address, ['a', 'b', 'c'], 2) sets no timeout of its own."""
    stand_alone(monkeypatch, topic, "fetch_one")
    async with serving({"a": Plan(delay=2 * UNIT)}) as service:
        keys = ["a", "b", "c"]
        call, values = await fetched_with_no_deadline(
            topic, monkeypatch, service, "fetch_capped", keys, 2
        )
        expect_values(call, values, keys, service)


@task(5, checks=("retries-at-most-attempts",), realtime=True)
async def test_retries_set_no_deadline_of_their_own(topic, monkeypatch):
    """fetch_with_retries(address, 'flaky', 2, backoff) sets no timeout of its own."""
    stand_alone(monkeypatch, topic, "fetch_one")
    async with serving({"flaky": Plan(delay=UNIT, failures=("err",))}) as service:
        call, value = await fetched_with_no_deadline(
            topic, monkeypatch, service, "fetch_with_retries", "flaky", 2, BACKOFF
        )
        expect_values(call, [value], ["flaky"], service)


@task(6, checks=("limits",), realtime=True)
async def test_fetcher_sets_no_deadline_of_its_own(topic, monkeypatch):
    """async with Fetcher(address, limit=2, timeout=1.0): no deadline but each key's timeout."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries")
    async with serving({"a": Plan(delay=2 * UNIT)}) as service:
        keys = ["a", "b"]
        fetcher = show_call("Fetcher", service.address, limit=2, timeout=1.0)
        call = _("{count} fetcher.submit(key) of {fetcher}").format(count=2, fetcher=fetcher)
        deadlines = deadlines_set(monkeypatch, topic, within_the_limit(1.0))
        outcomes = await fetch_through_fetcher(topic, service, keys, call, limit=2, timeout=1.0)
        check_no_deadline(awaited(call, service), deadlines, "Fetcher", ONE_TIMEOUT_PER_KEY)
        expect_values(call, outcomes, keys, service)


@task(7, checks=("limits", "fetch-all-outcomes"), realtime=True)
async def test_fetch_all_sets_no_deadline_of_its_own(topic, monkeypatch):
    """fetch_all(address, ['a', 'b', 'a'], limit=2, ...): no deadline of its own, 'a' twice."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries", "Fetcher")  # task 7 alone
    options = {"limit": 2, "timeout": 1.0, "attempts": 1, "backoff": 0.0}
    async with serving({"a": Plan(delay=2 * UNIT)}) as service:
        keys = ["a", "b", "a"]
        call = show_call("fetch_all", service.address, keys, **options)
        deadlines = deadlines_set(monkeypatch, topic, within_the_limit(options["timeout"]))
        result = await run(call, topic.fetch_all(service.address, keys, **options), service)
        check_no_deadline(service.scene(call), deadlines, "fetch_all", ONE_TIMEOUT_PER_KEY)
        expect_values(call, result, keys, service)
        expect_one_request_per_key(call, service, keys)


# ---------------------------------------------------------------------------------------
# Cancelled by its caller (the course's CANCELLED rule) while the server is silent

BOTH_SILENT = {"a": Plan(silent=True), "b": Plan(silent=True)}


async def cancelled_while_the_server_is_silent(topic, monkeypatch, name, *args, **options):
    """``name(address, ['a', 'b'], *args, **options)``, both keys silent, cancelled once the
    server has a request: it must end cancelled (graded on its own: with a correct
    fetch_one)."""
    stand_alone(monkeypatch, topic, "fetch_one")
    async with serving(BOTH_SILENT) as service:
        shown = "".join(f", {arg!r}" for arg in args)
        shown += "".join(f", {option}={value!r}" for option, value in options.items())
        call = f"{name}({service.address!r}, ['a', 'b']{shown})"
        scene = called(_("{call} as a task, the server answering neither").format(call=call))
        running = getattr(topic, name)(service.address, ["a", "b"], *args, **options)
        await check_cancelled_while_waiting(
            scene, running, after=1.0, patience=3.0, ready=lambda: service.requests
        )


@task(2, checks=("cancelled", "left-running"), realtime=True)
async def test_fetch_many_cancelled_while_it_waits_ends_cancelled(topic, monkeypatch):
    """fetch_many(address, ['a', 'b']), both silent, cancelled once asked: it ends cancelled."""
    await cancelled_while_the_server_is_silent(topic, monkeypatch, "fetch_many")


@task(3, checks=("cancelled", "left-running"), realtime=True)
async def test_fetch_capped_cancelled_while_it_waits_ends_cancelled(topic, monkeypatch):
    """fetch_capped(address, ['a', 'b'], 1), both silent, cancelled once asked: cancelled."""
    await cancelled_while_the_server_is_silent(topic, monkeypatch, "fetch_capped", 1)


@task(4, checks=("cancelled", "left-running"), realtime=True)
async def test_fetch_settled_cancelled_while_it_waits_ends_cancelled(topic, monkeypatch):
    """fetch_settled(address, ['a', 'b'], 5.0), both silent, cancelled once asked: cancelled."""
    await cancelled_while_the_server_is_silent(topic, monkeypatch, "fetch_settled", 5.0)


SLOW_CLOSE = 1.0  # seconds a cancelled stand-in fetch_one takes to close: aclose waits for it


@task(6, checks=("cancelled", "left-running"), realtime=True)
async def test_fetcher_aclose_cancelled_while_it_waits_ends_cancelled(topic, monkeypatch):
    """aclose(), its 2 silent fetches taking 1 s to close, cancelled 0.2 s in: cancelled."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries", slow_close=SLOW_CLOSE)
    async with serving(BOTH_SILENT) as service:
        fetcher = topic.Fetcher(service.address, limit=2, timeout=5.0)
        for key in BOTH_SILENT:
            fetcher.submit(key)
        await service.wait_until(lambda: len(service.requests) == len(BOTH_SILENT), 0.5)
        text = _(
            "fetcher.aclose() as a task, its fetches of 'a' and 'b' (silent) taking {seconds} s "
            "to end once cancelled"
        )
        scene = called(text.format(seconds=f"{SLOW_CLOSE:g}"))
        await check_cancelled_while_waiting(scene, fetcher.aclose(), after=0.2, patience=3.0)


@task(6, checks=("cancelled", "left-running"), realtime=True)
async def test_fetcher_async_with_cancelled_while_it_closes_ends_cancelled(topic, monkeypatch):
    """async with Fetcher(...), cancelled as its exit waits for 2 fetches to close: cancelled."""
    stand_alone(monkeypatch, topic, "fetch_one", "fetch_with_retries", slow_close=SLOW_CLOSE)
    async with serving(BOTH_SILENT) as service:
        fetcher, left = topic.Fetcher(service.address, limit=2, timeout=5.0), asyncio.Event()

        async def block():
            async with fetcher:
                for key in BOTH_SILENT:
                    fetcher.submit(key)
                await service.wait_until(lambda: len(service.requests) == len(BOTH_SILENT), 0.5)
                left.set()  # the block ends: __aexit__ closes the fetcher

        text = _(
            "A task ran `async with fetcher:` around submitting 'a' and 'b' (silent), and was "
            "cancelled once the block had ended, its fetches taking {seconds} s to end once "
            "cancelled."
        )
        scene = Scene(text.format(seconds=f"{SLOW_CLOSE:g}"))
        await check_cancelled_while_waiting(
            scene, block(), after=1.0, patience=3.0, ready=left.is_set
        )


@task(7, checks=("cancelled", "left-running"), realtime=True)
async def test_fetch_all_cancelled_while_it_waits_ends_cancelled(topic, monkeypatch):
    """fetch_all(address, ['a', 'b'], ...), both silent, cancelled once asked: cancelled."""
    stand_alone(monkeypatch, topic, "fetch_with_retries", "Fetcher")  # task 7 on its own
    options = {"limit": 2, "timeout": 5.0, "attempts": 1, "backoff": 0.0}
    await cancelled_while_the_server_is_silent(topic, monkeypatch, "fetch_all", **options)
