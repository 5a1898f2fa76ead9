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
import contextvars
import encodings.idna  # noqa: F401  (see below)
import socket
import struct

from grader import check, fail, same, show, task
from grader.inside.loader import describe_exception

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

HOST = "127.0.0.1"
WAIT = 0.5  # seconds of real time to wait for an answer before calling it missing
QUIET = 0.05  # seconds of real time of silence that count as "nothing more came"


# ---------------------------------------------------------------------------------------
# Helpers (local to this suite; candidates for grader/ later).


class FakeTransport(asyncio.Transport):
    """Stands in for a socket's transport and records what the protocol does with it."""

    def __init__(self, peer=("127.0.0.1", 50000)):
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

    def abort(self):
        self.closed = True

    def is_closing(self):
        return self.closed

    def get_extra_info(self, name, default=None):
        return {"peername": self.peer, "sockname": ("127.0.0.1", 8888)}.get(name, default)

    def set_write_buffer_limits(self, high=None, low=None):
        self.limits = (high, low)

    def get_write_buffer_size(self):
        return 0

    def can_write_eof(self):
        return True

    def write_eof(self):
        self.closed = True

    def pause_reading(self):
        pass

    def resume_reading(self):
        pass

    def is_reading(self):
        return not self.closed


def connected(protocol, peer=("127.0.0.1", 50000)):
    """Call ``protocol.connection_made`` with a new FakeTransport, and return the transport."""
    transport = FakeTransport(peer)
    protocol.connection_made(transport)
    return transport


class Opened:
    """What a socket test opened, or saw the learner's code open; all closed by ``close``."""

    def __init__(self):
        self.servers = []  # (server, protocol factory)
        self.transports = []  # (transport, protocol), from loop.create_connection
        self.sockets = []
        self.tasks = []

    def spy_on(self, monkeypatch, loop):
        """Record every server and connection made through this loop."""
        real_create_server = loop.create_server
        real_create_connection = loop.create_connection

        async def create_server(protocol_factory, *args, **kwargs):
            server = await real_create_server(protocol_factory, *args, **kwargs)
            self.servers.append((server, protocol_factory))
            return server

        async def create_connection(protocol_factory, *args, **kwargs):
            transport, protocol = await real_create_connection(protocol_factory, *args, **kwargs)
            self.transports.append((transport, protocol))
            return transport, protocol

        monkeypatch.setattr(loop, "create_server", create_server)
        monkeypatch.setattr(loop, "create_connection", create_connection)

    def background(self, coroutine):
        started = asyncio.create_task(coroutine)
        self.tasks.append(started)
        return started

    async def close(self):
        for started in self.tasks:
            started.cancel()
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=1.0)
        for sock in self.sockets:
            sock.close()
        for transport, _protocol in self.transports:
            transport.abort()
        for server, _factory in self.servers:
            server.close()
            if hasattr(server, "close_clients"):  # 3.13+: otherwise wait_closed waits for them
                server.close_clients()
        for server, _factory in self.servers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), 1.0)
        await asyncio.sleep(0)  # let the aborted transports call connection_lost


@contextlib.asynccontextmanager
async def sockets_test(topic, monkeypatch, setting):
    """Spy on the loop, collect what it reports, and close everything at the end.

    An error raised inside a protocol method never reaches the test: the loop logs it (here:
    collects it) and closes the connection. Such an error is reported in place of whatever
    the test then saw go wrong, because it is the cause; NotImplementedError becomes
    "Not done yet".
    """
    loop = asyncio.get_running_loop()
    opened = Opened()
    opened.spy_on(monkeypatch, loop)
    errors = []
    trouble = asyncio.Event()

    def collect(_loop, context):
        errors.append(context)
        trouble.set()

    previous = loop.get_exception_handler()
    loop.set_exception_handler(collect)
    token = TROUBLE.set(trouble)
    try:
        yield opened
    finally:
        TROUBLE.reset(token)
        try:
            await opened.close()
        finally:
            loop.set_exception_handler(previous)
            report_loop_errors(topic, errors, setting)


# Set while the loop has caught an error from the learner's code: waiting for an answer is
# then pointless (the connection was closed), and the error is what the test reports.
TROUBLE = contextvars.ContextVar("TROUBLE", default=None)


async def within(awaitable, wait=WAIT):
    """Await with a limit of ``wait`` s of real time; TimeoutError when it runs out, or as soon
    as the loop catches an error from the learner's code."""
    work = asyncio.ensure_future(awaitable)
    waiting = {work}
    trouble = TROUBLE.get()
    watcher = None
    if trouble is not None:
        watcher = asyncio.ensure_future(trouble.wait())
        waiting.add(watcher)
    try:
        await asyncio.wait(waiting, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if watcher is not None:
            watcher.cancel()
        if not work.done():
            work.cancel()
            await asyncio.wait([work])
    if work.cancelled():
        raise TimeoutError
    return work.result()


async def collect_bytes(read, count, wait=WAIT):
    """Up to ``count`` bytes from ``read(n)``: fewer when ``wait`` runs out or the peer closes."""
    received = bytearray()

    async def fill():
        while len(received) < count:
            piece = await read(count - len(received))
            if not piece:
                return
            received.extend(piece)

    with contextlib.suppress(TimeoutError):
        await within(fill(), wait)
    return bytes(received)


async def stream_receive(reader, count, wait=WAIT):
    """Up to ``count`` bytes from an asyncio StreamReader (see collect_bytes)."""
    return await collect_bytes(reader.read, count, wait)


def report_loop_errors(topic, errors, setting):
    exceptions = [c["exception"] for c in errors if isinstance(c.get("exception"), Exception)]
    for error in exceptions:
        if isinstance(error, NotImplementedError):
            raise error
    if not errors:
        return
    context = errors[0]
    error = context.get("exception")
    if error is None:
        fail(f"{setting} The loop reported: {context.get('message', 'an error')}.")
    fail(
        f"{setting} Your code raised {describe_exception(error, topic.path)}. The loop "
        "called your protocol's method itself, so the error reached none of your code: the "
        "loop logged it and closed the connection. A protocol method must not let an "
        "exception escape."
    )


class RawClient:
    """A plain socket, as any program would open one, driven by the loop's sock_* methods."""

    def __init__(self, sock):
        self.sock = sock
        self.loop = asyncio.get_running_loop()

    @classmethod
    async def connect(cls, opened, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        opened.sockets.append(sock)
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await asyncio.get_running_loop().sock_connect(sock, (HOST, port))
        return cls(sock)

    async def send(self, data):
        await self.loop.sock_sendall(self.sock, data)

    async def send_byte_by_byte(self, data, gap=0.002):
        """Each byte its own send, with a pause, so it arrives as its own piece."""
        for byte in data:
            await self.send(bytes([byte]))
            await asyncio.sleep(gap)

    async def receive(self, count, wait=WAIT):
        """Up to ``count`` bytes: fewer when ``wait`` runs out or the peer closes."""
        return await collect_bytes(lambda n: self.loop.sock_recv(self.sock, n), count, wait)

    async def closed_by_peer(self, wait=WAIT):
        """True when the peer closes (or resets) the connection within ``wait``."""

        async def drain():
            try:
                while await self.loop.sock_recv(self.sock, 65536):
                    pass
            except ConnectionError:
                pass

        try:
            await within(drain(), wait)
        except TimeoutError:
            return False
        return True

    def reset(self):
        """Close with a TCP reset (RST) instead of a goodbye (FIN): a broken connection."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self):
        self.sock.close()


def listener(opened, receive_buffer=None):
    """A listening plain socket on loopback; returns it and its port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    opened.sockets.append(sock)
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.bind((HOST, 0))
    sock.listen()
    sock.setblocking(False)
    return sock, sock.getsockname()[1]


async def accept(opened, sock):
    loop = asyncio.get_running_loop()
    connection, _address = await loop.sock_accept(sock)
    opened.sockets.append(connection)
    connection.setblocking(False)
    return connection


async def read_line(sock):
    """Bytes up to and including the first newline (or all until the peer closes)."""
    loop = asyncio.get_running_loop()
    data = b""
    while b"\n" not in data:
        piece = await loop.sock_recv(sock, 4096)
        if not piece:
            break
        data += piece
    return data


async def until(condition, wait=WAIT):
    """Wait (real time) until ``condition()`` holds; return whether it did."""
    trouble = TROUBLE.get()
    deadline = asyncio.get_running_loop().time() + wait
    while not condition() and asyncio.get_running_loop().time() < deadline:
        if trouble is not None and trouble.is_set():
            break
        await asyncio.sleep(0.002)
    return condition()


def port_of(server):
    return server.sockets[0].getsockname()[1]


async def serve(opened, factory):
    """A server of the learner's protocol, started by the test on a free port."""
    server = await asyncio.get_running_loop().create_server(factory, HOST, 0)
    return server, port_of(server)


def future_state(future):
    """What a future holds, in words, without raising."""
    if not future.done():
        return "nothing yet"
    if future.cancelled():
        return "nothing: it was cancelled"
    if future.exception() is not None:
        error = future.exception()
        return f"the exception {type(error).__name__}({str(error)!r})"
    return f"the result {show(future.result())}"


def not_a_coroutine_method(value, what):
    if asyncio.iscoroutine(value):
        value.close()
        fail(
            f"{what} returned a coroutine object, so none of its code ran. The loop calls "
            "protocol methods as plain functions: write them with `def`, not `async def`."
        )


# ---------------------------------------------------------------------------------------
# Task 1: create_server with a Protocol


@task(1, checks=("shout-answers-in-capitals",))
async def test_shout_protocol_answers_in_capitals(topic):
    """ShoutProtocol answers each piece of data with the same bytes in capitals."""
    protocol = topic.ShoutProtocol()
    transport = connected(protocol)
    for piece in (b"hello, ", b"World 42", b"!"):
        not_a_coroutine_method(protocol.data_received(piece), "ShoutProtocol.data_received")
    check(
        transport.written == b"HELLO, WORLD 42!",
        "Gave ShoutProtocol the pieces b'hello, ', b'World 42', b'!'. It wrote "
        f"{show(transport.written)} to its transport; expected b'HELLO, WORLD 42!': write "
        "data.upper() to the transport that connection_made received.",
    )


@task(1, checks=("shout-answers-in-capitals",))
async def test_shout_protocol_answers_any_bytes(topic):
    """ShoutProtocol answers bytes that are not text, b'\\xffdata\\x00', with b'\\xffDATA\\x00'."""
    protocol = topic.ShoutProtocol()
    transport = connected(protocol)
    pieces = (b"\xffda", b"ta\x00", b"caf\xc3", b"\xa9")
    for piece in pieces:
        not_a_coroutine_method(protocol.data_received(piece), "ShoutProtocol.data_received")
    expected = b"\xffDATA\x00CAF\xc3\xa9"
    check(
        same(transport.written, expected),
        f"Gave ShoutProtocol the pieces {show(pieces)}: bytes that are not all text, and a "
        f"UTF-8 letter cut in two. It wrote {show(transport.written)}; expected "
        f"{show(expected)}: the same bytes, capitals where they are ASCII letters. "
        "data.upper() works on bytes as they are; decoding a piece as text fails on them.",
    )


@task(1, checks=("shout-server-returned",), realtime=True)
async def test_shout_server_listens_on_the_given_port(topic, monkeypatch):
    """start_shout_server('127.0.0.1', port) listens on that port, not on one of its own."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind((HOST, 0))
    port = probe.getsockname()[1]
    probe.close()  # free again: start_shout_server may take it
    setting = f"Called start_shout_server('127.0.0.1', {port}), a free port."
    async with sockets_test(topic, monkeypatch, setting) as opened:
        async with asyncio.timeout(1.0):
            server = await topic.start_shout_server(HOST, port)
        check(
            isinstance(server, asyncio.Server),
            f"{setting} It returned {show(server)}; expected an asyncio.Server.",
        )
        listening = sorted({sock.getsockname()[:2] for sock in server.sockets})
        check(
            listening == [(HOST, port)],
            f"{setting} The server listens on {show(listening)}; expected "
            f"[('127.0.0.1', {port})]: pass host and port on to create_server.",
        )
        check(bool(opened.servers), f"{setting} create_server was never called.")


@task(1, checks=("shout-server-returned", "shout-one-protocol-per-connection"), realtime=True)
async def test_shout_server_serves_several_clients(topic, monkeypatch):
    """start_shout_server(HOST, 0) returns a listening Server; each client gets its capitals."""
    setting = "Started start_shout_server('127.0.0.1', 0) and connected three clients."
    async with sockets_test(topic, monkeypatch, setting) as opened:
        try:
            async with asyncio.timeout(1.0):
                server = await topic.start_shout_server(HOST, 0)
        except TimeoutError:
            fail(
                "Called start_shout_server('127.0.0.1', 0). It had not returned after 1 s. "
                "Return the server that loop.create_server gives; do not call "
                "serve_forever(): the caller decides how long it runs."
            )
        check(
            isinstance(server, asyncio.Server),
            f"Called start_shout_server('127.0.0.1', 0). It returned {show(server)}; expected "
            "the asyncio.Server that `await loop.create_server(...)` gives.",
        )
        check(
            server.is_serving(),
            "start_shout_server returned a Server that is not accepting connections.",
        )
        factories = [factory for made, factory in opened.servers if made is server]
        check(
            factories,
            "start_shout_server returned a server that loop.create_server did not make: "
            "start it with `await asyncio.get_running_loop().create_server(...)`.",
        )
        made = factories[0]()
        check(
            isinstance(made, topic.ShoutProtocol),
            f"start_shout_server's server makes {type(made).__name__} objects for its "
            "connections; expected ShoutProtocol: pass the class itself (a protocol "
            "factory) to create_server.",
        )
        port = port_of(server)
        first = await RawClient.connect(opened, port)
        second = await RawClient.connect(opened, port)
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            await first.send(b"abc")
            await second.send(b"Some Words")
            writer.write(b"streams too")
            await writer.drain()
            answers = [
                await first.receive(3),
                await second.receive(10),
                await stream_receive(reader, 11),
            ]
            expected = [b"ABC", b"SOME WORDS", b"STREAMS TOO"]
            check(
                answers == expected,
                f"{setting} They sent b'abc', b'Some Words' and b'streams too', and received "
                f"{show(answers)}; expected {show(expected)}, each its own capitals.",
            )
        finally:
            writer.close()


# ---------------------------------------------------------------------------------------
# Task 2: buffering in data_received


def feed(protocol, pieces):
    for piece in pieces:
        try:
            not_a_coroutine_method(protocol.data_received(piece), "SumProtocol.data_received")
        except ValueError as error:
            fail(
                f"Gave SumProtocol the pieces {show(pieces)}. data_received raised "
                f"{type(error).__name__}: {error}. On a real server the loop would close the "
                "connection. Answer b'error\\n' for a line that is not numbers, and only "
                "read numbers from complete lines."
            )


def expect_sums(topic, pieces, expected, hint=""):
    protocol = topic.SumProtocol()
    transport = connected(protocol)
    feed(protocol, pieces)
    got = transport.written
    if got != expected and not hint:
        if len(transport.writes) > expected.count(b"\n"):
            hint = (
                " It answered more often than there are lines: data_received treated a "
                "piece as if it were whole lines. Keep the piece in a buffer until its "
                "newline arrives."
            )
        elif len(transport.writes) < expected.count(b"\n"):
            hint = " Some lines got no answer: answer every complete line in the buffer."
    check(
        got == expected,
        f"Gave SumProtocol the pieces {show(pieces)} (as data_received calls). It wrote "
        f"{show(got)}; expected {show(expected)}.{hint}",
    )


@task(2, checks=("sum-answers-each-line",))
async def test_sum_answers_whole_lines(topic):
    """SumProtocol answers b'12 30\\n' with b'42\\n', and an empty line with b'0\\n'."""
    expect_sums(topic, [b"12 30\n"], b"42\n")
    expect_sums(topic, [b"\n"], b"0\n")


@task(2, checks=("sum-integers",))
async def test_sum_adds_negative_numbers(topic):
    """SumProtocol answers b'-5 3\\n' with b'-2\\n': negative numbers are whole numbers too."""
    expect_sums(
        topic,
        [b"-5 3\n"],
        b"-2\n",
        " A whole number may be negative: int(word) reads b'-5'; word.isdigit() does not.",
    )


@task(2, checks=("sum-integers",))
async def test_sum_answers_error_for_a_decimal(topic):
    """SumProtocol answers b'1.5 2\\n' with b'error\\n': 1.5 is not a whole number."""
    expect_sums(
        topic,
        [b"1.5 2\n", b"2 2\n"],
        b"error\n4\n",
        " 1.5 is not a whole number: read the words with int(), which raises ValueError on "
        "b'1.5', and answer b'error\\n'.",
    )


@task(2, checks=("sum-buffers-lines",))
async def test_sum_buffers_a_line_that_arrives_byte_by_byte(topic):
    """SumProtocol given b'12 30\\n' one byte per data_received answers once, b'42\\n'."""
    pieces = [bytes([byte]) for byte in b"12 30\n"]
    expect_sums(topic, pieces, b"42\n")


@task(2, checks=("sum-buffers-lines", "sum-answers-each-line"))
async def test_sum_answers_several_lines_in_one_piece(topic):
    """SumProtocol given b'1 2\\n3 4\\n\\n10 -3\\n' at once answers all four lines."""
    expect_sums(topic, [b"1 2\n3 4\n\n10 -3\n"], b"3\n7\n0\n7\n")
    expect_sums(topic, [b"100 2", b"00\n5", b"\n6 ", b"6"], b"300\n5\n")


@task(2, checks=("sum-integers", "sum-error-keeps-going"))
async def test_sum_answers_error_and_goes_on(topic):
    """SumProtocol answers a line that is not numbers with b'error\\n' and keeps going."""
    expect_sums(topic, [b"1 x\n2 2\n"], b"error\n4\n")


@task(2, checks=("sum-buffers-lines",))
async def test_sum_keeps_one_buffer_per_connection(topic):
    """Two SumProtocol connections, each with half a line pending, do not mix their bytes."""
    first, second = topic.SumProtocol(), topic.SumProtocol()
    first_transport, second_transport = connected(first), connected(second)
    feed(first, [b"1 "])
    feed(second, [b"2 3\n"])
    feed(first, [b"4\n"])
    got = (first_transport.written, second_transport.written)
    check(
        got == (b"5\n", b"5\n"),
        "Two connections: the first got b'1 ', then the second b'2 3\\n', then the first "
        f"b'4\\n'. They answered {show(got)}; expected (b'5\\n', b'5\\n'). Each protocol "
        "object needs its own buffer: create it in connection_made (or __init__), not as a "
        "class attribute.",
    )


@task(2, checks=("sum-buffers-lines", "sum-error-keeps-going"), realtime=True)
async def test_sum_server_over_real_sockets(topic, monkeypatch):
    """A SumProtocol server answers a line sent byte by byte and two lines sent at once."""
    setting = "Ran a server with loop.create_server(SumProtocol, '127.0.0.1', 0)."
    async with sockets_test(topic, monkeypatch, setting) as opened:
        _server, port = await serve(opened, topic.SumProtocol)
        client = await RawClient.connect(opened, port)
        await client.send_byte_by_byte(b"12 30\n")
        answer = await client.receive(3)
        extra = await client.receive(100, wait=QUIET)
        check(
            answer + extra == b"42\n",
            f"{setting} A client sent b'12 30\\n' one byte at a time and received "
            f"{show(answer + extra)}; expected b'42\\n'. A line may arrive in many pieces: "
            "keep them in a buffer until the newline comes.",
        )
        await client.send(b"1 2\n3 4\n")
        answer = await client.receive(4)
        check(
            answer == b"3\n7\n",
            f"{setting} A client sent b'1 2\\n3 4\\n' in one write and received "
            f"{show(answer)}; expected b'3\\n7\\n': one answer per line.",
        )
        await client.send(b"oops\n5 5\n")
        answer = await client.receive(9)
        check(
            answer == b"error\n10\n",
            f"{setting} A client sent b'oops\\n5 5\\n' and received {show(answer)}; expected "
            "b'error\\n10\\n': the connection must survive a line that is not numbers.",
        )
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            await client.send(b"1 ")
            writer.write(b"2 3\n")
            await writer.drain()
            other = await stream_receive(reader, 2)
            await client.send(b"4\n")
            answer = await client.receive(2)
            check(
                (answer, other) == (b"5\n", b"5\n"),
                f"{setting} One client sent b'1 ', a second one b'2 3\\n', then the first "
                f"b'4\\n'. They received {show(answer)} and {show(other)}; expected b'5\\n' "
                "each: every connection has a protocol object of its own, with its own buffer.",
            )
        finally:
            writer.close()


# ---------------------------------------------------------------------------------------
# Task 3: connection_lost, tracking clients

LEFT = b"* a client left\n"


@task(3, checks=("chat-joins-the-set", "chat-passes-to-the-others"))
async def test_chat_passes_messages_to_the_others(topic):
    """ChatProtocol: three clients join the set; what one sends reaches the two others."""
    clients = set()
    ada, bo, cy = (topic.ChatProtocol(clients) for _ in range(3))
    transports = [connected(protocol) for protocol in (ada, bo, cy)]
    check(
        len(clients) == 3,
        f"Made three ChatProtocol(clients) and called their connection_made. clients holds "
        f"{len(clients)} entries; expected 3: each connection joins the set in "
        "connection_made.",
    )
    not_a_coroutine_method(ada.data_received(b"hi all\n"), "ChatProtocol.data_received")
    got = [transport.written for transport in transports]
    check(
        got == [b"", b"hi all\n", b"hi all\n"],
        "Three chat clients; the first sent b'hi all\\n'. The three transports received "
        f"{show(got)}; expected [b'', b'hi all\\n', b'hi all\\n']: the others get it, as "
        "is, and the sender does not get it back.",
    )


@task(3, checks=("chat-forgets-who-leaves", "chat-tells-who-is-left"))
async def test_chat_forgets_clients_that_go(topic):
    """ChatProtocol.connection_lost, clean or broken, leaves the set and tells the others."""
    clients = set()
    ada, bo, cy = (topic.ChatProtocol(clients) for _ in range(3))
    transports = [connected(protocol) for protocol in (ada, bo, cy)]
    not_a_coroutine_method(bo.connection_lost(None), "ChatProtocol.connection_lost")
    check(
        len(clients) == 2 and bo not in clients,
        "Three chat clients; the second one's connection_lost(None) was called (a clean "
        f"goodbye). clients then held {len(clients)} entries; expected 2: remove the client "
        "in connection_lost.",
    )
    got = [transport.written for transport in transports]
    check(
        got == [LEFT, b"", LEFT],
        "Three chat clients; the second one left. The transports received "
        f"{show(got)}; expected [{LEFT!r}, b'', {LEFT!r}]: each remaining client is told.",
    )
    cy.connection_lost(ConnectionResetError("reset by peer"))
    check(
        len(clients) == 1,
        "Then the third one's connection broke: connection_lost(ConnectionResetError(...)). "
        f"clients held {len(clients)} entries; expected 1. A broken connection is gone too: "
        "remove the client whatever exc is.",
    )
    check(
        transports[0].written == LEFT * 2,
        f"The first client, left alone, received {show(transports[0].written)}; expected "
        f"{LEFT * 2!r}, one notice for each client that left.",
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
    setting = "Ran a server of ChatProtocol(clients) on 127.0.0.1 with three clients."
    async with sockets_test(topic, monkeypatch, setting) as opened:
        clients = set()
        _server, port = await serve(opened, lambda: topic.ChatProtocol(clients))
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            bo = await RawClient.connect(opened, port)
            cy = await RawClient.connect(opened, port)
            check(
                await until(lambda: len(clients) == 3),
                f"{setting} Once all three had connected, clients held {len(clients)} "
                "entries; expected 3.",
            )
            writer.write(b"hello\n")
            await writer.drain()
            got = [await bo.receive(6), await cy.receive(6)]
            check(
                got == [b"hello\n", b"hello\n"],
                f"{setting} The first sent b'hello\\n'; the others received {show(got)}; "
                "expected b'hello\\n' each.",
            )
            bo.close()
            check(
                await until(lambda: len(clients) == 2),
                f"{setting} The second one closed its socket; clients still held "
                f"{len(clients)} entries, expected 2: remove it in connection_lost.",
            )
            notices = [await stream_receive(reader, len(LEFT)), await cy.receive(len(LEFT))]
            check(
                notices == [LEFT, LEFT],
                f"{setting} The second closed its socket; the other two received "
                f"{show(notices)}; expected {LEFT!r} each.",
            )
            cy.reset()
            check(
                await until(lambda: len(clients) == 1),
                f"{setting} The third one's connection broke (a TCP reset); clients still "
                f"held {len(clients)} entries, expected 1: connection_lost(exc) gets an "
                "exception then, and the client must leave all the same.",
            )
            notice = await stream_receive(reader, len(LEFT))
            check(notice == LEFT, f"The first client received {show(notice)}; expected {LEFT!r}.")
        finally:
            writer.close()


# ---------------------------------------------------------------------------------------
# Task 4: create_connection, a Future resolved in connection_lost


@task(4, checks=("collect-resolves-at-the-end", "collect-resolves-with-the-bytes"))
async def test_collect_resolves_done_when_the_connection_ends(topic):
    """CollectProtocol(done) gathers pieces; connection_lost(None) sets done to all of them."""
    done = asyncio.get_running_loop().create_future()
    protocol = topic.CollectProtocol(done)
    connected(protocol)
    for piece in (b"roses ", b"are ", b"red"):
        not_a_coroutine_method(protocol.data_received(piece), "CollectProtocol.data_received")
    check(
        not done.done(),
        "Gave CollectProtocol(done) three pieces of data, the connection still open. done "
        f"already held {future_state(done)}, but the server may still send more: resolve it "
        "in connection_lost.",
    )
    not_a_coroutine_method(protocol.connection_lost(None), "CollectProtocol.connection_lost")
    check(
        done.done(),
        "Called CollectProtocol(done).connection_lost(None) after three pieces; done was "
        "still not resolved, so request would wait forever. Set its result there.",
    )
    check(
        not done.cancelled() and done.exception() is None and same(done.result(), b"roses are red"),
        f"Gave CollectProtocol(done) the pieces b'roses ', b'are ', b'red', then "
        f"connection_lost(None). done held {future_state(done)}"
        + (
            f" (a {type(done.result()).__name__})"
            if done.done() and not done.cancelled() and done.exception() is None
            else ""
        )
        + "; expected the result b'roses are red', as bytes: b''.join(the pieces).",
    )


@task(4, checks=("collect-passes-on-the-error", "collect-leaves-a-cancelled-future"))
async def test_collect_passes_on_a_broken_connection(topic):
    """CollectProtocol: connection_lost(error) sets error on done; a cancelled done is left."""
    done = asyncio.get_running_loop().create_future()
    protocol = topic.CollectProtocol(done)
    connected(protocol)
    protocol.data_received(b"half of it")
    error = ConnectionResetError("reset by peer")
    protocol.connection_lost(error)
    check(
        done.done() and not done.cancelled() and done.exception() is error,
        "Gave CollectProtocol(done) b'half of it', then connection_lost(ConnectionResetError"
        f"('reset by peer')). done held {future_state(done)}; expected "
        "that exception, with done.set_exception(exc): the caller must learn that the "
        "answer is incomplete.",
    )
    done = asyncio.get_running_loop().create_future()
    protocol = topic.CollectProtocol(done)
    connected(protocol)
    done.cancel()
    try:
        protocol.connection_lost(None)
    except asyncio.InvalidStateError:
        fail(
            "Called CollectProtocol(done).connection_lost(None) with done already cancelled "
            "(as it is when request is cancelled). It raised InvalidStateError: a cancelled "
            "future takes no result. Check done.done() first."
        )


@task(4, checks=("request-sends-and-collects", "collect-resolves-with-the-bytes"), realtime=True)
async def test_request_collects_until_the_server_closes(topic, monkeypatch):
    """request(HOST, port, b'GET poem\\n') returns all three pieces the server sends."""
    pieces = [b"Roses are red,\n", b"sockets are blue,\n", b"the server hangs up\n"]
    setting = (
        "Called request('127.0.0.1', port, b'GET poem\\n'), where the server reads the line, "
        "sends its answer in three pieces 20 ms apart, then closes the connection."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:
        sock, port = listener(opened)
        heard = []

        async def poet():
            connection = await accept(opened, sock)
            heard.append(await read_line(connection))
            loop = asyncio.get_running_loop()
            for piece in pieces:
                await loop.sock_sendall(connection, piece)
                await asyncio.sleep(0.02)
            connection.close()

        opened.background(poet())
        try:
            async with asyncio.timeout(1.0):
                answer = await topic.request(HOST, port, b"GET poem\n")
        except TimeoutError:
            fail(
                f"{setting} It had not returned 1 s later, long after the server closed: "
                "resolve the future in CollectProtocol.connection_lost, and await it in "
                "request."
            )
        check(
            heard == [b"GET poem\n"],
            f"{setting} The server received {show(heard[0] if heard else b'')}; expected "
            "b'GET poem\\n': write the message to the transport.",
        )
        expected = b"".join(pieces)
        hint = ""
        if answer == pieces[0]:
            hint = (
                " That is only the first piece: the answer comes in several, and it is "
                "complete only when the server closes the connection (connection_lost)."
            )
        check(
            same(answer, expected),
            f"{setting} It returned {show(answer)} (a {type(answer).__name__}); expected "
            f"{show(expected)}, as bytes.{hint}",
        )
        check(
            bool(opened.transports),
            f"{setting} It did not connect with loop.create_connection: use "
            "`await asyncio.get_running_loop().create_connection(...)` with a "
            "CollectProtocol.",
        )


@task(4, checks=("collect-passes-on-the-error",), realtime=True)
async def test_request_raises_when_the_connection_breaks(topic, monkeypatch):
    """request raises ConnectionError when the server resets the connection midway."""
    setting = (
        "Called request('127.0.0.1', port, b'GET poem\\n'), where the server sends "
        "b'Roses are' and then resets the connection (it crashed)."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:
        sock, port = listener(opened)

        async def crashing():
            connection = await accept(opened, sock)
            await read_line(connection)
            await asyncio.get_running_loop().sock_sendall(connection, b"Roses are")
            await asyncio.sleep(0.02)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()

        opened.background(crashing())
        try:
            async with asyncio.timeout(1.0):
                answer = await topic.request(HOST, port, b"GET poem\n")
        except ConnectionError:
            return
        except TimeoutError:
            fail(
                f"{setting} It had not returned or raised 1 s later: connection_lost(exc) "
                "must resolve the future in that case too, with done.set_exception(exc)."
            )
        fail(
            f"{setting} It returned {show(answer)} as if that were the whole answer; "
            "expected it to raise the ConnectionResetError that connection_lost(exc) "
            "receives: set it on the future with done.set_exception(exc)."
        )


@task(4, checks=("request-closes-when-cancelled",), realtime=True)
async def test_request_cancelled_closes_its_connection(topic, monkeypatch):
    """request cancelled by asyncio.timeout(0.05) closes its connection."""
    setting = (
        "Ran request('127.0.0.1', port, b'GET poem\\n') inside `async with "
        "asyncio.timeout(0.05)`, the server never answering."
    )
    async with sockets_test(topic, monkeypatch, setting) as opened:
        sock, port = listener(opened)
        accepted = []

        async def silent():
            connection = await accept(opened, sock)
            accepted.append(RawClient(connection))

        opened.background(silent())
        answer = None
        try:
            async with asyncio.timeout(0.05):
                answer = await topic.request(HOST, port, b"GET poem\n")
        except TimeoutError:
            pass
        else:
            fail(
                f"{setting} It returned {show(answer)} although the server never answered "
                "nor closed: wait for the future that connection_lost resolves."
            )
        check(
            await until(lambda: bool(accepted)),
            f"{setting} It never connected to the server.",
        )
        check(
            await accepted[0].closed_by_peer(),
            f"{setting} After it was cancelled the connection stayed open: the socket leaks "
            "and the server waits for nothing. Close the transport in a `finally:` block "
            "around `await done`.",
        )


# ---------------------------------------------------------------------------------------
# Task 5: flow control, pause_writing / resume_writing

CHUNK = 64 * 1024
CHUNKS = 16  # 1 MiB in all


async def settle(rounds=20):
    """Let every ready task run a few steps (no time passes)."""
    for _ in range(rounds):
        await asyncio.sleep(0)


@task(5, checks=("gated-sets-high-water", "gated-writes-when-open"))
async def test_gated_writer_sets_its_limit_and_writes(topic):
    """GatedWriter sets its high-water mark to HIGH_WATER and writes when not paused."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    high = transport.limits[0] if transport.limits else None
    check(
        high == topic.HIGH_WATER,
        "Called GatedWriter().connection_made(transport). "
        + (
            "It never called transport.set_write_buffer_limits"
            if transport.limits is None
            else f"It set the high-water mark to {show(high)}"
        )
        + f"; expected transport.set_write_buffer_limits(high=HIGH_WATER), {topic.HIGH_WATER}.",
    )
    async with asyncio.timeout(1.0):
        await writer.write(b"first")
    check(
        transport.written == b"first",
        "Awaited writer.write(b'first') on a GatedWriter that is not paused. Its transport "
        f"received {show(transport.written)}; expected b'first'.",
    )


@task(5, checks=("gated-waits-while-paused",))
async def test_gated_writer_waits_while_paused(topic):
    """GatedWriter.write waits between pause_writing and resume_writing, then writes."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    not_a_coroutine_method(writer.pause_writing(), "GatedWriter.pause_writing")
    waiting = [asyncio.create_task(writer.write(data)) for data in (b"one", b"two")]
    try:
        await settle()
        early = [t.exception() for t in waiting if t.done()]
        for error in early:
            if isinstance(error, NotImplementedError):
                raise error
        check(
            transport.written == b"" and not early,
            "Called pause_writing() on a GatedWriter, then started writer.write(b'one') and "
            f"writer.write(b'two'). The transport received {show(transport.written)} while "
            "paused; expected nothing until resume_writing(): write must wait while the "
            "transport is paused (for example on an asyncio.Event that pause_writing clears "
            "and resume_writing sets).",
        )
        not_a_coroutine_method(writer.resume_writing(), "GatedWriter.resume_writing")
        try:
            async with asyncio.timeout(1.0):
                await asyncio.gather(*waiting)
        except TimeoutError:
            fail(
                "Called pause_writing(), started two writes, then resume_writing(). The "
                "writes were still waiting 1 s later: resume_writing must let every waiting "
                "write go on."
            )
        check(
            sorted(transport.writes) == [b"one", b"two"],
            "Paused, started writes of b'one' and b'two', resumed. The transport received "
            f"{show(transport.writes)}; expected both, once each.",
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
    waiting = asyncio.create_task(writer.write(b"stuck"))
    try:
        await settle()
        not_a_coroutine_method(writer.connection_lost(None), "GatedWriter.connection_lost")
        try:
            async with asyncio.timeout(1.0):
                await waiting
        except TimeoutError:
            fail(
                "Paused a GatedWriter, started writer.write(b'stuck'), then the connection was "
                "lost (connection_lost(None)). The write was still waiting 1 s later, and "
                "would wait forever: connection_lost must wake the waiting writers."
            )
        except ConnectionError:
            pass
        else:
            fail(
                "Paused a GatedWriter, started writer.write(b'stuck'), then the connection was "
                "lost. The write returned as if it had been sent; expected it to raise "
                "ConnectionResetError."
            )
    finally:
        waiting.cancel()
    try:
        async with asyncio.timeout(1.0):
            await writer.write(b"late")
    except ConnectionError:
        return
    except TimeoutError:
        fail(
            "After the connection was lost, writer.write(b'late') waited for 1 s and more; "
            "expected it to raise ConnectionResetError at once."
        )
    fail(
        "After the connection was lost, writer.write(b'late') returned; expected it to raise "
        "ConnectionResetError: nothing can be sent any more."
    )


@task(5, checks=("gated-raises-once-lost",))
async def test_gated_writer_raises_when_lost_while_not_paused(topic):
    """A write to a GatedWriter whose connection was lost, never paused, raises ConnectionError."""
    writer = topic.GatedWriter()
    transport = connected(writer)
    not_a_coroutine_method(
        writer.connection_lost(ConnectionResetError("reset by peer")),
        "GatedWriter.connection_lost",
    )
    try:
        async with asyncio.timeout(1.0):
            await writer.write(b"late")
    except ConnectionError:
        outcome = "raised"
    except TimeoutError:
        outcome = "waited for 1 s and more"
    else:
        outcome = "returned"
    check(
        outcome == "raised" and transport.written == b"",
        "A GatedWriter was never paused; its connection was lost "
        "(connection_lost(ConnectionResetError(...))). Then writer.write(b'late') "
        f"{outcome}, and the transport received {show(transport.written)}; expected it to "
        "raise ConnectionResetError at once, writing nothing. Note the loss in "
        "connection_lost whether or not writing is paused, and check it in write.",
    )


@task(5, checks=("gated-waits-while-paused",), realtime=True)
async def test_gated_writer_keeps_the_buffer_small_for_a_slow_reader(topic, monkeypatch):
    """1 MiB through a GatedWriter to a peer that reads late: the buffer stays small."""
    setting = (
        f"Awaited writer.write(chunk) {CHUNKS} times with chunks of {CHUNK // 1024} KiB, over "
        "a real connection whose reader starts reading after 0.05 s"
    )
    async with sockets_test(topic, monkeypatch, setting + ".") as opened:
        loop = asyncio.get_running_loop()
        sock, port = listener(opened, receive_buffer=4096)
        chunks = [bytes([index]) * CHUNK for index in range(CHUNKS)]
        expected = b"".join(chunks)
        received = bytearray()

        async def slow_reader():
            connection = await accept(opened, sock)
            await asyncio.sleep(0.05)
            # Small while not reading, so the writer's transport fills up; then read fast.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            while len(received) < len(expected):
                piece = await loop.sock_recv(connection, 256 * 1024)
                if not piece:
                    break
                received.extend(piece)

        reading = opened.background(slow_reader())
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
            fail(
                f"{setting}: the writes had not all gone through 2 s later. After "
                "resume_writing(), the waiting write must go on."
            )
        peak = max(buffered)
        check(
            peak <= topic.HIGH_WATER + CHUNK,
            f"{setting}. The transport's buffer grew to {peak // 1024} KiB; expected at most "
            f"{(topic.HIGH_WATER + CHUNK) // 1024} KiB (the high-water mark and one chunk). "
            "write did not wait while the transport was paused, so everything piled up in "
            "memory.",
        )
        check(
            bytes(received) == expected,
            f"{setting}. The reader received {len(received)} bytes"
            + (" in the wrong order" if len(received) == len(expected) else "")
            + f"; expected the {len(expected)} bytes written, in order.",
        )
