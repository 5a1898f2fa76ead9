"""Hidden tests for topic 15: protocols and transports.

Two kinds of test. Unit tests hand the learner's protocol a FakeTransport and call its
methods the way the loop would, with the exact pieces of data the test wants (virtual
clock, deterministic). Socket tests run the protocol on real loopback sockets, on the real
clock, and talk to it as clients do: plain non-blocking sockets driven by the loop's
``sock_*`` methods, and asyncio streams. Everything a test opens, or sees the learner's
code open through ``loop.create_server`` / ``loop.create_connection``, is closed at the end.
"""

import asyncio
import contextlib
import encodings.idna  # noqa: F401  (see below)
import socket

import pytest

from grader import N_, _, check, fail, same, show, task
from grader.inside.loader import describe_exception
from grader.inside.network import (
    LOOPBACK,
    Opened,
    RawClient,
    eventually,
    free_port,
    listening_addresses,
    loopback_socket,
    port_of,
    reset_on_close,
    within,
)
from grader.inside.running import settle
from grader.inside.suite import Scene

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
        "request-closes-when-cancelled": "a cancelled request closes its connection on the way out",
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


# socket.getaddrinfo imports the idna codec the first time it runs; importing it here keeps
# that import (a file read) from being reported as the learner's blocking call.

HOST = LOOPBACK
WAIT = 0.5  # seconds of real time to wait for an answer before calling it missing
QUIET = 0.05  # seconds of real time of silence that count as "nothing more came"
PEER_RESET = "reset by peer"  # the text of the ConnectionResetError the unit tests pass


# ---------------------------------------------------------------------------------------
# Unit tests: a transport that records what the protocol does with it


class FakeTransport(asyncio.Transport):
    """Stands in for a socket's transport and records what the protocol does with it."""

    def __init__(self, peer=(HOST, 50000)):
        super().__init__()
        self.writes = []
        self.closed = False
        self.limits = None
        self.peer = peer

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

    def get_extra_info(self, name, default=None):
        return {"peername": self.peer, "sockname": (HOST, 8888)}.get(name, default)

    def set_write_buffer_limits(self, high=None, low=None):
        self.limits = (high, low)

    def get_write_buffer_size(self):
        return 0

    def can_write_eof(self):
        return True

    def pause_reading(self):
        pass

    resume_reading = pause_reading

    def is_reading(self):
        return not self.closed


def connected(protocol, peer=(HOST, 50000)):
    """Call ``protocol.connection_made`` with a new FakeTransport, and return the transport."""
    transport = FakeTransport(peer)
    protocol.connection_made(transport)
    return transport


def not_a_coroutine_method(value, what):
    if asyncio.iscoroutine(value):
        value.close()
        fail(
            _(
                "{what} returned a coroutine object, so none of its code ran. The loop calls "
                "protocol methods as plain functions: write them with `def`, not `async def`."
            ),
            what=what,
        )


def feed(protocol, pieces, what):
    """Hand ``pieces`` to ``protocol.data_received`` one by one; ``what`` names the method."""
    for piece in pieces:
        not_a_coroutine_method(protocol.data_received(piece), what)


def future_state(future):
    """What a future holds, in words, without raising."""
    if not future.done():
        return _("nothing yet")
    if future.cancelled():
        return _("nothing: it was cancelled")
    if future.exception() is not None:
        error = future.exception()
        return _("the exception {error}").format(error=f"{type(error).__name__}({str(error)!r})")
    result = future.result()
    return _("the result {result} (a {type})").format(
        result=show(result), type=type(result).__name__
    )


# ---------------------------------------------------------------------------------------
# Socket tests: everything opened is closed, and errors the loop catches are reported


class Watched(Opened):
    """What a socket test opened, with the servers and connections the loop made; ``trouble``
    is set once the loop has caught an error from the learner's code (waiting is then
    pointless: the connection was closed, and the error is what the test reports)."""

    def __init__(self, monkeypatch, loop, setting):
        super().__init__()
        self.scene = Scene(setting)  # what every message of the test starts with
        self.factories = {}  # id(server): the protocol factory it was made with
        self.trouble = asyncio.Event()
        real_create_server = loop.create_server
        real_create_connection = loop.create_connection

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

    async def within(self, awaitable, wait=WAIT):
        """Await for at most ``wait`` s; TimeoutError then, or as soon as trouble comes."""
        return await within(awaitable, wait, self.trouble)

    async def until(self, condition, wait=WAIT):
        """Wait until ``condition()`` holds (or trouble comes); return whether it does."""
        return await eventually(condition, wait, self.trouble)

    async def stream_receive(self, reader, count, wait=WAIT):
        """Up to ``count`` bytes from an asyncio StreamReader: fewer at its end or after
        ``wait`` seconds."""
        received = bytearray()

        async def fill():
            while len(received) < count and (piece := await reader.read(count - len(received))):
                received.extend(piece)

        with contextlib.suppress(TimeoutError):
            await self.within(fill(), wait)
        return bytes(received)

    def listener(self, receive_buffer=None):
        """A listening plain socket on loopback; returns it and its port."""
        sock = loopback_socket()
        self.sockets.append(sock)
        if receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        sock.bind((HOST, 0))
        sock.listen()
        return sock, port_of_socket(sock)

    async def serve_once(self, script, receive_buffer=None):
        """A listening socket whose first connection ``script(connection)`` handles, in the
        background; returns its port."""
        sock, port = self.listener(receive_buffer)

        async def accept_and_run():
            connection, _address = await asyncio.get_running_loop().sock_accept(sock)
            self.sockets.append(connection)
            connection.setblocking(False)
            await script(connection)

        self.background(accept_and_run())
        return port


def port_of_socket(sock):
    return sock.getsockname()[1]


@contextlib.asynccontextmanager
async def sockets_test(topic, monkeypatch, setting):
    """Spy on the loop, collect what it reports, and close everything at the end.

    An error raised inside a protocol method never reaches the test: the loop logs it (here:
    collects it) and closes the connection. Such an error is reported in place of whatever
    the test then saw go wrong, because it is the cause; NotImplementedError becomes
    "Not done yet".
    """
    loop = asyncio.get_running_loop()
    opened = Watched(monkeypatch, loop, setting)
    errors = []

    def collect(_loop, context):
        errors.append(context)
        opened.trouble.set()

    previous = loop.get_exception_handler()
    loop.set_exception_handler(collect)
    try:
        yield opened
    finally:
        try:
            await opened.close()
        finally:
            loop.set_exception_handler(previous)
            report_loop_errors(topic, errors, setting)


def report_loop_errors(topic, errors, setting):
    for context in errors:
        if isinstance(context.get("exception"), NotImplementedError):
            raise context["exception"]
    if not errors:
        return
    error = errors[0].get("exception")
    if error is None:
        Scene(setting).fail(
            _("The loop reported: {message}."),
            message=errors[0].get("message") or _("an error"),
        )
    Scene(setting).fail(
        _(
            "Your code raised {error}. The loop called your protocol's method itself, "
            "so the error reached none of your code: the loop logged it and closed the "
            "connection. A protocol method must not let an exception escape."
        ),
        error=describe_exception(error, topic.path),
    )


async def read_line(sock):
    """Bytes up to and including the first newline (or all until the peer closes)."""
    loop = asyncio.get_running_loop()
    data = b""
    while b"\n" not in data and (piece := await loop.sock_recv(sock, 4096)):
        data += piece
    return data


async def serve(factory):
    """A server of the learner's protocol, started by the test on a free port."""
    server = await asyncio.get_running_loop().create_server(factory, HOST, 0)
    return server, port_of(server)


# ---------------------------------------------------------------------------------------
# Task 1: create_server with a Protocol


@task(1, checks=("shout-answers-in-capitals",))
async def test_shout_protocol_answers_in_capitals(topic):
    """ShoutProtocol answers each piece of data with the same bytes in capitals."""
    protocol = topic.ShoutProtocol()
    transport = connected(protocol)
    feed(protocol, (b"hello, ", b"World 42", b"!"), "ShoutProtocol.data_received")
    check(
        transport.written == b"HELLO, WORLD 42!",
        _(
            "Gave ShoutProtocol the pieces b'hello, ', b'World 42', b'!'. It wrote {got} to its "
            "transport; expected b'HELLO, WORLD 42!': write data.upper() to the transport that "
            "connection_made received."
        ),
        got=show(transport.written),
    )


@task(1, checks=("shout-answers-in-capitals",))
async def test_shout_protocol_answers_any_bytes(topic):
    """ShoutProtocol answers bytes that are not text, b'\\xffdata\\x00', with b'\\xffDATA\\x00'."""
    protocol = topic.ShoutProtocol()
    transport = connected(protocol)
    pieces = (b"\xffda", b"ta\x00", b"caf\xc3", b"\xa9")
    feed(protocol, pieces, "ShoutProtocol.data_received")
    expected = b"\xffDATA\x00CAF\xc3\xa9"
    check(
        same(transport.written, expected),
        _(
            "Gave ShoutProtocol the pieces {pieces}: bytes that are not all text, and a UTF-8 "
            "letter cut in two. It wrote {got}; expected {want}: the same bytes, capitals where "
            "they are ASCII letters. data.upper() works on bytes as they are; decoding a piece "
            "as text fails on them."
        ),
        pieces=show(pieces),
        got=show(transport.written),
        want=show(expected),
    )


@task(1, checks=("shout-server-returned",), realtime=True)
async def test_shout_server_listens_on_the_given_port(topic, monkeypatch):
    """start_shout_server('127.0.0.1', port) listens on that port, not on one of its own."""
    port = free_port()  # start_shout_server may take it
    setting = _("Called start_shout_server('127.0.0.1', {port}), a free port.").format(port=port)
    async with sockets_test(topic, monkeypatch, setting) as opened:
        async with asyncio.timeout(1.0):
            server = await topic.start_shout_server(HOST, port)
        opened.scene.check(
            isinstance(server, asyncio.Server),
            _("It returned {got}; expected an asyncio.Server."),
            got=show(server),
        )
        listening = listening_addresses([server])
        opened.scene.check(
            listening == [(HOST, port)],
            _(
                "The server listens on {got}; expected {want}: pass host and port on "
                "to create_server."
            ),
            got=show(listening),
            want=show([(HOST, port)]),
        )
        opened.scene.check(opened.servers, _("create_server was never called."))


@task(1, checks=("shout-server-returned", "shout-one-protocol-per-connection"), realtime=True)
async def test_shout_server_serves_several_clients(topic, monkeypatch):
    """start_shout_server(HOST, 0) returns a listening Server; each client gets its capitals."""
    setting = _("Started start_shout_server('127.0.0.1', 0) and connected three clients.")
    async with sockets_test(topic, monkeypatch, setting) as opened:
        try:
            async with asyncio.timeout(1.0):
                server = await topic.start_shout_server(HOST, 0)
        except TimeoutError:
            fail(
                _(
                    "Called start_shout_server('127.0.0.1', 0). It had not returned after 1 s. "
                    "Return the server that loop.create_server gives; do not call "
                    "serve_forever(): the caller decides how long it runs."
                )
            )
        check(
            isinstance(server, asyncio.Server),
            _(
                "Called start_shout_server('127.0.0.1', 0). It returned {got}; expected the "
                "asyncio.Server that `await loop.create_server(...)` gives."
            ),
            got=show(server),
        )
        check(
            server.is_serving(),
            _("start_shout_server returned a Server that is not accepting connections."),
        )
        check(
            id(server) in opened.factories,
            _(
                "start_shout_server returned a server that loop.create_server did not make: "
                "start it with `await asyncio.get_running_loop().create_server(...)`."
            ),
        )
        made = opened.factories[id(server)]()
        check(
            isinstance(made, topic.ShoutProtocol),
            _(
                "start_shout_server's server makes {type} objects for its connections; expected "
                "ShoutProtocol: pass the class itself (a protocol factory) to create_server."
            ),
            type=type(made).__name__,
        )
        first = await opened.client(port_of(server))
        second = await opened.client(port_of(server))
        reader, writer = await asyncio.open_connection(HOST, port_of(server))
        opened.writers.append(writer)
        await first.send(b"abc")
        await second.send(b"Some Words")
        writer.write(b"streams too")
        await writer.drain()
        answers = [
            await first.receive(3, WAIT),
            await second.receive(10, WAIT),
            await opened.stream_receive(reader, 11),
        ]
        expected = [b"ABC", b"SOME WORDS", b"STREAMS TOO"]
        opened.scene.check(
            answers == expected,
            _(
                "They sent b'abc', b'Some Words' and b'streams too', and received "
                "{got}; expected {want}, each its own capitals."
            ),
            got=show(answers),
            want=show(expected),
        )


# ---------------------------------------------------------------------------------------
# Task 2: buffering in data_received


def feed_sum(protocol, pieces):
    try:
        feed(protocol, pieces, "SumProtocol.data_received")
    except ValueError as error:
        fail(
            _(
                "Gave SumProtocol the pieces {pieces}. data_received raised {error}. On a real "
                "server the loop would close the connection. Answer b'error\\n' for a line that "
                "is not numbers, and only read numbers from complete lines."
            ),
            pieces=show(pieces),
            error=f"{type(error).__name__}: {error}",
        )


def expect_sums(topic, pieces, expected, hint=""):
    protocol = topic.SumProtocol()
    transport = connected(protocol)
    feed_sum(protocol, pieces)
    got = transport.written
    if got != expected and not hint:
        if len(transport.writes) > expected.count(b"\n"):
            hint = _(
                "It answered more often than there are lines: data_received treated a piece as "
                "if it were whole lines. Keep the piece in a buffer until its newline arrives."
            )
        elif len(transport.writes) < expected.count(b"\n"):
            hint = _("Some lines got no answer: answer every complete line in the buffer.")
    message = _(
        "Gave SumProtocol the pieces {pieces} (as data_received calls). It wrote {got}; "
        "expected {want}. {hint}"
    )
    check(
        got == expected,
        message.format(pieces=show(pieces), got=show(got), want=show(expected), hint=hint).rstrip(),
    )


SUMS = [  # the pieces given to data_received, what it must write, what to do when it does not
    ([b"12 30\n"], b"42\n", None),
    ([b"\n"], b"0\n", None),
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
]


@task(
    2,
    checks=("sum-answers-each-line", "sum-integers", "sum-buffers-lines", "sum-error-keeps-going"),
)
@pytest.mark.parametrize(("pieces", "expected", "hint"), SUMS)
async def test_sum_answers_each_line(topic, pieces, expected, hint):
    """SumProtocol answers each whole line, however its pieces arrive: its sum, or b'error\\n'."""
    expect_sums(topic, pieces, expected, _(hint) if hint else "")


@task(2, checks=("sum-buffers-lines",))
async def test_sum_keeps_one_buffer_per_connection(topic):
    """Two SumProtocol connections, each with half a line pending, do not mix their bytes."""
    first, second = topic.SumProtocol(), topic.SumProtocol()
    first_transport, second_transport = connected(first), connected(second)
    feed_sum(first, [b"1 "])
    feed_sum(second, [b"2 3\n"])
    feed_sum(first, [b"4\n"])
    got = (first_transport.written, second_transport.written)
    check(
        got == (b"5\n", b"5\n"),
        _(
            "Two connections: the first got b'1 ', then the second b'2 3\\n', then the first "
            "b'4\\n'. They answered {got}; expected (b'5\\n', b'5\\n'). Each protocol object "
            "needs its own buffer: create it in connection_made (or __init__), not as a class "
            "attribute."
        ),
        got=show(got),
    )


@task(2, checks=("sum-buffers-lines", "sum-error-keeps-going"), realtime=True)
async def test_sum_server_over_real_sockets(topic, monkeypatch):
    """A SumProtocol server answers a line sent byte by byte and two lines sent at once."""
    setting = _("Ran a server with loop.create_server(SumProtocol, '127.0.0.1', 0).")
    async with sockets_test(topic, monkeypatch, setting) as opened:
        _server, port = await serve(topic.SumProtocol)
        client = await opened.client(port)
        await client.send_byte_by_byte(b"12 30\n", pause=0.002)
        answer = await client.receive(3, WAIT)
        answer += await client.receive(100, wait=QUIET)
        for sent, expected, message in (
            (
                None,
                b"42\n",
                _(
                    "A client sent b'12 30\\n' one byte at a time and received {got}; "
                    "expected b'42\\n'. A line may arrive in many pieces: keep them in a buffer "
                    "until the newline comes."
                ),
            ),
            (
                b"1 2\n3 4\n",
                b"3\n7\n",
                _(
                    "A client sent b'1 2\\n3 4\\n' in one write and received {got}; "
                    "expected b'3\\n7\\n': one answer per line."
                ),
            ),
            (
                b"oops\n5 5\n",
                b"error\n10\n",
                _(
                    "A client sent b'oops\\n5 5\\n' and received {got}; expected "
                    "b'error\\n10\\n': the connection must survive a line that is not numbers."
                ),
            ),
        ):
            if sent is not None:
                await client.send(sent)
                answer = await client.receive(len(expected), WAIT)
            opened.scene.check(answer == expected, message, got=show(answer))
        reader, writer = await asyncio.open_connection(HOST, port)
        opened.writers.append(writer)
        await client.send(b"1 ")
        writer.write(b"2 3\n")
        await writer.drain()
        other = await opened.stream_receive(reader, 2)
        await client.send(b"4\n")
        answer = await client.receive(2, WAIT)
        opened.scene.check(
            (answer, other) == (b"5\n", b"5\n"),
            _(
                "One client sent b'1 ', a second one b'2 3\\n', then the first "
                "b'4\\n'. They received {got} and {other}; expected b'5\\n' each: every "
                "connection has a protocol object of its own, with its own buffer."
            ),
            got=show(answer),
            other=show(other),
        )


# ---------------------------------------------------------------------------------------
# Task 3: connection_lost, tracking clients

LEFT = b"* a client left\n"


def chat_of_three(topic):
    """Three ChatProtocol(clients) connected to FakeTransports: (clients, protocols, transports)."""
    clients = set()
    protocols = [topic.ChatProtocol(clients) for _number in range(3)]
    return clients, protocols, [connected(protocol) for protocol in protocols]


@task(3, checks=("chat-joins-the-set", "chat-passes-to-the-others"))
async def test_chat_passes_messages_to_the_others(topic):
    """ChatProtocol: three clients join the set; what one sends reaches the two others."""
    clients, (ada, _bo, _cy), transports = chat_of_three(topic)
    check(
        len(clients) == 3,
        _(
            "Made three ChatProtocol(clients) and called their connection_made. clients holds "
            "{count} entries; expected 3: each connection joins the set in connection_made."
        ),
        count=len(clients),
    )
    feed(ada, [b"hi all\n"], "ChatProtocol.data_received")
    got = [transport.written for transport in transports]
    check(
        got == [b"", b"hi all\n", b"hi all\n"],
        _(
            "Three chat clients; the first sent b'hi all\\n'. The three transports received "
            "{got}; expected [b'', b'hi all\\n', b'hi all\\n']: the others get it, as is, and "
            "the sender does not get it back."
        ),
        got=show(got),
    )


@task(3, checks=("chat-forgets-who-leaves", "chat-tells-who-is-left"))
async def test_chat_forgets_clients_that_go(topic):
    """ChatProtocol.connection_lost, clean or broken, leaves the set and tells the others."""
    clients, (_ada, bo, cy), transports = chat_of_three(topic)
    not_a_coroutine_method(bo.connection_lost(None), "ChatProtocol.connection_lost")
    check(
        len(clients) == 2 and bo not in clients,
        _(
            "Three chat clients; the second one's connection_lost(None) was called (a clean "
            "goodbye). clients then held {count} entries; expected 2: remove the client in "
            "connection_lost."
        ),
        count=len(clients),
    )
    got = [transport.written for transport in transports]
    check(
        got == [LEFT, b"", LEFT],
        _(
            "Three chat clients; the second one left. The transports received {got}; expected "
            "{want}: each remaining client is told."
        ),
        got=show(got),
        want=show([LEFT, b"", LEFT]),
    )
    cy.connection_lost(ConnectionResetError(PEER_RESET))
    check(
        len(clients) == 1,
        _(
            "Then the third one's connection broke: connection_lost(ConnectionResetError(...)). "
            "clients held {count} entries; expected 1. A broken connection is gone too: remove "
            "the client whatever exc is."
        ),
        count=len(clients),
    )
    check(
        transports[0].written == LEFT * 2,
        _(
            "The first client, left alone, received {got}; expected {want}, one notice for each "
            "client that left."
        ),
        got=show(transports[0].written),
        want=show(LEFT * 2),
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
        clients = set()
        _server, port = await serve(lambda: topic.ChatProtocol(clients))
        reader, writer = await asyncio.open_connection(HOST, port)
        opened.writers.append(writer)
        bo = await opened.client(port)
        cy = await opened.client(port)
        opened.scene.check(
            await opened.until(lambda: len(clients) == 3),
            _("Once all three had connected, clients held {count} entries; expected 3."),
            count=len(clients),
        )
        writer.write(b"hello\n")
        await writer.drain()
        got = [await bo.receive(6, WAIT), await cy.receive(6, WAIT)]
        opened.scene.check(
            got == [b"hello\n", b"hello\n"],
            _("The first sent b'hello\\n'; the others received {got}; expected b'hello\\n' each."),
            got=show(got),
        )
        bo.close()
        opened.scene.check(
            await opened.until(lambda: len(clients) == 2),
            _(
                "The second one closed its socket; clients still held {count} "
                "entries, expected 2: remove it in connection_lost."
            ),
            count=len(clients),
        )
        notices = [
            await opened.stream_receive(reader, len(LEFT)),
            await cy.receive(len(LEFT), WAIT),
        ]
        opened.scene.check(
            notices == [LEFT, LEFT],
            _("The second closed its socket; the other two received {got}; expected {want} each."),
            got=show(notices),
            want=show(LEFT),
        )
        cy.reset()
        opened.scene.check(
            await opened.until(lambda: len(clients) == 1),
            _(
                "The third one's connection broke (a TCP reset); clients still held "
                "{count} entries, expected 1: connection_lost(exc) gets an exception then, and "
                "the client must leave all the same."
            ),
            count=len(clients),
        )
        notice = await opened.stream_receive(reader, len(LEFT))
        check(
            notice == LEFT,
            _("The first client received {got}; expected {want}."),
            got=show(notice),
            want=show(LEFT),
        )


# ---------------------------------------------------------------------------------------
# Task 4: create_connection, a Future resolved in connection_lost


@task(4, checks=("collect-resolves-at-the-end", "collect-resolves-with-the-bytes"))
async def test_collect_resolves_done_when_the_connection_ends(topic):
    """CollectProtocol(done) gathers pieces; connection_lost(None) sets done to all of them."""
    done = asyncio.get_running_loop().create_future()
    protocol = topic.CollectProtocol(done)
    connected(protocol)
    feed(protocol, (b"roses ", b"are ", b"red"), "CollectProtocol.data_received")
    check(
        not done.done(),
        _(
            "Gave CollectProtocol(done) three pieces of data, the connection still open. done "
            "already held {state}, but the server may still send more: resolve it in "
            "connection_lost."
        ),
        state=future_state(done),
    )
    not_a_coroutine_method(protocol.connection_lost(None), "CollectProtocol.connection_lost")
    check(
        done.done(),
        _(
            "Called CollectProtocol(done).connection_lost(None) after three pieces; done was "
            "still not resolved, so request would wait forever. Set its result there."
        ),
    )
    check(
        not done.cancelled() and done.exception() is None and same(done.result(), b"roses are red"),
        _(
            "Gave CollectProtocol(done) the pieces b'roses ', b'are ', b'red', then "
            "connection_lost(None). done held {state}; expected the result b'roses are red', as "
            "bytes: b''.join(the pieces)."
        ),
        state=future_state(done),
    )


@task(4, checks=("collect-passes-on-the-error", "collect-leaves-a-cancelled-future"))
async def test_collect_passes_on_a_broken_connection(topic):
    """CollectProtocol: connection_lost(error) sets error on done; a cancelled done is left."""
    done = asyncio.get_running_loop().create_future()
    protocol = topic.CollectProtocol(done)
    connected(protocol)
    protocol.data_received(b"half of it")
    error = ConnectionResetError(PEER_RESET)
    protocol.connection_lost(error)
    check(
        done.done() and not done.cancelled() and done.exception() is error,
        _(
            "Gave CollectProtocol(done) b'half of it', then "
            "connection_lost(ConnectionResetError('reset by peer')). done held {state}; expected "
            "that exception, with done.set_exception(exc): the caller must learn that the "
            "answer is incomplete."
        ),
        state=future_state(done),
    )
    done = asyncio.get_running_loop().create_future()
    protocol = topic.CollectProtocol(done)
    connected(protocol)
    done.cancel()
    try:
        protocol.connection_lost(None)
    except asyncio.InvalidStateError:
        fail(
            _(
                "Called CollectProtocol(done).connection_lost(None) with done already cancelled "
                "(as it is when request is cancelled). It raised InvalidStateError: a cancelled "
                "future takes no result. Check done.done() first."
            )
        )


REQUEST = b"GET poem\n"


@task(4, checks=("request-sends-and-collects", "collect-resolves-with-the-bytes"), realtime=True)
async def test_request_collects_until_the_server_closes(topic, monkeypatch):
    """request(HOST, port, b'GET poem\\n') returns all three pieces the server sends."""
    pieces = [b"Roses are red,\n", b"sockets are blue,\n", b"the server hangs up\n"]
    setting = _(
        "Called request('127.0.0.1', port, b'GET poem\\n'), where the server reads the line, "
        "sends its answer in three pieces 20 ms apart, then closes the connection."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:
        heard = []

        async def poet(connection):
            heard.append(await read_line(connection))
            for piece in pieces:
                await asyncio.get_running_loop().sock_sendall(connection, piece)
                await asyncio.sleep(0.02)
            connection.close()

        port = await opened.serve_once(poet)
        try:
            async with asyncio.timeout(1.0):
                answer = await topic.request(HOST, port, REQUEST)
        except TimeoutError:
            opened.scene.fail(
                _(
                    "It had not returned 1 s later, long after the server closed: "
                    "resolve the future in CollectProtocol.connection_lost, and await it in "
                    "request."
                ),
            )
        opened.scene.check(
            heard == [REQUEST],
            _(
                "The server received {got}; expected b'GET poem\\n': write the "
                "message to the transport."
            ),
            got=show(heard[0] if heard else b""),
        )
        expected = b"".join(pieces)
        hint = ""
        if answer == pieces[0]:
            hint = _(
                "That is only the first piece: the answer comes in several, and it is complete "
                "only when the server closes the connection (connection_lost)."
            )
        message = _("It returned {got} (a {type}); expected {want}, as bytes. {hint}")
        values = {"got": show(answer), "type": type(answer).__name__, "want": show(expected)}
        opened.scene.check(same(answer, expected), message.format(hint=hint, **values).rstrip())
        opened.scene.check(
            opened.transports,
            _(
                "It did not connect with loop.create_connection: use "
                "`await asyncio.get_running_loop().create_connection(...)` with a "
                "CollectProtocol."
            ),
        )


@task(4, checks=("collect-passes-on-the-error",), realtime=True)
async def test_request_raises_when_the_connection_breaks(topic, monkeypatch):
    """request raises ConnectionError when the server resets the connection midway."""
    setting = _(
        "Called request('127.0.0.1', port, b'GET poem\\n'), where the server sends b'Roses "
        "are' and then resets the connection (it crashed)."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:

        async def crashing(connection):
            await read_line(connection)
            await asyncio.get_running_loop().sock_sendall(connection, b"Roses are")
            await asyncio.sleep(0.02)
            reset_on_close(connection)
            connection.close()

        port = await opened.serve_once(crashing)
        try:
            async with asyncio.timeout(1.0):
                answer = await topic.request(HOST, port, REQUEST)
        except ConnectionError:
            return
        except TimeoutError:
            opened.scene.fail(
                _(
                    "It had not returned or raised 1 s later: connection_lost(exc) "
                    "must resolve the future in that case too, with done.set_exception(exc)."
                ),
            )
        opened.scene.fail(
            _(
                "It returned {got} as if that were the whole answer; expected it to "
                "raise the ConnectionResetError that connection_lost(exc) receives: set it on "
                "the future with done.set_exception(exc)."
            ),
            got=show(answer),
        )


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
        try:
            async with asyncio.timeout(0.05):
                answer = await topic.request(HOST, port, REQUEST)
        except TimeoutError:
            pass
        else:
            opened.scene.fail(
                _(
                    "It returned {got} although the server never answered nor closed: "
                    "wait for the future that connection_lost resolves."
                ),
                got=show(answer),
            )
        opened.scene.check(
            await opened.until(lambda: bool(accepted)),
            _("It never connected to the server."),
        )
        closed = (await accepted[0].receive_to_end(WAIT))[1]
        opened.scene.check(
            closed,
            _(
                "After it was cancelled the connection stayed open: the socket leaks "
                "and the server waits for nothing. Close the transport in a `finally:` block "
                "around `await done`."
            ),
        )


# ---------------------------------------------------------------------------------------
# Task 5: flow control, pause_writing / resume_writing

CHUNK = 64 * 1024
CHUNKS = 16  # 1 MiB in all
RAISED, WAITED, RETURNED = N_("raised"), N_("waited for 1 s and more"), N_("returned")


async def write_outcome(writer, data):
    """How ``await writer.write(data)`` ended: RAISED (ConnectionError), WAITED or RETURNED."""
    try:
        async with asyncio.timeout(1.0):
            await writer.write(data)
    except ConnectionError:
        return RAISED
    except TimeoutError:
        return WAITED
    return RETURNED


@task(5, checks=("gated-sets-high-water", "gated-writes-when-open"))
async def test_gated_writer_sets_its_limit_and_writes(topic):
    """GatedWriter sets its high-water mark to HIGH_WATER and writes when not paused."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    high = transport.limits[0] if transport.limits else None
    if transport.limits is None:
        message = _(
            "Called GatedWriter().connection_made(transport). It never called "
            "transport.set_write_buffer_limits; expected "
            "transport.set_write_buffer_limits(high=HIGH_WATER), {high}."
        )
    else:
        message = _(
            "Called GatedWriter().connection_made(transport). It set the high-water mark to "
            "{got}; expected transport.set_write_buffer_limits(high=HIGH_WATER), {high}."
        )
    check(high == topic.HIGH_WATER, message, got=show(high), high=topic.HIGH_WATER)
    async with asyncio.timeout(1.0):
        await writer.write(b"first")
    check(
        transport.written == b"first",
        _(
            "Awaited writer.write(b'first') on a GatedWriter that is not paused. Its transport "
            "received {got}; expected b'first'."
        ),
        got=show(transport.written),
    )


@task(5, checks=("gated-waits-while-paused",))
async def test_gated_writer_waits_while_paused(topic):
    """GatedWriter.write waits between pause_writing and resume_writing, then writes."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    not_a_coroutine_method(writer.pause_writing(), "GatedWriter.pause_writing")
    waiting = [asyncio.create_task(writer.write(data)) for data in (b"one", b"two")]
    try:
        await settle(20)
        early = [t.exception() for t in waiting if t.done()]
        for error in early:
            if isinstance(error, NotImplementedError):
                raise error
        check(
            transport.written == b"" and not early,
            _(
                "Called pause_writing() on a GatedWriter, then started writer.write(b'one') and "
                "writer.write(b'two'). The transport received {got} while paused; expected "
                "nothing until resume_writing(): write must wait while the transport is paused "
                "(for example on an asyncio.Event that pause_writing clears and resume_writing "
                "sets)."
            ),
            got=show(transport.written),
        )
        not_a_coroutine_method(writer.resume_writing(), "GatedWriter.resume_writing")
        try:
            async with asyncio.timeout(1.0):
                await asyncio.gather(*waiting)
        except TimeoutError:
            fail(
                _(
                    "Called pause_writing(), started two writes, then resume_writing(). The "
                    "writes were still waiting 1 s later: resume_writing must let every waiting "
                    "write go on."
                )
            )
        check(
            sorted(transport.writes) == [b"one", b"two"],
            _(
                "Paused, started writes of b'one' and b'two', resumed. The transport received "
                "{got}; expected both, once each."
            ),
            got=show(transport.writes),
        )
    finally:
        for started in waiting:
            started.cancel()


@task(5, checks=("gated-raises-once-lost",))
async def test_gated_writer_raises_once_the_connection_is_lost(topic):
    """A write waiting in a paused GatedWriter raises ConnectionError when the connection goes."""
    writer = topic.GatedWriter()
    connected(writer)
    writer.pause_writing()
    waiting = asyncio.create_task(write_outcome(writer, b"stuck"))
    await settle(20)
    not_a_coroutine_method(writer.connection_lost(None), "GatedWriter.connection_lost")
    outcome = await waiting
    if outcome is WAITED:
        fail(
            _(
                "Paused a GatedWriter, started writer.write(b'stuck'), then the connection was "
                "lost (connection_lost(None)). The write was still waiting 1 s later, and would "
                "wait forever: connection_lost must wake the waiting writers."
            )
        )
    check(
        outcome is RAISED,
        _(
            "Paused a GatedWriter, started writer.write(b'stuck'), then the connection was lost. "
            "The write returned as if it had been sent; expected it to raise "
            "ConnectionResetError."
        ),
    )
    outcome = await write_outcome(writer, b"late")
    if outcome is WAITED:
        fail(
            _(
                "After the connection was lost, writer.write(b'late') waited for 1 s and more; "
                "expected it to raise ConnectionResetError at once."
            )
        )
    check(
        outcome is RAISED,
        _(
            "After the connection was lost, writer.write(b'late') returned; expected it to "
            "raise ConnectionResetError: nothing can be sent any more."
        ),
    )


@task(5, checks=("gated-raises-once-lost",))
async def test_gated_writer_raises_when_lost_while_not_paused(topic):
    """A write to a GatedWriter whose connection was lost, never paused, raises ConnectionError."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    not_a_coroutine_method(
        writer.connection_lost(ConnectionResetError(PEER_RESET)),
        "GatedWriter.connection_lost",
    )
    outcome = await write_outcome(writer, b"late")
    check(
        outcome is RAISED and transport.written == b"",
        _(
            "A GatedWriter was never paused; its connection was lost "
            "(connection_lost(ConnectionResetError(...))). Then writer.write(b'late') {outcome}, "
            "and the transport received {got}; expected it to raise ConnectionResetError at "
            "once, writing nothing. Note the loss in connection_lost whether or not writing is "
            "paused, and check it in write."
        ),
        outcome=_(outcome),
        got=show(transport.written),
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
        expected = b"".join(chunks)
        received = bytearray()

        async def slow_reader(connection):
            await asyncio.sleep(0.05)
            # Small while not reading, so the writer's transport fills up; then read fast.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            while len(received) < len(expected):
                piece = await loop.sock_recv(connection, 256 * 1024)
                if not piece:
                    break
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
        try:
            async with asyncio.timeout(2.0):
                for chunk in chunks:
                    await writer.write(chunk)
                    buffered.append(transport.get_write_buffer_size())
                await reading
        except TimeoutError:
            opened.scene.fail(
                _(
                    "The writes had not all gone through 2 s later. After "
                    "resume_writing(), the waiting write must go on."
                ),
            )
        opened.scene.check(
            max(buffered) <= topic.HIGH_WATER + CHUNK,
            _(
                "The transport's buffer grew to {peak} KiB; expected at most {limit} "
                "KiB (the high-water mark and one chunk). write did not wait while the transport "
                "was paused, so everything piled up in memory."
            ),
            peak=max(buffered) // 1024,
            limit=(topic.HIGH_WATER + CHUNK) // 1024,
        )
        if len(received) == len(expected):
            message = _(
                "The reader received {got} bytes in the wrong order; expected the "
                "{want} bytes written, in order."
            )
        else:
            message = _(
                "The reader received {got} bytes; expected the {want} bytes written, in order."
            )
        opened.scene.check(
            bytes(received) == expected, message, got=len(received), want=len(expected)
        )
