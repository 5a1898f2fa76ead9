"""Hidden tests for topic 15: protocols and transports.

Unit tests call the learner's protocol methods on a FakeTransport, as the loop would (virtual
clock). Socket tests run it on loopback sockets (real clock) and close all they opened.
"""

import asyncio
import contextlib
import encodings.idna  # noqa: F401  (getaddrinfo's first import: not the learner's blocking)
import socket

import pytest

from grader import N_, _, fail, same, show, task
from grader.inside.evidence import record
from grader.inside.loader import describe_exception
from grader.inside.network import (
    LOOPBACK,
    Opened,
    RawClient,
    eventually,
    free_port,
    listening_addresses,
    listening_sockets,
    loopback_socket,
    port_of,
    reset_on_close,
)
from grader.inside.running import (
    CLEANUP_GUARD,
    HOUR,
    Started,
    check_cancelled_while_waiting,
    check_no_deadline,
    check_none_left,
    check_nothing_scheduled,
    finish_within,
    leftovers_stopped,
    settle,
)
from grader.inside.spies import deadlines_set, describe_error, loop_errors
from grader.inside.suite import Scene, called, reraise_not_done

PROMISES = {
    1: {
        "shout-answers-in-capitals": (
            "ShoutProtocol answers every piece of data with the same bytes in capitals "
            "(bytes.upper: any bytes, not only text)"
        ),
        "shout-server-returned": (
            "start_shout_server(host, port) starts it with the running loop's create_server on "
            "that host and port and returns the Server, not serving forever"
        ),
        "shout-one-protocol-per-connection": (
            "the server makes one ShoutProtocol per connection: each client gets its own capitals"
        ),
    },
    2: {
        "sum-answers-each-line": (
            "SumProtocol answers each line with the sum of its numbers and a newline; an empty "
            "line gives b'0\\n'"
        ),
        "sum-integers": (
            "the numbers are whole numbers, negative ones too; a line with anything else (a word, "
            "1.5) gives b'error\\n'"
        ),
        "sum-buffers-lines": (
            "a line in many pieces, or several lines in one, are answered line by line: one buffer"
            " per connection"
        ),
        "sum-error-keeps-going": "after a line that is not numbers the connection keeps working",
        "sum-any-spaces": (
            "the numbers are separated by one or more spaces; spaces at a line's start or end do "
            "not count"
        ),
    },
    3: {
        "chat-joins-the-set": "a connecting client joins the shared set clients",
        "chat-passes-to-the-others": (
            "what a client sends is passed on, as is, to every other client in the set, not back "
            "to the sender"
        ),
        "chat-forgets-who-leaves": (
            "a client that goes leaves the set, whether it said goodbye or its connection broke"
        ),
        "chat-tells-who-is-left": (
            "every remaining client receives b'* a client left\\n' when one goes"
        ),
    },
    4: {
        "collect-resolves-at-the-end": (
            "CollectProtocol resolves done in connection_lost, not before"
        ),
        "collect-resolves-with-the-bytes": (
            "after a clean close done holds all the pieces joined, as bytes"
        ),
        "collect-passes-on-the-error": (
            "when the connection broke, done holds the exception and request raises it"
        ),
        "collect-leaves-a-cancelled-future": (
            "a done that was cancelled is left alone (no InvalidStateError)"
        ),
        "request-sends-and-collects": (
            "request connects with the running loop's create_connection, sends message and returns"
            " everything up to the server's close"
        ),
        "request-closes-when-cancelled": (
            "a cancelled request closes its connection on the way out and ends cancelled"
        ),
        "request-connect-errors-go-on": (
            "when the connection cannot be made, request raises create_connection's error as it "
            "is; cancelled while connecting, it ends cancelled"
        ),
    },
    5: {
        "gated-sets-high-water": (
            "connection_made sets the transport's high-water mark to HIGH_WATER with "
            "set_write_buffer_limits"
        ),
        "gated-writes-when-open": (
            "await writer.write(data) hands data to the transport at once while not paused"
        ),
        "gated-waits-while-paused": (
            "between pause_writing and resume_writing write waits first, so the buffer stays small"
            " however slowly the peer reads"
        ),
        "gated-raises-once-lost": (
            "once the connection is lost, a waiting or a new write raises ConnectionResetError, "
            "paused or not"
        ),
    },
}

HOST = LOOPBACK
WAIT = 0.5  # seconds of real time to wait for an answer before calling it missing
QUIET = 0.05  # seconds of real time of silence that count as "nothing more came"
PEER_RESET = "reset by peer"  # the text of the ConnectionResetError the unit tests pass
LARGE = bytes(range(256)) * 4096  # 1 MiB of every byte value: more than any buffer's size
PIECE = 4096  # bytes per data_received call when a test cuts something long in pieces
LONG_LINE_NUMBERS = 100_000  # numbers on the long line given to SumProtocol


class FakeTransport(asyncio.Transport):
    """Stands in for a socket's transport and records what the protocol does with it."""

    def __init__(self):
        super().__init__({"peername": (HOST, 50000), "sockname": (HOST, 8888)})
        self.writes, self.closed, self.limits, self.call = record(), False, None, ""

    @property
    def written(self):
        return b"".join(self.writes)

    def write(self, data):
        self.writes.append(bytes(data))

    def close(self):
        self.closed = True

    abort = write_eof = close

    def is_closing(self):
        return self.closed

    def set_write_buffer_limits(self, high=None, low=None):
        """Record the call and the marks it sets, as asyncio's transports work them out."""
        given = {name: value for name, value in (("high", high), ("low", low)) if value is not None}
        self.call = ", ".join(f"{name}={value!r}" for name, value in given.items())
        if high is None:
            high = 64 * 1024 if low is None else 4 * low
        self.limits = (high, high // 4 if low is None else low)

    def get_write_buffer_limits(self):
        return self.limits[::-1] if self.limits else (16 * 1024, 64 * 1024)

    def get_write_buffer_size(self):
        return 0

    def can_write_eof(self):
        return True

    def pause_reading(self):
        """Nothing to pause: the test hands the data over itself."""

    resume_reading = pause_reading

    def is_reading(self):
        return not self.closed


def connected(protocol):
    """Call ``protocol.connection_made`` with a new FakeTransport, and return the transport."""
    transport = FakeTransport()
    protocol.connection_made(transport)
    return transport


def not_a_coroutine_method(value, what):
    if asyncio.iscoroutine(value):
        value.close()
        message = _(
            "{what} returned a coroutine object, so none of its code ran. The loop calls "
            "protocol methods as plain functions: write them with `def`, not `async def`."
        )
        fail(message, what=what)


def feed(protocol, pieces, what):
    """Hand ``pieces`` to ``protocol.data_received`` one by one; ``what`` names the method."""
    for piece in pieces:
        not_a_coroutine_method(protocol.data_received(piece), what)


def expect(scene, got, want, message, **values):
    """Fail in ``scene`` with ``message`` (``{got}`` and ``{want}`` shown) unless ``got`` is
    ``want``, same types."""
    scene.check(same(got, want), message, got=show(got), want=show(want), **values)


def future_state(future):
    """What a future holds, in words, without raising."""
    if not future.done():
        return _("nothing yet")
    if future.cancelled():
        return _("nothing: it was cancelled")
    if (error := future.exception()) is not None:
        return _("the exception {error}").format(error=f"{type(error).__name__}({str(error)!r})")
    result = future.result()
    return _("the result {result} (a {type})").format(
        result=show(result), type=type(result).__name__
    )


class Watched(Opened):
    """What a socket test opened, and the servers and connections the loop made; ``trouble``
    is set once the loop caught an error from the learner's code (then waiting is pointless)."""

    def __init__(self, monkeypatch, loop, setting):
        super().__init__()
        self.scene = Scene(setting)  # what every message of the test starts with
        self.factories = record(dict)  # id(server): the protocol factory it was made with
        self.trouble = asyncio.Event()
        real_create_server, real_create_connection = loop.create_server, loop.create_connection

        async def create_server(protocol_factory, *args, **kwargs):
            server = await real_create_server(protocol_factory, *args, **kwargs)
            self.servers.append(server)
            self.factories[id(server)] = protocol_factory
            return server

        async def create_connection(protocol_factory, *args, **kwargs):
            transport, protocol = await real_create_connection(protocol_factory, *args, **kwargs)
            self.transports.append(transport)
            return transport, protocol

        monkeypatch.setattr(loop, "create_server", create_server)
        monkeypatch.setattr(loop, "create_connection", create_connection)

    async def client(self, port):
        """A RawClient connected to ``port``, its waits cut short by trouble."""
        return await RawClient.connect(port, self, interrupt=self.trouble)

    async def until(self, condition, wait=WAIT):
        """Wait until ``condition()`` holds (or trouble comes); return whether it does."""
        return await eventually(condition, wait, self.trouble)

    async def returned(self, coroutine, message, seconds=1.0):
        """The learner's coroutine's result; fail with ``message`` if it runs ``seconds``."""
        finished, result = await finish_within(coroutine, seconds)
        self.scene.check(finished, message)
        return result

    async def serve_once(self, script, receive_buffer=None):
        """A listening socket whose first connection ``script(connection)`` handles, in the
        background; returns its port."""
        sock = loopback_socket()
        self.sockets.append(sock)
        if receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        sock.bind((HOST, 0))
        sock.listen()

        async def accept_and_run():
            connection, _address = await asyncio.get_running_loop().sock_accept(sock)
            self.sockets.append(connection)
            connection.setblocking(False)
            await script(connection)

        self.background(accept_and_run())
        return sock.getsockname()[1]


@contextlib.asynccontextmanager
async def sockets_test(topic, monkeypatch, setting):
    """Spy on the loop, collect what it reports, and close everything at the end.

    An error raised in a protocol method never reaches the test: the loop logs it (here:
    collects it) and closes the connection. It is reported in place of what the test then
    saw go wrong, being its cause; NotImplementedError becomes "Not done yet".
    """
    loop = asyncio.get_running_loop()
    opened = Watched(monkeypatch, loop, setting)
    # Collected by the loop itself: a handler the code sets in place of the test's hides none.
    with loop_errors(heard=opened.trouble.set) as errors:
        try:
            yield opened
        finally:
            try:
                await opened.close()
            finally:
                fail_on_the_loops_reports(topic, opened.scene, errors)


def fail_on_the_loops_reports(topic, scene, errors):
    """Fail with the first report the loop made (an error of a protocol method), if any."""
    for context in errors:
        if isinstance(context.get("exception"), NotImplementedError):
            raise context["exception"]
    if errors and errors[0].get("exception") is None:
        message = _("The loop reported: {report}.")
        scene.fail(message, report=describe_error(errors[0]))
    if errors:
        message = _(
            "Your code raised {error}. The loop called your protocol's method itself, "
            "so the error reached none of your code: the loop logged it and closed the "
            "connection. A protocol method must not let an exception escape."
        )
        error = describe_exception(errors[0]["exception"], topic.path)
        scene.fail(message, error=error)


async def read_line(sock):
    """Bytes up to and including the first newline (or all until the peer closes)."""
    loop = asyncio.get_running_loop()
    data = b""
    while b"\n" not in data and (piece := await loop.sock_recv(sock, 4096)):
        data += piece
    return data


# Task 1: create_server with a Protocol

SHOUTS = [  # the pieces given to data_received, what it must write, what to do when it does not
    (
        (b"hello, ", b"World 42", b"!"),
        b"HELLO, WORLD 42!",
        N_("write data.upper() to the transport that connection_made received."),
    ),
    (
        (b"\xffda", b"ta\x00", b"caf\xc3", b"\xa9"),
        b"\xffDATA\x00CAF\xc3\xa9",
        N_("bytes that are not text, a UTF-8 letter cut in two: data.upper() works on any bytes."),
    ),
]


@task(1, checks=("shout-answers-in-capitals",))
@pytest.mark.parametrize(("pieces", "expected", "hint"), SHOUTS)
async def test_shout_protocol_answers_in_capitals(topic, pieces, expected, hint):
    """ShoutProtocol answers each piece of data with the same bytes in capitals."""
    protocol = topic.ShoutProtocol()
    transport = connected(protocol)
    feed(protocol, pieces, "ShoutProtocol.data_received")
    scene = Scene(_("Gave ShoutProtocol the pieces {pieces}.").format(pieces=show(pieces)))
    message = _("It wrote {got}; expected {want}: {hint}")
    expect(scene, transport.written, expected, message, hint=_(hint))
    message = _(
        "It closed the transport; expected it to stay open: a client may send more, and each "
        "piece gets its answer. Only write in data_received."
    )
    scene.check(not transport.closed, message)


@task(1, checks=("shout-server-returned", "shout-one-protocol-per-connection"), realtime=True)
async def test_shout_server_serves_several_clients(topic, monkeypatch):
    """start_shout_server(HOST, port) returns a Server on that port; each client gets capitals."""
    port = free_port()  # start_shout_server may take it
    setting = _("Called start_shout_server('127.0.0.1', {port}), a free port.").format(port=port)
    async with sockets_test(topic, monkeypatch, setting) as opened, leftovers_stopped() as started:
        scene = opened.scene
        listening = listening_sockets()
        server = await opened.returned(
            topic.start_shout_server(HOST, port),
            _("It had not returned after 1 s: return the Server; do not call serve_forever()."),
        )
        # Nothing of the call may wait to run after it returned: a server started later.
        call = f"start_shout_server('127.0.0.1', {port})"
        check_none_left(started.leftovers(), call=call, remedy=_(NOTHING_LATER))
        message = _("It returned {got}; expected an asyncio.Server.")
        scene.check(isinstance(server, asyncio.Server), message, got=show(server))
        message = _("It returned a server that the running loop's create_server did not make.")
        scene.check(id(server) in opened.factories, message)
        left = listening_sockets(besides=[server]) - listening
        message = _(
            "Besides the server it returned, {count} other socket(s) it opened were still "
            "listening (another server, a plain socket). No caller can close them: start one "
            "server, the one you return."
        )
        scene.check(not left, message, count=len(left))
        message = _("The server listens on {got}; expected {want}: pass host and port on.")
        expect(scene, listening_addresses([server]), [(HOST, port)], message)
        message = _(
            "The server is not accepting connections; expected it serving when returned: "
            "create_server serves at once unless given start_serving=False."
        )
        scene.check(server.is_serving(), message)
        factory = opened.factories[id(server)]
        first, second = factory(), factory()
        made = type(first)
        message = _("The server makes {type} objects; expected ShoutProtocol, the class.")
        scene.check(issubclass(made, topic.ShoutProtocol), message, type=made.__name__)
        message = _(
            "The server's protocol factory gives the same {type} object every time, so every "
            "connection would share it (and its transport): create_server calls the factory "
            "once per connection for a new protocol. Pass the class itself, ShoutProtocol."
        )
        scene.check(first is not second, message, type=made.__name__)
        clients = [await opened.client(port) for _number in range(3)]
        sent = [b"abc", b"Some Words", b"streams too"]
        for client, data in zip(clients, sent, strict=True):
            await client.send(data)
        answers = [
            await client.receive(len(data), WAIT)
            for client, data in zip(clients, sent, strict=True)
        ]
        message = _("Three clients sent {sent}, and received {got}; expected {want}, each its own.")
        expect(scene, answers, [data.upper() for data in sent], message, sent=show(sent))


NOTHING_LATER = N_(
    "Start the server in the call itself and schedule nothing to run after it returns: no "
    "caller would know of what it starts then."
)


NOTHING_LATER_CLIENT = N_(
    "Do all of the exchange in the call itself and schedule nothing to run after it returns: "
    "what runs then, no caller waits for or knows of."
)


class FakeServer:
    """What the fake create_server returns: a Server that listens nowhere."""

    def __init__(self):
        self.served_forever = False  # serve_forever() was called, awaited or in a task

    def is_serving(self):
        return True

    async def start_serving(self):
        """Already serving."""

    async def serve_forever(self):
        self.served_forever = True
        fail(_("start_shout_server called serve_forever(): return the Server instead."))

    def close(self):
        """Nothing to close."""

    async def wait_closed(self):
        """Nothing to wait for."""


ELSEWHERE = ("192.0.2.7", 8123)  # an address no test binds: create_server is faked


@task(1, checks=("shout-server-returned", "limits"))
async def test_shout_server_passes_host_and_port_on(topic, monkeypatch):
    """start_shout_server(host, port) hands them to create_server, with no timeout of its own."""
    asked, server = [], FakeServer()
    seen = deadlines_set(monkeypatch, topic)

    async def create_server(protocol_factory, host=None, port=None, *args, **kwargs):
        asked.append((host, port))
        return server

    monkeypatch.setattr(asyncio.get_running_loop(), "create_server", create_server)
    call = "start_shout_server({}, {})".format(*map(repr, ELSEWHERE))
    scene = Scene(
        _("Called {call}, the loop's create_server replaced by a fake.").format(call=call)
    )
    async with leftovers_stopped() as started:
        returned = await topic.start_shout_server(*ELSEWHERE)
        # A callback scheduled for later (a task is told of below, once it has run).
        check_nothing_scheduled(started, call=call, remedy=_(NOTHING_LATER))
        for _turn in range(3):  # a task it started runs in the loop's next turns
            await asyncio.sleep(0)
    message = _(
        "It returned the server, but it also started serve_forever() (in a task): the caller "
        "decides how long to serve. create_server serves at once: just return the Server."
    )
    scene.check(not server.served_forever, message)
    message = _(
        "create_server was asked for (host, port) {got}; expected {want}, once: pass the host "
        "and port start_shout_server was given, not addresses of your own."
    )
    expect(scene, asked, [ELSEWHERE], message)
    message = _("It returned {got}; expected the Server that create_server returned.")
    scene.check(returned is server, message, got=show(returned))
    check_no_deadline(scene, seen, "start_shout_server")


SLOW_NAME = ("shout.example", 8123)  # a host name, that create_server must look up first


@task(1, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_shout_server_cancelled_while_it_starts_ends_cancelled(topic, monkeypatch):
    """start_shout_server(name, port), cancelled while create_server looks the name up."""

    async def create_server(protocol_factory, host=None, port=None, *args, **kwargs):
        await asyncio.sleep(HOUR)  # a name server that takes an hour to answer
        return FakeServer()

    monkeypatch.setattr(asyncio.get_running_loop(), "create_server", create_server)
    call = "start_shout_server({}, {})".format(*map(repr, SLOW_NAME))
    text = _(
        "{call} as a task, the loop's create_server replaced by a fake that takes an hour to "
        "look up the host name"
    )
    scene = called(text.format(call=call))
    await check_cancelled_while_waiting(scene, topic.start_shout_server(*SLOW_NAME), after=60.0)


# Task 2: buffering in data_received

SUMS = [  # the pieces given to data_received, what it must write, what to do when it does not
    ([b"12 30\n"], b"42\n", None),
    (
        [b"\n"],
        b"0\n",
        N_(
            "An empty line holds no numbers, and their sum is 0: line.split() gives [], but "
            "line.split(b' ') gives [b''], which int() rejects."
        ),
    ),
    (
        [b"-5 3\n"],
        b"-2\n",
        N_("A whole number may be negative: int(word) reads b'-5'; word.isdigit() does not."),
    ),
    (
        [b"1.5 2\n", b"2 2\n"],
        b"error\n4\n",
        N_(
            "1.5 is not a whole number: read the words with int(), which raises ValueError on "
            "b'1.5', and answer b'error\\n'."
        ),
    ),
    ([bytes([byte]) for byte in b"12 30\n"], b"42\n", None),
    ([b"1 2\n3 4\n\n10 -3\n"], b"3\n7\n0\n7\n", None),
    ([b"100 2", b"00\n5", b"\n6 ", b"6"], b"300\n5\n", None),
    ([b"1 x\n2 2\n"], b"error\n4\n", None),
    ([b"--5 1\n2 2\n"], b"error\n4\n", None),
    (
        [b"5-3 1\n", b"2 2\n"],
        b"error\n4\n",
        N_(
            "b'5-3' is not a whole number: int() raises ValueError on it. Let int() decide, "
            "inside the try that answers b'error\\n', rather than checking the characters first."
        ),
    ),
    (
        [b"12345678901234567890 1\n"],
        b"12345678901234567891\n",
        N_(
            "A whole number may have any number of digits, and the sum must be exact: int() "
            "reads b'12345678901234567890' exactly, while a float keeps only about 16 digits."
        ),
    ),
    (
        [b" 1  2 \n3   -4\n", b"   \n"],
        b"3\n-1\n0\n",
        N_(
            "Numbers may be separated by several spaces, and a line may start or end with "
            "spaces: line.split() with no argument splits on any run of them; split(b' ') gives "
            "b'' between two spaces."
        ),
    ),
    (
        [b"1 caf\xc3", b"\xa9\n2 \xff", b"\n4 4\n"],
        b"error\nerror\n8\n",
        N_(
            "A piece may end inside a character (b'\\xc3' then b'\\xa9' is 'é'), and a "
            "line may hold bytes that are not text (b'\\xff'): keep bytes in the buffer, and "
            "answer b'error\\n' for any line that is not whole numbers, whatever its bytes."
        ),
    ),
]


def summed(protocol, pieces):
    """Feed ``pieces`` to a SumProtocol; fail if data_received raises ValueError."""
    try:
        feed(protocol, pieces, "SumProtocol.data_received")
    except UnicodeDecodeError as error:
        message = _(
            "Gave SumProtocol the pieces {pieces}. data_received raised {error}: on a server "
            "the loop would close the connection. Bytes decoded as they arrive break when a "
            "piece ends inside a character or holds bytes that are not text: keep bytes in the "
            "buffer and split lines as bytes (int() reads b'42'), or decode a whole line inside "
            "the try that answers b'error\\n'."
        )
        fail(message, pieces=show(pieces), error=f"{type(error).__name__}: {error}")
    except ValueError as error:
        message = _(
            "Gave SumProtocol the pieces {pieces}. data_received raised {error}: on a server "
            "the loop would close the connection. Answer b'error\\n' for a line that is not "
            "numbers, and only read numbers from complete lines."
        )
        fail(message, pieces=show(pieces), error=f"{type(error).__name__}: {error}")


@task(
    2,
    checks=(
        "sum-answers-each-line",
        "sum-integers",
        "sum-buffers-lines",
        "sum-error-keeps-going",
        "sum-any-spaces",
    ),
)
@pytest.mark.parametrize(("pieces", "expected", "hint"), SUMS)
async def test_sum_answers_each_line(topic, pieces, expected, hint):
    """SumProtocol answers each whole line, however its pieces arrive: its sum, or b'error\\n'."""
    protocol = topic.SumProtocol()
    transport = connected(protocol)
    summed(protocol, pieces)
    lines, answers = expected.count(b"\n"), len(transport.writes)
    if transport.closed:
        hint = N_(
            "It closed the connection: nothing in the task ends one, not even a line it "
            "cannot sum. Answer it b'error\\n' and go on."
        )
    elif not hint and answers > lines:
        hint = N_("It answered more often than there are lines: keep a piece until its newline.")
    elif not hint and answers < lines:
        hint = N_("Some lines got no answer: answer every complete line in the buffer.")
    scene = Scene(_("Gave SumProtocol the pieces {pieces}.").format(pieces=show(pieces)))
    message = _("It wrote {got}; expected {want}. {hint}")
    expect(scene, transport.written, expected, message, hint=_(hint) if hint else "")


@task(2, checks=("sum-buffers-lines",))
async def test_sum_keeps_one_buffer_per_connection(topic):
    """Two SumProtocol connections, each with half a line pending, do not mix their bytes."""
    first, second = topic.SumProtocol(), topic.SumProtocol()
    transports = connected(first), connected(second)
    for protocol, pieces in ((first, [b"1 "]), (second, [b"2 3\n"]), (first, [b"4\n"])):
        summed(protocol, pieces)
    scene = Scene(_("Gave a first connection b'1 ', a second b'2 3\\n', then the first b'4\\n'."))
    message = _("They answered {got}; expected {want}: make each one's buffer in connection_made.")
    expect(scene, tuple(transport.written for transport in transports), (b"5\n", b"5\n"), message)


@task(2, checks=("sum-answers-each-line", "sum-buffers-lines"))
async def test_sum_answers_a_long_line(topic):
    """A line of 100 000 numbers (200 000 bytes, in pieces) gets its sum, like a short one."""
    line = b"1 " * (LONG_LINE_NUMBERS - 1) + b"1\n"
    pieces = [line[start : start + PIECE] for start in range(0, len(line), PIECE)]
    protocol = topic.SumProtocol()
    transport = connected(protocol)
    summed(protocol, [*pieces, b"2 2\n"])
    setting = _(
        "Gave SumProtocol one line of {count} numbers 1 ({size} bytes, in pieces of {piece} "
        "bytes), then b'2 2\\n'."
    )
    scene = Scene(setting.format(count=LONG_LINE_NUMBERS, size=len(line), piece=PIECE))
    message = _(
        "It wrote {got}; expected {want}. The task sets no limit on the length of a line: keep "
        "all of a line in the buffer, however long, and answer it like any other."
    )
    expect(scene, transport.written, b"%d\n4\n" % LONG_LINE_NUMBERS, message)


SENT = [  # what a client sends, one byte at a time or in one write; what it must receive; why
    (b"12 30\n", True, b"42\n", N_("sent byte by byte: buffer the pieces until the newline.")),
    (b"1 2\n3 4\n", False, b"3\n7\n", N_("one answer per line.")),
    (b"oops\n5 5\n", False, b"error\n10\n", N_("the connection survives a line of words.")),
    (b"6 6\n", False, b"12\n", N_("after an error, the connection goes on answering lines.")),
]


@task(2, checks=("sum-buffers-lines", "sum-error-keeps-going"), realtime=True)
async def test_sum_server_over_real_sockets(topic, monkeypatch):
    """A SumProtocol server answers a line sent byte by byte and two lines sent at once."""
    setting = _("Ran a server with loop.create_server(SumProtocol, '127.0.0.1', 0).")
    async with sockets_test(topic, monkeypatch, setting) as opened:
        loop = asyncio.get_running_loop()
        port = port_of(await loop.create_server(topic.SumProtocol, HOST, 0))
        client, other = await opened.client(port), await opened.client(port)
        message = _("A client sent {sent} and received {got}; expected {want}: {why}")
        for sent, byte_by_byte, expected, why in SENT:
            await (client.send_byte_by_byte(sent, 0.002) if byte_by_byte else client.send(sent))
            answer = await client.receive(len(expected), WAIT)
            answer += await client.receive(100, wait=QUIET)
            expect(opened.scene, answer, expected, message, sent=show(sent), why=_(why))
        await client.send(b"1 ")
        await other.send(b"2 3\n")
        answers = [await other.receive(2, WAIT)]
        await client.send(b"4\n")
        answers.insert(0, await client.receive(2, WAIT))
        message = _(
            "One client sent b'1 ', a second b'2 3\\n', the first b'4\\n': they got {got}; "
            "expected {want}: a buffer per connection."
        )
        expect(opened.scene, answers, [b"5\n", b"5\n"], message)


# Task 3: connection_lost, tracking clients

LEFT = b"* a client left\n"


# "café" cut inside its é, then a byte that is not UTF-8: a relay that decodes loses them.
RAW_PIECES = [b"caf\xc3", b"\xa9 \xff\n"]
# A piece with no newline: a chat passes it on at once, not when its line is complete.
UNFINISHED = b"still typ"


@task(
    3,
    checks=(
        "chat-joins-the-set",
        "chat-passes-to-the-others",
        "chat-forgets-who-leaves",
        "chat-tells-who-is-left",
    ),
)
async def test_chat_passes_messages_and_forgets_who_goes(topic):
    """ChatProtocol relays to the others; who goes, cleanly or not, leaves and the rest are told."""
    clients = set()
    ada, bo, cy = protocols = [topic.ChatProtocol(clients) for _number in range(3)]
    transports = [connected(protocol) for protocol in protocols]
    scene = Scene(_("Three ChatProtocol(clients) were connected."))
    held = _("clients held {got} entries; expected {want}: {why}")
    message = _(
        "clients held {got} entries; expected {want}: they joined another set. All the "
        "connections share the set each ChatProtocol is given: keep that one, "
        "self.clients = clients, not a set of your own (a class attribute, a global)."
    )
    elsewhere = not clients and any(
        getattr(each, "clients", clients) is not clients for each in protocols
    )
    scene.check(not elsewhere, message, got=0, want=3)
    expect(scene, len(clients), 3, held, why=_("join the set in connection_made."))
    feed(ada, [b"hi all\n"], "ChatProtocol.data_received")
    message = _("The first sent b'hi all\\n'; the transports received {got}; expected {want}.")
    got = [transport.written for transport in transports]
    expect(scene, got, [b"", b"hi all\n", b"hi all\n"], message)
    for transport in transports:
        transport.writes.clear()
    feed(ada, [UNFINISHED], "ChatProtocol.data_received")
    message = _(
        "The first sent {piece}, a piece with no newline yet. The transports received {got}; "
        "expected {want}: pass on whatever arrives at once, as it is, not whole lines."
    )
    got = [transport.written for transport in transports]
    expect(scene, got, [b"", UNFINISHED, UNFINISHED], message, piece=show(UNFINISHED))
    for transport in transports:
        transport.writes.clear()
    feed(ada, RAW_PIECES, "ChatProtocol.data_received")
    message = _(
        "The first sent {pieces}: bytes that are not all text, a character cut between two "
        "pieces. The transports received {got}; expected {want}: pass data on as it is, "
        "without decoding it."
    )
    got = [transport.written for transport in transports]
    want = [b"", b"".join(RAW_PIECES), b"".join(RAW_PIECES)]
    expect(scene, got, want, message, pieces=show(RAW_PIECES))
    for transport in transports:
        transport.writes.clear()
    # A clean goodbye, as asyncio tells it: the end of the data, then the connection lost.
    not_a_coroutine_method(bo.eof_received(), "ChatProtocol.eof_received")
    not_a_coroutine_method(bo.connection_lost(None), "ChatProtocol.connection_lost")
    scene = Scene(
        _(
            "The second one said goodbye: its eof_received(), then its connection_lost(None) "
            "were called, as asyncio calls them."
        )
    )
    why = _("remove the client in connection_lost.")
    scene.check(len(clients) == 2 and bo not in clients, held, got=len(clients), want=2, why=why)
    message = _(
        "The transports received {got}; expected {want}: each remaining client is told once, "
        "in connection_lost, which comes however the client goes."
    )
    expect(scene, [transport.written for transport in transports], [LEFT, b"", LEFT], message)
    cy.connection_lost(ConnectionResetError(PEER_RESET))
    setting = _(
        "Then the third one's connection broke: connection_lost(ConnectionResetError(...))."
    )
    scene = Scene(setting)
    expect(scene, len(clients), 1, held, why=_("remove the client whatever exc is."))
    message = _("The first client received {got}; expected {want}, one notice per client gone.")
    expect(scene, transports[0].written, LEFT * 2, message)


MANY_CLIENTS = 500  # more chat clients than any cap a solution might set itself


@task(3, checks=("chat-joins-the-set", "chat-passes-to-the-others"))
async def test_chat_takes_many_clients(topic):
    """500 ChatProtocol(clients) connected: all join, and what one sends reaches the 499 others."""
    clients = set()
    protocols = [topic.ChatProtocol(clients) for _number in range(MANY_CLIENTS)]
    transports = [connected(protocol) for protocol in protocols]
    feed(protocols[0], [b"hi all\n"], "ChatProtocol.data_received")
    reached = sum(transport.written == b"hi all\n" for transport in transports[1:])
    setting = _("{many} ChatProtocol(clients) were connected; the first sent b'hi all\\n'.")
    scene = Scene(setting.format(many=MANY_CLIENTS))
    message = _(
        "clients held {held} entries, and {reached} of the other clients received the message; "
        "expected {many} entries and {others}. The task sets no cap on how many clients "
        "connect: each one joins the set and gets what the others send."
    )
    scene.check(
        len(clients) == MANY_CLIENTS and reached == MANY_CLIENTS - 1,
        message,
        held=len(clients),
        reached=reached,
        many=MANY_CLIENTS,
        others=MANY_CLIENTS - 1,
    )


@task(3, checks=("chat-joins-the-set", "chat-passes-to-the-others"))
async def test_two_chat_servers_keep_their_clients_apart(topic):
    """Two servers' ChatProtocols, each server's set its own: a message stays on its server."""
    first, second = set(), set()
    protocols = [topic.ChatProtocol(first), topic.ChatProtocol(first), topic.ChatProtocol(second)]
    transports = [connected(protocol) for protocol in protocols]
    feed(protocols[0], [b"first only\n"], "ChatProtocol.data_received")
    scene = Scene(
        _(
            "Two ChatProtocol(first) and a ChatProtocol(second) were connected, the clients of "
            "two servers; the first client sent b'first only\\n'."
        )
    )
    message = _(
        "The transports received {got}; expected {want}: a message reaches only the other "
        "clients of its own server, those in the set the protocol was given (not a set the "
        "module or the class shares)."
    )
    got = [transport.written for transport in transports]
    expect(scene, got, [b"", b"first only\n", b""], message)


@task(3, checks=("chat-passes-to-the-others",))
async def test_chat_passes_a_large_piece_as_it_is(topic):
    """A 1 MiB piece from one client reaches each other client whole, as it is."""
    clients = set()
    protocols = [topic.ChatProtocol(clients) for _number in range(3)]
    transports = [connected(protocol) for protocol in protocols]
    feed(protocols[0], [LARGE], "ChatProtocol.data_received")
    got = [len(transport.written) for transport in transports]
    setting = _(
        "Three ChatProtocol(clients) were connected; the first sent one piece of {size} bytes."
    )
    scene = Scene(setting.format(size=len(LARGE)))
    message = _(
        "The other two transports received {got} bytes; expected the {size} bytes sent, each, "
        "byte for byte. The task sets no limit on the size of what is passed on: write data, "
        "all of it, as it came."
    )
    scene.check(
        all(transport.written == LARGE for transport in transports[1:]),
        message,
        got=_("{first} and {second}").format(first=got[1], second=got[2]),
        size=len(LARGE),
    )


@task(
    3,
    checks=(
        "chat-joins-the-set",
        "chat-passes-to-the-others",
        "chat-forgets-who-leaves",
        "chat-tells-who-is-left",
    ),
    realtime=True,
)
async def test_chat_server_over_real_sockets(topic, monkeypatch):
    """A ChatProtocol server relays between real clients and forgets those that go."""
    setting = _("Ran a server of ChatProtocol(clients) on 127.0.0.1 with three clients.")
    async with sockets_test(topic, monkeypatch, setting) as opened:
        scene, clients = opened.scene, set()
        loop = asyncio.get_running_loop()
        port = port_of(await loop.create_server(lambda: topic.ChatProtocol(clients), HOST, 0))
        ada, bo, cy = [await opened.client(port) for _number in range(3)]

        async def expect_members(want, when, why):
            held = await opened.until(lambda: len(clients) == want)
            message = _("{when}; clients held {count} entries, expected {want}: {why}")
            scene.check(held, message, when=when, count=len(clients), want=want, why=why)

        await expect_members(3, _("All three connected"), _("join the set in connection_made."))
        await ada.send(b"hello\n")
        got = [await bo.receive(6, WAIT), await cy.receive(6, WAIT)]
        message = _("The first sent b'hello\\n'; the others received {got}; expected {want}.")
        expect(scene, got, [b"hello\n"] * 2, message)
        bo.close()
        await expect_members(2, _("The second closed its socket"), _("remove it then."))
        got = [await ada.receive(len(LEFT), WAIT), await cy.receive(len(LEFT), WAIT)]
        message = _("The second closed its socket; the others received {got}; expected {want}.")
        expect(scene, got, [LEFT] * 2, message)
        cy.reset()
        why = _("connection_lost(exc) gets an exception; the client leaves all the same.")
        await expect_members(1, _("The third one's connection broke (a TCP reset)"), why)
        message = _("The third one left; the first received {got}; expected {want}.")
        expect(scene, await ada.receive(len(LEFT), WAIT), LEFT, message)


# Task 4: create_connection, a Future resolved in connection_lost


def collector(topic, *pieces):
    """A connected CollectProtocol(done) given ``pieces``: (done, protocol, its scene)."""
    done = asyncio.get_running_loop().create_future()
    protocol = topic.CollectProtocol(done)
    connected(protocol)
    feed(protocol, pieces, "CollectProtocol.data_received")
    setting = _("Gave CollectProtocol(done) the pieces {pieces}.").format(pieces=show(pieces))
    return done, protocol, Scene(setting)


@task(
    4,
    checks=(
        "collect-resolves-at-the-end",
        "collect-resolves-with-the-bytes",
        "collect-passes-on-the-error",
        "collect-leaves-a-cancelled-future",
    ),
)
async def test_collect_resolves_done_when_the_connection_ends(topic):
    """CollectProtocol(done) resolves done in connection_lost: with the bytes, or the error."""
    done, protocol, scene = collector(topic, b"roses ", b"are ", b"red")
    message = _("Still connected, done already held {state}: resolve it in connection_lost.")
    scene.check(not done.done(), message, state=future_state(done))
    not_a_coroutine_method(protocol.connection_lost(None), "CollectProtocol.connection_lost")
    message = _("After connection_lost(None), done held {state}; expected a result: set it there.")
    has_result = done.done() and not done.cancelled() and done.exception() is None
    scene.check(has_result, message, state=future_state(done))
    message = _("After connection_lost(None), done held {got}; expected {want}, the pieces joined.")
    expect(scene, done.result(), b"roses are red", message)
    done, protocol, scene = collector(topic, b"half of it")
    error = ConnectionResetError(PEER_RESET)
    protocol.connection_lost(error)
    message = _(
        "After connection_lost(ConnectionResetError('reset by peer')), done held {state}; "
        "expected that exception, with done.set_exception(exc)."
    )
    has_error = done.done() and not done.cancelled() and done.exception() is error
    scene.check(has_error, message, state=future_state(done))
    done, protocol, scene = collector(topic)
    done.cancel()
    try:
        protocol.connection_lost(None)
    except asyncio.InvalidStateError:
        message = _(
            "With done cancelled (as when request is cancelled), connection_lost(None) "
            "raised InvalidStateError: check done.done() first."
        )
        scene.fail(message)


@task(4, checks=("collect-resolves-with-the-bytes",))
async def test_collect_keeps_a_large_answer_whole(topic):
    """CollectProtocol(done) given 1 MiB in pieces resolves done with all of it."""
    pieces = [LARGE[start : start + PIECE] for start in range(0, len(LARGE), PIECE)]
    done, protocol, _scene = collector(topic, *pieces)
    not_a_coroutine_method(protocol.connection_lost(None), "CollectProtocol.connection_lost")
    setting = _(
        "Gave CollectProtocol(done) {size} bytes in pieces of {piece} bytes, then called "
        "connection_lost(None)."
    )
    scene = Scene(setting.format(size=len(LARGE), piece=PIECE))
    resolved = done.done() and not done.cancelled() and done.exception() is None
    result = done.result() if resolved else None
    message = _(
        "done held {state}; expected all {size} bytes, the pieces joined. The task sets no "
        "limit on the size of an answer: keep every piece."
    )
    scene.check(
        type(result) in (bytes, bytearray) and bytes(result) == LARGE,  # its own __eq__ not run
        message,
        state=future_state(done),
        size=len(LARGE),
    )


REQUEST = b"GET poem\n"
ANSWER = [b"Roses are red,\n", b"sockets are blue,\n", b"the server hangs up\n"]


@task(4, checks=("request-sends-and-collects", "collect-resolves-with-the-bytes"), realtime=True)
async def test_request_collects_until_the_server_closes(topic, monkeypatch):
    """request(HOST, port, b'GET poem\\n') returns all three pieces the server sends."""
    setting = _(
        "Called request('127.0.0.1', port, b'GET poem\\n'); the server reads a line, sends "
        "three pieces 20 ms apart and closes the connection."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:
        heard = []

        async def poet(connection):
            heard.append(await read_line(connection))
            for piece in ANSWER:
                await asyncio.get_running_loop().sock_sendall(connection, piece)
                await asyncio.sleep(0.02)
            connection.close()

        port = await opened.serve_once(poet)
        started = Started()
        answer = await opened.returned(
            topic.request(HOST, port, REQUEST),
            _("It had not returned 1 s later: resolve the future in connection_lost; await it."),
        )
        # Nothing of the call may wait to run after it returned: another connection, say.
        call = f"request('127.0.0.1', {port}, {REQUEST!r})"
        check_nothing_scheduled(started, call=call, remedy=_(NOTHING_LATER_CLIENT))
        message = _("The server received {got}; expected {want}: write it to the transport.")
        expect(opened.scene, heard[0] if heard else b"", REQUEST, message)
        why = _("the answer is whole once the server closes.") if answer == ANSWER[0] else ""
        message = _("It returned {got}; expected {want}, as bytes. {why}")
        expect(opened.scene, answer, b"".join(ANSWER), message, why=why)
        message = _("It did not connect with the running loop's create_connection.")
        opened.scene.check(opened.transports, message)


@task(4, checks=("request-sends-and-collects", "collect-resolves-with-the-bytes"), realtime=True)
async def test_request_returns_empty_bytes_when_the_server_sends_nothing(topic, monkeypatch):
    """request(HOST, port, b'GET poem\\n') returns b'' when the server closes without a word."""
    setting = _(
        "Called request('127.0.0.1', port, b'GET poem\\n'); the server reads a line and closes "
        "the connection cleanly, sending nothing."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:

        async def mute(connection):
            await read_line(connection)
            connection.close()

        try:
            hung = _(
                "It had not returned 1 s later: resolve the future in connection_lost; await it."
            )
            port = await opened.serve_once(mute)
            answer = await opened.returned(topic.request(HOST, port, REQUEST), hung)
        except (Exception, asyncio.CancelledError) as error:
            reraise_not_done(error)
            message = _(
                "It raised {error}; expected b'': a clean close with nothing sent is an empty "
                "answer, not an error (connection_lost(None) sets the result b'')."
            )
            opened.scene.fail(message, error=describe_exception(error, topic.path))
        message = _(
            "It returned {got}; expected {want}: nothing came before a clean close, and all "
            "of nothing is b'', returned as it is."
        )
        expect(opened.scene, answer, b"", message)


@task(4, checks=("request-sends-and-collects",), realtime=True)
async def test_request_sets_no_deadline_of_its_own(topic, monkeypatch):
    """request(HOST, port, b'GET poem\\n') sets no timeout of its own: it waits for the server."""
    setting = _(
        "Called request('127.0.0.1', port, b'GET poem\\n'); the server reads a line, answers "
        "b'Roses are red,\\n' 20 ms later and closes the connection."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:

        async def poet(connection):
            await read_line(connection)
            await asyncio.sleep(0.02)
            await asyncio.get_running_loop().sock_sendall(connection, ANSWER[0])
            connection.close()

        seen = deadlines_set(monkeypatch, topic)
        hung = _("It had not returned 1 s later: resolve the future in connection_lost; await it.")
        port = await opened.serve_once(poet)
        answer = await opened.returned(topic.request(HOST, port, REQUEST), hung)
        check_no_deadline(opened.scene, seen, "request")
        message = _("It returned {got}; expected {want}, as bytes. {why}")
        expect(opened.scene, answer, ANSWER[0], message, why="")


@task(4, checks=("collect-passes-on-the-error",), realtime=True)
async def test_request_raises_when_the_connection_breaks(topic, monkeypatch):
    """request raises ConnectionError when the server resets the connection midway."""
    setting = _(
        "Called request('127.0.0.1', port, b'GET poem\\n'); the server sends b'Roses are' and "
        "then resets the connection (it crashed)."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:

        async def crashing(connection):
            await read_line(connection)
            await asyncio.get_running_loop().sock_sendall(connection, b"Roses are")
            await asyncio.sleep(0.02)
            reset_on_close(connection)
            connection.close()

        with contextlib.suppress(ConnectionError):
            answer = await opened.returned(
                topic.request(HOST, await opened.serve_once(crashing), REQUEST),
                _("It had not returned or raised 1 s later: connection_lost(exc) must resolve it."),
            )
            message = _(
                "It returned {got}; expected it to raise the error connection_lost(exc) "
                "receives: done.set_exception(exc)."
            )
            opened.scene.fail(message, got=show(answer))


@task(4, checks=("request-closes-when-cancelled",), realtime=True)
async def test_request_cancelled_closes_its_connection(topic, monkeypatch):
    """request cancelled by asyncio.timeout(0.05) closes its connection."""
    setting = _(
        "Ran request('127.0.0.1', port, b'GET poem\\n') inside `async with "
        "asyncio.timeout(0.05)`, the server never answering."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:
        accepted = []

        async def silent(connection):
            accepted.append(RawClient(connection, opened.trouble))

        port = await opened.serve_once(silent)
        loop = asyncio.get_running_loop()
        began = loop.time()
        finished, answer = await finish_within(topic.request(HOST, port, REQUEST), 0.05)
        if finished and loop.time() - began >= 0.05:
            message = _(
                "It returned {got} when asyncio.timeout cancelled it: it caught the "
                "CancelledError. Expected it to end cancelled: close the transport in a "
                "`finally:` and let the CancelledError go on."
            )
            opened.scene.fail(message, got=show(answer))
        message = _("It returned {got}, the server silent: await what connection_lost resolves.")
        opened.scene.check(not finished, message, got=show(answer))
        message = _("It never connected to the server.")
        opened.scene.check(await opened.until(lambda: bool(accepted)), message)
        message = _("Cancelled, it left the connection open: close the transport in a `finally:`.")
        opened.scene.check((await accepted[0].receive_to_end(WAIT))[1], message)


CONNECT_FIRST = N_(
    "Connect before the try whose finally closes the transport, not inside it: when "
    "create_connection fails there is no transport to close, and its error goes on as it is."
)


@task(4, checks=("request-connect-errors-go-on",), realtime=True)
async def test_request_raises_when_the_connection_is_refused(topic, monkeypatch):
    """request to a port nobody listens on raises the ConnectionRefusedError itself."""
    port = free_port()
    setting = _(
        "Called request('127.0.0.1', {port}, b'GET poem\\n'), a port nobody listens on: the "
        "connection is refused."
    ).format(port=port)
    async with sockets_test(topic, monkeypatch, setting) as opened:
        loop, refusals = asyncio.get_running_loop(), []
        watched_create_connection = loop.create_connection

        async def create_connection(*args, **kwargs):
            try:
                return await watched_create_connection(*args, **kwargs)
            except OSError as error:
                refusals.append(error)
                raise

        monkeypatch.setattr(loop, "create_connection", create_connection)
        try:
            finished, answer = await finish_within(topic.request(HOST, port, REQUEST), 1.0)
        except NotImplementedError:
            raise
        except Exception as error:
            raised = error
        else:
            message = _("It had not returned or raised 1 s after the connection was refused.")
            opened.scene.check(finished, message)
            message = _(
                "It returned {got}; expected the ConnectionRefusedError create_connection "
                "raised to reach the caller: a refused connection is not an empty answer."
            )
            opened.scene.fail(message, got=show(answer))
        message = _("It never called the running loop's create_connection.")
        opened.scene.check(refusals, message)
        message = _(
            "It raised {got}; expected the error create_connection raised, as it is: {want}. {fix}"
        )
        got, want = (
            describe_error({"exception": raised}),
            describe_error({"exception": refusals[0]}),
        )
        opened.scene.check(raised is refusals[0], message, got=got, want=want, fix=_(CONNECT_FIRST))


@task(4, checks=("request-connect-errors-go-on",))
async def test_request_cancelled_while_connecting_ends_cancelled(topic, monkeypatch):
    """request cancelled while create_connection still waits ends cancelled, nothing else."""
    scene = Scene(
        _(
            "Cancelled request('127.0.0.1', port, b'GET poem\\n') while the running loop's "
            "create_connection was still connecting (a slow server)."
        )
    )
    loop, connecting = asyncio.get_running_loop(), asyncio.Event()

    async def slow_create_connection(*args, **kwargs):
        connecting.set()
        await asyncio.sleep(60.0)  # a slow server: the test cancels request first
        raise ConnectionRefusedError  # never reached: cancelled at 0 s

    monkeypatch.setattr(loop, "create_connection", slow_create_connection)
    worker = asyncio.create_task(topic.request(HOST, free_port(), REQUEST))
    waiter = asyncio.create_task(connecting.wait())
    await asyncio.wait({worker, waiter}, timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if worker.done() and isinstance(worker.exception(), NotImplementedError):
        raise worker.exception()
    worker.cancel()
    if not connecting.is_set():
        await asyncio.wait({worker}, timeout=1.0)
        scene.fail(_("It never called the running loop's create_connection."))
    try:
        await worker
    except asyncio.CancelledError:
        if not worker.cancelled():
            raise
        return
    except Exception as error:
        message = _("It raised {got}; expected it to end cancelled. {fix}")
        got = describe_error({"exception": error})
        scene.fail(message, got=got, fix=_(CONNECT_FIRST))
    message = _("It returned {got}; expected it to end cancelled: let the CancelledError go on.")
    scene.fail(message, got=show(worker.result()))


# Task 5: flow control, pause_writing / resume_writing

CHUNK = 64 * 1024
CHUNKS = 16  # 1 MiB in all
RAISED, WAITED, RETURNED = N_("raised"), N_("waited for 1 s and more"), N_("returned")
OTHER_ERROR = N_("raised a ConnectionError that is not a ConnectionResetError")


async def write_outcome(writer, data):
    """How ``await writer.write(data)`` ended: RAISED (ConnectionResetError), OTHER_ERROR
    (another ConnectionError), WAITED or RETURNED."""
    try:
        async with asyncio.timeout(1.0):
            await writer.write(data)
    except ConnectionResetError:
        return RAISED
    except ConnectionError:
        return OTHER_ERROR
    except TimeoutError:
        return WAITED
    return RETURNED


@task(5, checks=("gated-sets-high-water", "gated-writes-when-open", "gated-waits-while-paused"))
async def test_gated_writer_writes_when_open_and_waits_while_paused(topic):
    """GatedWriter sets HIGH_WATER, writes when not paused, and waits while paused."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    scene = Scene(_("Called GatedWriter().connection_made(transport)."))
    high = transport.limits[0] if transport.limits else None
    message = (
        _(
            "It called transport.set_write_buffer_limits({call}), which sets the high-water "
            "mark to {got}; expected HIGH_WATER, {want}."
        )
        if transport.limits
        else _("It never called transport.set_write_buffer_limits(high=HIGH_WATER), {want}.")
    )
    call = transport.call
    scene.check(high == topic.HIGH_WATER, message, call=call, got=high, want=topic.HIGH_WATER)
    async with asyncio.timeout(1.0):
        await writer.write(b"first")
    message = _("writer.write(b'first'), not paused, wrote {got}; expected {want}.")
    expect(scene, transport.written, b"first", message)
    transport.writes.clear()
    not_a_coroutine_method(writer.pause_writing(), "GatedWriter.pause_writing")
    waiting = [asyncio.create_task(writer.write(data)) for data in (b"one", b"two")]
    scene = Scene(_("Called pause_writing(), then started writer.write(b'one') and (b'two')."))
    try:
        await settle(20)
        early = [t.exception() for t in waiting if t.done()]
        for error in early:
            if isinstance(error, NotImplementedError):
                raise error
        message = _(
            "The transport received {got} while paused; expected nothing until "
            "resume_writing(): wait, for example on an asyncio.Event that pause_writing "
            "clears and resume_writing sets."
        )
        scene.check(transport.written == b"" and not early, message, got=show(transport.written))
        not_a_coroutine_method(writer.resume_writing(), "GatedWriter.resume_writing")
        finished, _result = await finish_within(asyncio.gather(*waiting), 1.0)
        message = _("1 s after resume_writing(), the writes still waited: let every one go on.")
        scene.check(finished, message)
        message = _("After resume_writing(), the transport got {got}; expected {want}.")
        expect(scene, sorted(transport.writes), [b"one", b"two"], message)
    finally:
        for started in waiting:
            started.cancel()


PAUSE = 2.0  # seconds of loop time a test keeps a GatedWriter paused


@task(5, checks=("gated-waits-while-paused",))
async def test_gated_writer_waits_as_long_as_it_is_paused(topic, monkeypatch):
    """A GatedWriter paused a while: its write waits, with no timeout of its own, then goes."""
    seen = deadlines_set(monkeypatch, topic)
    writer = topic.GatedWriter()
    transport = connected(writer)
    writer.pause_writing()
    waiting = asyncio.create_task(writer.write(b"patient"))
    setting = _(
        "Paused a GatedWriter, started writer.write(b'patient'), resumed {seconds} s later."
    )
    scene = Scene(setting.format(seconds=f"{PAUSE:g}"))
    try:
        await asyncio.sleep(PAUSE)
        if waiting.done() and waiting.exception() is not None:
            reraise_not_done(waiting.exception())
        check_no_deadline(scene, seen, "write")
        writer.resume_writing()
        finished, _result = await finish_within(waiting, 1.0)
        message = _("1 s after resume_writing(), the writes still waited: let every one go on.")
        scene.check(finished, message)
        message = _("After resume_writing(), the transport got {got}; expected {want}.")
        expect(scene, transport.written, b"patient", message)
    finally:
        waiting.cancel()


@task(5, checks=("cancelled", "left-running"), guard=CLEANUP_GUARD)
async def test_gated_writer_write_cancelled_while_paused_ends_cancelled(topic):
    """A paused GatedWriter's write, cancelled 1 s into its wait, ends cancelled."""
    writer = topic.GatedWriter()
    connected(writer)
    writer.pause_writing()
    scene = Scene(_("Paused a GatedWriter and started writer.write(b'held') as a task."))
    await check_cancelled_while_waiting(scene, writer.write(b"held"), after=1.0)


@task(5, checks=("gated-raises-once-lost",))
@pytest.mark.parametrize("paused", [True, False], ids=["paused", "never-paused"])
async def test_gated_writer_raises_once_the_connection_is_lost(topic, paused):
    """Connection lost: a GatedWriter's waiting write, or a new one, raises ConnectionResetError."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    if paused:
        writer.pause_writing()
        waiting = asyncio.create_task(write_outcome(writer, b"stuck"))
        await settle(20)
        scene = Scene(_("Paused a GatedWriter, started a write, then lost the connection."))
    else:
        scene = Scene(_("A GatedWriter, never paused, lost its connection."))
    lost = None if paused else ConnectionResetError(PEER_RESET)
    not_a_coroutine_method(writer.connection_lost(lost), "GatedWriter.connection_lost")
    message = _("{what} {outcome}, writing {got}; expected it to raise ConnectionResetError.")
    if paused:
        outcome = await waiting
        what = _("The waiting write (connection_lost must wake it)")
        got = show(transport.written)
        scene.check(outcome is RAISED, message, what=what, outcome=_(outcome), got=got)
    before = len(transport.writes)
    outcome = await write_outcome(writer, b"late")
    what, got = _("Then writer.write(b'late') (check the loss in write)"), transport.writes[before:]
    raised = outcome is RAISED and not got
    scene.check(raised, message, what=what, outcome=_(outcome), got=show(b"".join(got)))


TWO_WRITERS = N_(
    "Connected two GatedWriters, first and second, paused first, then awaited "
    "second.write(b'free'); then resumed first, paused second and awaited first.write(b'also')."
)


@task(5, checks=("shared-state",))
async def test_two_gated_writers_each_wait_on_their_own_pause(topic):
    """Two GatedWriters: the one whose transport paused it waits, the other writes at once."""
    first, second = topic.GatedWriter(), topic.GatedWriter()
    transports = connected(first), connected(second)
    first.pause_writing()
    outcomes = [await write_outcome(second, b"free")]
    first.resume_writing()
    second.pause_writing()
    outcomes.append(await write_outcome(first, b"also"))
    second.resume_writing()
    got = [transport.written for transport in transports]
    Scene(_(TWO_WRITERS)).check(
        outcomes == [RETURNED, RETURNED] and same(got, [b"also", b"free"]),
        _(
            "second.write(b'free') {outcome_a} and first.write(b'also') {outcome_b}; the "
            "transports got {got_a} and {got_b}. Expected both to return at once, first's "
            "transport getting b'also' and second's b'free': a pause holds up only the writer "
            "it was called on. Keep what write waits on in each object (set up in __init__), not "
            "in anything every GatedWriter shares."
        ),
        outcome_a=_(outcomes[0]),
        outcome_b=_(outcomes[1]),
        got_a=show(got[0]),
        got_b=show(got[1]),
    )


@task(5, checks=("gated-waits-while-paused",), realtime=True)
async def test_gated_writer_keeps_the_buffer_small_for_a_slow_reader(topic, monkeypatch):
    """1 MiB through a GatedWriter to a peer that reads late: the buffer stays small."""
    setting = _(
        "Awaited writer.write(chunk) {chunks} times with chunks of {size} KiB, over a real "
        "connection whose reader starts reading after 0.05 s."
    ).format(chunks=CHUNKS, size=CHUNK // 1024)
    async with sockets_test(topic, monkeypatch, setting) as opened:
        loop = asyncio.get_running_loop()
        chunks = [bytes([index]) * CHUNK for index in range(CHUNKS)]
        received = bytearray()

        async def slow_reader(connection):
            await asyncio.sleep(0.05)
            # Small while not reading, so the writer's transport fills up; then read fast.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            while len(received) < CHUNK * CHUNKS and (
                piece := await loop.sock_recv(connection, 256 * 1024)
            ):
                received.extend(piece)

        port = await opened.serve_once(slow_reader, receive_buffer=4096)
        reading = opened.tasks[-1]
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        opened.sockets.append(client)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        client.setblocking(False)
        await loop.sock_connect(client, (HOST, port))
        transport, writer = await loop.create_connection(topic.GatedWriter, sock=client)
        buffered = []

        async def write_all():
            for chunk in chunks:
                await writer.write(chunk)
                buffered.append(transport.get_write_buffer_size())
            await reading

        message = _("The writes had not all gone through 2 s later: resume_writing lets them on.")
        await opened.returned(write_all(), message, seconds=2.0)
        message = _(
            "The transport's buffer grew to {peak} KiB; expected at most {limit} KiB (the "
            "high-water mark and one chunk): write did not wait while paused."
        )
        peak, limit = max(buffered), topic.HIGH_WATER + CHUNK
        opened.scene.check(peak <= limit, message, peak=peak // 1024, limit=limit // 1024)
        message = (
            _("The reader received {got} bytes; expected the {want} bytes written, in order.")
            if len(received) != CHUNK * CHUNKS
            else _("The reader received {got} bytes, out of order; expected the {want}, in order.")
        )
        whole = bytes(received) == b"".join(chunks)
        opened.scene.check(whole, message, got=len(received), want=CHUNK * CHUNKS)
