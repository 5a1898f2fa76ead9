"""Hidden tests for topic 14: streams.

Every test runs on the real clock (sockets are invisible to the virtual one) and talks to
the learner's code over real loopback connections: raw sockets driven with ``loop.sock_*``
(no threads) and asyncio streams. Every test closes what it opened, and what the learner's
code left open, even when it fails half way.
"""

import asyncio
import contextlib
import inspect
import socket
import struct

from grader import (
    Timeline,
    check,
    expect_duration,
    expect_result,
    fail,
    same,
    show,
    stopwatch,
    task,
)

PROMISES = {
    1: {
        "echo-server-on-loopback-port-0": (
            "start_echo_server() starts echo with asyncio.start_server on 127.0.0.1, port 0, and "
            "returns the serving Server"
        ),
        "echo-sends-back-as-it-arrives": (
            "echo sends back everything the client sends as it arrives, without waiting for a "
            "newline, to each client at once"
        ),
        "echo-closes-at-the-end": (
            "when read returns b'' echo closes the connection: writer.close(), then await "
            "writer.wait_closed()"
        ),
    },
    2: {
        "ask-sends-one-utf8-line": (
            "ask connects to 127.0.0.1:port and sends question as one line: UTF-8 text and b'\\n'"
        ),
        "ask-returns-the-first-line": (
            "it returns exactly the first reply line (sent in pieces, or with more lines), as "
            "UTF-8 text without its newline"
        ),
        "ask-closes": "it closes the connection before returning: close, then wait_closed",
    },
    3: {
        "greet-whole-lines": (
            "greet_lines replies Hello, <name>! to every whole line, however the line arrives"
        ),
        "greet-closes-at-the-end": "it closes the connection when the client has finished sending",
        "greet-clients-at-once": (
            "nothing in a handler holds up the other clients: five slow clients are served at the "
            "same time"
        ),
    },
    4: {
        "write-frame-format": (
            "write_frame writes the payload's length as 4 bytes big-endian, then the payload"
        ),
        "write-frame-drains": "write_frame awaits writer.drain() after writing each frame",
        "read-frame-waits-for-whole-frames": (
            "read_frame returns the next payload however its bytes arrive: frames joined in one "
            "write or cut in pieces"
        ),
        "read-frame-returns-bytes": "the payload comes back as bytes (b'' for an empty frame)",
        "read-frame-clean-end-is-none": (
            "read_frame returns None when the stream ends before any byte of a new header"
        ),
        "read-frame-cut-is-an-error": (
            "a stream that ends in the middle of a frame (header or payload) raises "
            "asyncio.IncompleteReadError"
        ),
    },
    5: {
        "ask-all-at-once": (
            "ask_all asks every question over its own connection, all at the same time"
        ),
        "ask-all-replies-in-order": (
            "it returns the replies as a list in the order of questions ([] for no question)"
        ),
        "ask-all-uses-ask": "it asks each question with ask, once",
    },
    6: {
        "ask-within-gives-up": (
            "ask_within returns None (no TimeoutError) once the exchange has taken seconds, not "
            "before"
        ),
        "ask-within-times-the-whole-exchange": (
            "the time limit covers connecting, sending and reading the whole reply line: half a "
            "line is no answer"
        ),
        "ask-within-returns-the-reply": (
            "a reply in time is returned like ask's, as soon as its line is complete"
        ),
        "ask-within-closes": (
            "whatever happens, the connection is closed (and waited for) before it returns"
        ),
    },
    7: {
        "serve-until-ready": (
            "serve_until runs a server for handler on 127.0.0.1, port 0, and calls ready(port) "
            "with its port once it listens"
        ),
        "serve-until-serves-until-stop": (
            "it serves until the asyncio.Event stop is set, then returns"
        ),
        "serve-until-stops-listening": (
            "once stop is set it calls server.close(): nothing listens on the port any more"
        ),
        "serve-until-waits-closed": "it awaits server.wait_closed() before returning",
        "serve-until-lets-conversations-finish": (
            "closing gracefully: a conversation already going on still gets its reply"
        ),
    },
}

LOOPBACK = "127.0.0.1"
WAIT = 1.0  # seconds of real time a test waits for an answer before it says none came
PIECE_PAUSE = 0.005  # seconds between the pieces of a message sent a few bytes at a time
REAL = "real time"


# ---------------------------------------------------------------------------------------
# Helpers: clients and servers the tests drive, and a spy on the learner's streams.


class RawClient:
    """A client on a plain non-blocking socket, driven with ``loop.sock_*``."""

    def __init__(self, sock):
        self.sock = sock
        self.eof = False

    @classmethod
    async def connect(cls, port):
        loop = asyncio.get_running_loop()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        # Send every piece at once (no Nagle delay), so that pieces arrive as pieces.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            await loop.sock_connect(sock, (LOOPBACK, port))
        except BaseException:
            sock.close()
            raise
        return cls(sock)

    async def send(self, *pieces, pause=PIECE_PAUSE):
        """Send each piece in its own write, ``pause`` seconds apart."""
        loop = asyncio.get_running_loop()
        for number, piece in enumerate(pieces):
            if number:
                await asyncio.sleep(pause)
            await loop.sock_sendall(self.sock, piece)

    async def receive(self, size, timeout=WAIT):
        """Up to ``size`` bytes: stop early at end of stream or after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        data = b""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while len(data) < size:
                    chunk = await loop.sock_recv(self.sock, 65536)
                    if not chunk:
                        self.eof = True
                        break
                    data += chunk
        return data

    async def receive_to_end(self, timeout=WAIT):
        """Everything until the other side closes, or ``timeout``; then whether it closed."""
        data = await self.receive(1 << 30, timeout)
        return data, self.eof

    def finish_sending(self):
        """Tell the other side nothing more will come (its read then returns b"")."""
        self.sock.shutdown(socket.SHUT_WR)

    def close(self):
        self.sock.close()


@contextlib.asynccontextmanager
async def raw_clients():
    """A list to append RawClients to; every one of them is closed on the way out."""
    clients = []
    try:
        yield clients
    finally:
        for client in clients:
            client.close()


class Connections:
    """Wraps connection handlers: records their writers, tasks and errors for the checks."""

    def __init__(self):
        self.writers = []
        self.tasks = set()
        self.errors = []

    def wrap(self, handler):
        async def recorded_handler(reader, writer):
            self.writers.append(writer)
            self.tasks.add(asyncio.current_task())
            try:
                result = handler(reader, writer)
                if inspect.isawaitable(result):
                    await result
            except asyncio.CancelledError:
                raise
            except Exception as error:
                # Kept for the test to raise, with the learner's line; the client sees EOF.
                self.errors.append(error)
                writer.close()

        return recorded_handler

    def raise_errors(self):
        """Raise the first error a handler raised, so the learner sees it, not its effect."""
        if self.errors:
            raise self.errors[0]

    async def close(self):
        for writer in self.writers:
            writer.close()
        pending = [t for t in self.tasks if not t.done() and t is not asyncio.current_task()]
        for handler_task in pending:
            handler_task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=0.5)


async def close_server(server):
    """Stop listening and wait (briefly: on 3.12+ this waits for open connections)."""
    server.close()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.wait_closed(), 0.5)


class Served:
    """``async with Served(handler) as served``: a server on loopback running ``handler``."""

    def __init__(self, handler):
        self.connections = Connections()
        self.handler = self.connections.wrap(handler)
        self.server = None
        self.port = None

    async def __aenter__(self):
        self.server = await asyncio.start_server(self.handler, LOOPBACK, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def raise_errors(self):
        self.connections.raise_errors()

    async def __aexit__(self, kind, error, traceback):
        await self.connections.close()
        await close_server(self.server)
        if kind is None:
            self.raise_errors()


class Conversation:
    """One connection to a test server, as the server saw it."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.received = b""
        self.client_closed = asyncio.Event()

    async def read_line(self, timeout=WAIT):
        """Read until a newline (in pieces, to keep what came); b"" lines mean nothing came."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while b"\n" not in self.received:
                    chunk = await self.reader.read(4096)
                    if not chunk:
                        self.client_closed.set()
                        break
                    self.received += chunk
        line, _, _ = self.received.partition(b"\n")
        return line

    async def send(self, *pieces, pause=PIECE_PAUSE):
        """Send each piece in its own write; stop quietly if the client has gone."""
        for number, piece in enumerate(pieces):
            if number:
                await asyncio.sleep(pause)
            if self.writer.is_closing():
                return
            try:
                self.writer.write(piece)
                await self.writer.drain()
            except ConnectionError:
                self.client_closed.set()
                return

    async def wait_for_client_to_close(self, timeout=2.0):
        """Read (and keep) what comes until the client closes its side, or ``timeout``."""
        try:
            async with asyncio.timeout(timeout):
                while chunk := await self.reader.read(4096):
                    self.received += chunk
        except TimeoutError:
            return
        except ConnectionError:
            pass  # a reset: the client is gone too
        self.client_closed.set()


class ScriptedServer:
    """A server the tests control: ``script(conversation)`` runs for every connection."""

    def __init__(self, script):
        self.script = script
        self.conversations = []
        self.connections = Connections()
        self.server = None
        self.port = None

    async def _handle(self, reader, writer):
        conversation = Conversation(reader, writer)
        self.conversations.append(conversation)
        await self.script(conversation)

    async def __aenter__(self):
        handler = self.connections.wrap(self._handle)
        self.server = await asyncio.start_server(handler, LOOPBACK, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info):
        await self.connections.close()
        await close_server(self.server)

    async def client_closed(self, timeout=0.5):
        """True when every client that connected has closed its side within ``timeout``."""
        waits = [c.client_closed.wait() for c in self.conversations]
        try:
            async with asyncio.timeout(timeout):
                await asyncio.gather(*waits)
        except TimeoutError:
            return False
        return True


class StreamSpy:
    """Records the servers and client connections the learner's code opens; closes them."""

    def __init__(self, monkeypatch, module, connect_delay=0.0):
        self.servers = []
        self.writers = []
        self.server_writers = []  # the writers handed to the learner's handlers
        self.handler_tasks = []  # their tasks, in the same order
        self.closed_and_waited = set()
        self.connections = Connections()
        real_start_server = asyncio.start_server
        real_open_connection = asyncio.open_connection

        def watched(handler):
            def handler_with_watched_writer(reader, writer):
                self.server_writers.append(writer)
                self.handler_tasks.append(asyncio.current_task())
                self.watch_wait_closed(writer)
                return handler(reader, writer)

            return self.connections.wrap(handler_with_watched_writer)

        async def start_server(*args, **kwargs):
            if args:
                args = (watched(args[0]), *args[1:])
            elif kwargs.get("client_connected_cb") is not None:
                kwargs["client_connected_cb"] = watched(kwargs["client_connected_cb"])
            server = await real_start_server(*args, **kwargs)
            self.servers.append(server)
            return server

        async def open_connection(*args, **kwargs):
            if connect_delay:
                await asyncio.sleep(connect_delay)  # a slow network: connecting takes a while
            reader, writer = await real_open_connection(*args, **kwargs)
            self.writers.append(writer)
            self.watch_wait_closed(writer)
            return reader, writer

        for name, real, spy in (
            ("start_server", real_start_server, start_server),
            ("open_connection", real_open_connection, open_connection),
        ):
            monkeypatch.setattr(asyncio, name, spy)
            if getattr(module, name, None) is real:
                monkeypatch.setattr(module, name, spy)

    def watch_wait_closed(self, writer):
        """Note ``writer`` once its wait_closed() has been awaited to its end."""
        real_wait_closed = writer.wait_closed

        async def wait_closed():
            await real_wait_closed()
            self.closed_and_waited.add(id(writer))

        writer.wait_closed = wait_closed

    async def handler_finished(self, number, timeout=WAIT):
        """True when the handler of connection ``number`` (from 0) ends within ``timeout``."""
        handler_task = self.handler_tasks[number]
        await asyncio.wait({handler_task}, timeout=timeout)
        return handler_task.done()

    def open_writers(self):
        return [writer for writer in self.writers if not writer.is_closing()]

    def check_clients_closed(self, call):
        """Fail unless every connection the call opened was closed, and waited for."""
        check(
            not self.open_writers(),
            f"Called {call}. When it returned, the connection it opened was still open. "
            "Close it before you return: writer.close(), then await writer.wait_closed() "
            "(in a finally block, so that it happens whatever goes wrong).",
        )
        not_waited = [w for w in self.writers if id(w) not in self.closed_and_waited]
        check(
            not not_waited,
            f"Called {call}. It closed its connection with writer.close() but never awaited "
            "writer.wait_closed(): close() only starts closing. Await wait_closed() so that "
            "the connection is really closed when your function returns.",
        )

    async def close(self):
        for writer in self.writers:
            writer.close()
        await self.connections.close()
        for server in self.servers:
            await close_server(server)


def port_of(server):
    return server.sockets[0].getsockname()[1]


async def is_listening(port):
    """True when something accepts connections on 127.0.0.1:``port``."""
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(LOOPBACK, port), WAIT)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


def frame(payload):
    return len(payload).to_bytes(4, "big") + payload


@contextlib.asynccontextmanager
async def stream_and_raw_client():
    """The server side's (reader, writer) of a loopback connection, and the raw client."""
    accepted = asyncio.get_running_loop().create_future()

    async def keep(reader, writer):
        if not accepted.done():
            accepted.set_result((reader, writer))
        await asyncio.Event().wait()  # hold the connection until the test ends

    async with Served(keep) as served, raw_clients() as clients:
        clients.append(await RawClient.connect(served.port))
        reader, writer = await asyncio.wait_for(accepted, WAIT)
        yield reader, writer, clients[0]


async def call_with_limit(call, coroutine, limit, why):
    """Await the learner's coroutine; fail saying ``why`` when it has not returned in ``limit``.

    ``why`` is a text, or a function giving it (called after the time is up).
    """
    deadline = asyncio.timeout(limit)
    try:
        async with deadline:
            return await coroutine
    except TimeoutError:
        if not deadline.expired():
            raise
    fail(f"Called {call}. It had not returned after {limit:g} s. {why() if callable(why) else why}")


# ---------------------------------------------------------------------------------------
# Task 1: echo and start_echo_server


@task(1, checks=("echo-server-on-loopback-port-0",), realtime=True)
async def test_echo_server_listens_on_loopback_on_a_free_port(topic, monkeypatch):
    """start_echo_server() returns a serving Server on 127.0.0.1, on a port the OS picked."""
    spy = StreamSpy(monkeypatch, topic.module)
    try:
        server = await topic.start_echo_server()
        check(
            isinstance(server, asyncio.Server),
            f"start_echo_server() returned {show(server)}; expected the Server that "
            "`await asyncio.start_server(echo, '127.0.0.1', 0)` gives.",
        )
        check(
            server.is_serving(),
            "start_echo_server() returned a Server that is not serving: let "
            "asyncio.start_server start it (and do not close it: the caller does).",
        )
        hosts = sorted({sock.getsockname()[0] for sock in server.sockets})
        check(
            hosts == [LOOPBACK],
            f"Your echo server listens on {hosts}; expected ['127.0.0.1'] only (loopback: "
            "no other machine can connect). Pass '127.0.0.1' as the host.",
        )
        try:
            second = await topic.start_echo_server()
        except OSError as error:
            fail(
                f"Called start_echo_server() twice, so that two servers run at once. The "
                f"second call raised {type(error).__name__}: {error}. Both asked for the "
                "same port. Ask for port 0, and the OS picks a free port each time."
            )
        check(
            isinstance(second, asyncio.Server) and port_of(second) != port_of(server),
            "Called start_echo_server() twice; both servers got the same port. Ask for "
            "port 0, so that the OS picks a free one each time.",
        )
    finally:
        await spy.close()


@task(1, checks=("echo-sends-back-as-it-arrives", "echo-closes-at-the-end"), realtime=True)
async def test_echo_sends_back_what_arrives_and_closes(topic, monkeypatch):
    """echo sends back bytes as they arrive, to two clients at once; it closes at the end."""
    spy = StreamSpy(monkeypatch, topic.module)
    try:
        server = await topic.start_echo_server()
        check(
            isinstance(server, asyncio.Server),
            f"start_echo_server() returned {show(server)}; expected a Server.",
        )
        async with raw_clients() as clients:
            first = await RawClient.connect(port_of(server))
            clients.append(first)
            await first.send(b"hello")
            got = await first.receive(5)
            spy.connections.raise_errors()
            came = f"It sent back {got!r}" if got else "Nothing came back"
            check(
                got == b"hello",
                f"Connected to your echo server and sent b'hello' (no newline). {came} "
                f"within {WAIT:g} s; expected b'hello'. Send back whatever has "
                "arrived, at once: do not wait for a newline (readline) or for the end "
                "of the stream (read() with no size). `await reader.read(4096)` does it.",
            )
            await first.send(b"wor", b"ld", b"\n")
            got = await first.receive(6)
            spy.connections.raise_errors()
            check(
                got == b"world\n",
                f"Sent b'wor', b'ld' and b'\\n' in three writes, {PIECE_PAUSE * 1000:g} ms "
                f"apart. Your echo server sent back {show(got)}; expected b'world\\n'.",
            )
            second = await RawClient.connect(port_of(server))
            clients.append(second)
            await second.send(b"me too")
            got = await second.receive(6)
            spy.connections.raise_errors()
            check(
                got == b"me too",
                "While the first client was still connected, a second client sent b'me too'. "
                f"It got back {show(got)}; expected b'me too'. Each client has its own "
                "handler task: nothing in echo may wait for the other clients.",
            )
            first.finish_sending()
            rest, closed = await first.receive_to_end()
            spy.connections.raise_errors()
            check(
                closed,
                "The first client finished sending (it shut down its side of the "
                f"connection), but your server had not closed the connection {WAIT:g} s "
                "later. When read() returns b'', leave the loop and close: writer.close(), "
                "then await writer.wait_closed().",
            )
            check(rest == b"", f"After the end, your server still sent {show(rest)}.")
            check(
                await spy.handler_finished(0),
                f"The first client finished sending and the connection closed, but echo had "
                f"not returned {WAIT:g} s later.",
            )
            check(
                id(spy.server_writers[0]) in spy.closed_and_waited,
                "The first client finished sending. echo closed the connection with "
                "writer.close() but never awaited writer.wait_closed(): close() only starts "
                "closing. Await wait_closed() before echo returns.",
            )
    finally:
        await spy.close()


# ---------------------------------------------------------------------------------------
# Task 2: ask


def answering(*pieces):
    """A server script: read the question line, send ``pieces``, wait for the client to go."""

    async def script(conversation):
        await conversation.read_line()
        if b"\n" in conversation.received:
            await conversation.send(*pieces)
        await conversation.wait_for_client_to_close()

    return script


def question_problem(call, server, question):
    """What was wrong with the question the server got, or ''."""
    if not server.conversations:
        return f"Called {call}. It never connected to 127.0.0.1 on the port it was given."
    received = server.conversations[0].received
    sent = question.encode() + b"\n"
    if received == question.encode():
        return (
            f"Called {call}. The server received {received!r}, without a newline at the "
            "end, so it was still waiting for the end of the line. Send "
            "question.encode() + b'\\n'."
        )
    if not received.startswith(sent):
        return f"Called {call}. The server received {received!r}; expected {sent!r}."
    return ""


def hang_problem(server, question):
    """Why ask may have hung: the question was no whole line, or it read to the end."""
    problem = question_problem("ask", server, question)
    if problem:
        return problem.removeprefix("Called ask. ")
    return HANG_ASK


def reply_problem(call, reply, expected, pieces):
    """What was wrong with what ask returned, or ''."""
    if reply == expected:
        return ""
    first = pieces[0].decode()
    if isinstance(reply, bytes):
        return f"Called {call}. It returned bytes {show(reply)}; expected text: decode it."
    if isinstance(reply, str) and reply.strip() == expected:
        return (
            f"Called {call}. It returned {show(reply)}; expected {show(expected)}: leave out "
            "the newline (reply.decode().rstrip('\\n'))."
        )
    if isinstance(reply, str) and expected.startswith(reply) and reply:
        return (
            f"Called {call}. The server sent its line in pieces: {show(pieces)}. It returned "
            f"{show(reply)}: only what had arrived when you read (first piece: "
            f"{show(first)}). read(n) returns what is there; readline() waits for the whole "
            "line."
        )
    if isinstance(reply, str) and reply.startswith(expected):
        return (
            f"Called {call}. The server sent two lines at once; it returned {show(reply)}. "
            f"Expected only the first line, {show(expected)}: read with readline()."
        )
    return f"Called {call}. It returned {show(reply)}; expected {show(expected)}."


HANG_ASK = (
    "The server sent its reply line and keeps the connection open until the client closes "
    "it: read one line with readline() (not read() to the end of the stream), then close."
)


async def run_ask(topic, monkeypatch, pieces, expected, question="What is the answer?"):
    spy = StreamSpy(monkeypatch, topic.module)
    try:
        async with ScriptedServer(answering(*pieces)) as server:
            call = f"ask({server.port}, {question!r})"
            reply = await call_with_limit(
                call,
                topic.ask(server.port, question),
                WAIT,
                lambda: hang_problem(server, question),
            )
            problem = question_problem(call, server, question)
            check(not problem, problem)
            problem = reply_problem(call, reply, expected, pieces)
            check(not problem, problem)
            expect_result(reply, expected, call=call, meaning="the first line, as text")
            spy.check_clients_closed(call)
            check(
                await server.client_closed(),
                f"Called {call}. It returned, but the server never saw the connection "
                "close. Close it: writer.close(), then await writer.wait_closed().",
            )
    finally:
        await spy.close()


@task(
    2, checks=("ask-sends-one-utf8-line", "ask-returns-the-first-line", "ask-closes"), realtime=True
)
async def test_ask_waits_for_the_whole_line(topic, monkeypatch):
    """ask(port, question) sends one line and returns the reply line sent in pieces."""
    pieces = (b"The ans", b"wer is", b" 42", b"\n")
    await run_ask(topic, monkeypatch, pieces, "The answer is 42")


@task(2, checks=("ask-sends-one-utf8-line", "ask-returns-the-first-line"), realtime=True)
async def test_ask_speaks_utf8(topic, monkeypatch):
    """ask sends '¿qué tal?' as UTF-8 and returns the UTF-8 reply 'très bien', no newline."""
    reply = "très bien"
    pieces = (reply[:3].encode(), reply[3:].encode() + b"\n")
    await run_ask(topic, monkeypatch, pieces, reply, question="¿qué tal?")


@task(2, checks=("ask-returns-the-first-line", "ask-closes"), realtime=True)
async def test_ask_returns_only_the_first_line(topic, monkeypatch):
    """ask returns only the first line when the server sends two lines in one write."""
    await run_ask(topic, monkeypatch, (b"first\nsecond\n",), "first")


# ---------------------------------------------------------------------------------------
# Task 3: greet_lines


@task(3, checks=("greet-whole-lines", "greet-closes-at-the-end"), realtime=True)
async def test_greet_lines_greets_whole_lines(topic):
    """greet_lines answers each whole line, however it arrives, and closes at the end."""
    async with Served(topic.greet_lines) as served, raw_clients() as clients:
        client = await RawClient.connect(served.port)
        clients.append(client)
        await client.send(b"Ada\nBo", b"b\n", pause=0.01)
        expected = b"Hello, Ada!\nHello, Bob!\n"
        got = await client.receive(len(expected))
        served.raise_errors()
        check(
            got == expected,
            "Sent b'Ada\\nBo' in one write, then b'b\\n' 10 ms later: the lines 'Ada' and "
            f"'Bob'. Your server replied {got!r}; expected {expected!r}, one "
            "greeting per whole line. read(n) returns whatever has arrived: part of a line, "
            "or a line and a half. `await reader.readline()` returns one whole line.",
        )
        await client.send(b"C", b"y", b"\n")
        expected = b"Hello, Cy!\n"
        got = await client.receive(len(expected))
        served.raise_errors()
        check(
            got == expected,
            f"Sent b'C', b'y', b'\\n' in three writes, {PIECE_PAUSE * 1000:g} ms apart. Your "
            f"server replied {got!r}; expected {expected!r}.",
        )
        client.finish_sending()
        rest, closed = await client.receive_to_end()
        served.raise_errors()
        check(
            closed,
            "The client finished sending (it shut down its side), but your server had not "
            f"closed the connection {WAIT:g} s later. When readline() returns b'', close: "
            "writer.close(), then await writer.wait_closed().",
        )
        check(rest == b"", f"After the last line, your server still sent {show(rest)}.")


CLIENTS = 5
HALF_PAUSE = 0.025  # between the two halves of a client's first line
THINK = 0.05  # between a client's first reply and its second line


@task(3, checks=("greet-clients-at-once",), realtime=True)
async def test_greet_lines_serves_five_slow_clients_at_once(topic):
    """five clients taking 75 ms each are served at the same time: in about 75 ms, not 375."""
    timeline = Timeline()
    names = ["Ana", "Ben", "Cleo", "Dev", "Eve"]

    async def slow_client(name, served):
        reader, writer = await asyncio.open_connection(LOOPBACK, served.port)
        try:
            half = len(name) // 2
            writer.write(name[:half].encode())
            await writer.drain()
            await asyncio.sleep(HALF_PAUSE)
            writer.write(name[half:].encode() + b"\n")
            await writer.drain()
            first = await asyncio.wait_for(reader.readline(), WAIT)
            if not first:
                return first, b""
            # Served: from the first reply to the last, with a pause to think between.
            async with timeline.span(f"client {name}"):
                await asyncio.sleep(THINK)
                writer.write(b"again\n")
                await writer.drain()
                second = await asyncio.wait_for(reader.readline(), WAIT)
            return first, second
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async with Served(topic.greet_lines) as served:
        timeline.start_clock()
        with stopwatch() as watch:
            try:
                replies = await asyncio.gather(*(slow_client(name, served) for name in names))
            except TimeoutError:
                served.raise_errors()
                fail(
                    f"Five clients connected at once, each sending a name in two halves "
                    f"{HALF_PAUSE * 1000:g} ms apart. At least one of them got no reply "
                    f"within {WAIT:g} s.\n" + timeline.render()
                )
        served.raise_errors()
    for name, got in zip(names, replies, strict=True):
        half = len(name) // 2
        first, second = name[:half].encode(), name[half:].encode() + b"\n"
        expected = (f"Hello, {name}!\n".encode(), b"Hello, again!\n")
        check(
            got == expected,
            f"Five clients connected at once. Client {name!r} sent {first!r}, then "
            f"{second!r} {HALF_PAUSE * 1000:g} ms later, then b'again\\n'. It got "
            f"{got[0]!r} and {got[1]!r}; expected {expected[0]!r} and {expected[1]!r}.",
        )
    check(
        timeline.peak == CLIENTS,
        f"Five clients connected at once, each taking {THINK * 1000:g} ms to think between "
        f"two lines. At most {timeline.peak} of them were being served at the same time; "
        "expected all 5. start_server runs one handler task per client: nothing in a "
        "handler may hold the others up (no lock around a whole conversation, no blocking "
        "call).\n" + timeline.render("when each client was being served"),
    )
    expect_duration(
        watch.elapsed,
        at_least=(HALF_PAUSE + THINK) * 0.95,
        under=0.2,
        call="five clients at once, each taking 75 ms to send its two lines",
        expected="about 75 ms: served at the same time (one after another takes 375 ms).",
        timeline=timeline,
        clock_name=REAL,
    )


# ---------------------------------------------------------------------------------------
# Task 4: read_frame and write_frame


async def read_one_frame(topic, reader, what):
    """``await read_frame(reader)``, failing with a message when it hangs or reads short."""
    try:
        return await call_with_limit(
            "read_frame(reader)",
            topic.read_frame(reader),
            WAIT,
            f"It was reading {what} and waited for bytes that were never sent. The header is "
            "4 bytes, big-endian: int.from_bytes(header, 'big'), then readexactly(that many).",
        )
    except struct.error as error:
        fail(
            f"read_frame(reader) was reading {what} and raised struct.error ({error}): the "
            "header it unpacked was short. read(4) returns what has arrived so far, maybe "
            "only 1 or 2 of the 4 bytes when the header comes in pieces. "
            "readexactly(4) waits for all four."
        )


@task(
    4,
    checks=(
        "read-frame-waits-for-whole-frames",
        "read-frame-returns-bytes",
        "read-frame-clean-end-is-none",
    ),
    realtime=True,
)
async def test_read_frame_reads_joined_and_split_frames(topic):
    """read_frame reads two frames sent in one write, then one sent byte by byte; then None."""
    async with stream_and_raw_client() as (reader, _, client):
        await client.send(frame(b"hello") + frame(b""))
        for what, expected in (
            ("the first of two frames sent in one write", b"hello"),
            ("an empty frame (length 0)", b""),
        ):
            got = await read_one_frame(topic, reader, what)
            check(
                same(got, expected),
                "Sent two frames in one write: b'hello' (header b'\\x00\\x00\\x00\\x05') "
                f"and an empty one (header b'\\x00\\x00\\x00\\x00'). read_frame returned "
                f"{show(got)} (a {type(got).__name__}) for {what}; expected {show(expected)} "
                "(bytes).",
            )
        payload = b"split" * 60
        header = frame(payload)[:4]
        pieces = [header[:1], header[1:2], header[2:], payload[:7], payload[7:100], payload[100:]]
        sending = asyncio.create_task(client.send(*pieces))
        try:
            got = await read_one_frame(topic, reader, "a frame sent in pieces")
        finally:
            await sending
        check(
            same(got, payload),
            f"Sent a frame of {len(payload)} bytes in pieces: its header one byte at a time, "
            f"{PIECE_PAUSE * 1000:g} ms apart, then the payload in 3 pieces. read_frame "
            f"returned {show(got)} ({len(got) if isinstance(got, bytes) else '?'} bytes, "
            f"a {type(got).__name__}); expected the whole payload, as bytes. read(n) returns "
            "what has arrived so far; readexactly(n) waits for exactly n bytes.",
        )
        client.finish_sending()
        try:
            end = await read_one_frame(topic, reader, "at the end of the stream")
        except asyncio.IncompleteReadError:
            fail(
                "After the last frame, the client closed its side. read_frame raised "
                "IncompleteReadError; expected None: that is a clean end, because no byte of "
                "a new header arrived. Catch the error and return None when its partial "
                "is b''."
            )
        check(
            end is None,
            "After the last frame, the client closed its side. read_frame returned "
            f"{show(end)}; expected None (b'' would be an empty frame, a real message).",
        )


@task(4, checks=("read-frame-cut-is-an-error",), realtime=True)
async def test_read_frame_raises_when_a_frame_is_cut(topic):
    """read_frame raises IncompleteReadError when the stream ends inside a frame."""
    async with stream_and_raw_client() as (reader, _, client):
        await client.send(frame(b"0123456789")[:7])
        client.finish_sending()
        try:
            got = await read_one_frame(topic, reader, "a frame cut after 3 of its 10 bytes")
        except asyncio.IncompleteReadError:
            return
        fail(
            "Sent the header of a 10-byte frame and 3 bytes of it, then closed. read_frame "
            f"returned {show(got)}; expected asyncio.IncompleteReadError: a frame cut in the "
            "middle is an error. Return None only when no byte of a new header arrived."
        )


@task(4, checks=("read-frame-cut-is-an-error",), realtime=True)
async def test_read_frame_raises_when_a_header_is_cut(topic):
    """read_frame raises IncompleteReadError when the stream ends inside a 4-byte header."""
    async with stream_and_raw_client() as (reader, _, client):
        await client.send(frame(b"abc") + frame(b"0123456789")[:2])
        client.finish_sending()
        got = await read_one_frame(topic, reader, "a whole frame before the cut one")
        check(
            same(got, b"abc"),
            f"Sent a frame b'abc'; read_frame returned {show(got)}; expected b'abc'.",
        )
        try:
            got = await read_one_frame(topic, reader, "a header cut after 2 of its 4 bytes")
        except asyncio.IncompleteReadError:
            return
        fail(
            "Sent a frame b'abc', then 2 of the 4 bytes of the next header, then closed. The "
            f"second read_frame returned {show(got)}; expected asyncio.IncompleteReadError: "
            "the stream ended in the middle of a frame (inside its header). Return None only "
            "when no byte of a new header arrived: the error's partial is b''."
        )


@task(4, checks=("write-frame-format", "write-frame-drains"), realtime=True)
async def test_write_frame_writes_length_then_payload(topic):
    """write_frame writes 4 bytes of length, big-endian, then the payload, and drains."""
    check(
        inspect.iscoroutinefunction(topic.write_frame),
        "write_frame is not a coroutine function: write it with `async def`, so that it "
        "can await writer.drain().",
    )
    async with stream_and_raw_client() as (_, writer, client):
        drains = []
        real_drain = writer.drain

        async def recorded_drain():
            drains.append(True)
            await real_drain()

        writer.drain = recorded_drain
        payloads = [b"hi", b"", b"z" * 70_000]
        expected = b"".join(frame(payload) for payload in payloads)
        receiving = asyncio.create_task(client.receive(len(expected)))
        try:
            for payload in payloads:
                await call_with_limit(
                    f"write_frame(writer, <{len(payload)} bytes>)",
                    topic.write_frame(writer, payload),
                    WAIT,
                    "The reader was reading all the while.",
                )
        except BaseException:
            receiving.cancel()
            await asyncio.wait({receiving})
            raise
        got = await receiving
        if got[:4] == (2).to_bytes(4, "little"):
            fail(
                f"write_frame(writer, b'hi') sent the header {show(got[:4])}: little-endian. "
                "Expected b'\\x00\\x00\\x00\\x02': len(payload).to_bytes(4, 'big')."
            )
        check(
            got == expected,
            f"Called write_frame for b'hi', b'' and 70000 bytes. The other side received "
            f"{show(got[:40])} ({len(got)} bytes in all); expected {show(expected[:40])} "
            f"({len(expected)} bytes): for each, 4 bytes of length, big-endian, then the "
            "payload.",
        )
        check(
            len(drains) >= len(payloads),
            f"Called write_frame {len(payloads)} times; it awaited writer.drain() "
            f"{len(drains)} time(s). Await it after every write: write() only fills a "
            "buffer, and drain() waits while the other side is slow to read.",
        )


# ---------------------------------------------------------------------------------------
# Task 5: ask_all


async def reference_ask(port, question):
    """A correct ``ask``, put in place of the learner's so that task 5 stands on its own."""
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        return (await reader.readline()).decode().rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()


def counted_reference_ask(monkeypatch, topic):
    """Put a correct ``ask`` in place of the learner's; return the list of questions it got."""
    asked = []

    async def ask(port, question):
        asked.append(question)
        return await reference_ask(port, question)

    monkeypatch.setattr(topic.module, "ask", ask)
    return asked


def check_asked_with_ask(call, asked, questions):
    check(
        sorted(asked) == sorted(questions),
        f"Called {call}. ask was called for {show(sorted(asked))}; expected once for each "
        f"question, {show(sorted(questions))}: ask every question with ask(port, question).",
    )


GATHER_WAIT = 0.1  # how long the server waits for every question before answering anyway


@task(5, checks=("ask-all-at-once", "ask-all-replies-in-order", "ask-all-uses-ask"), realtime=True)
async def test_ask_all_asks_at_once_replies_in_order(topic, monkeypatch):
    """ask_all(port, five questions) has all five connections open at once; replies in order."""
    asked = counted_reference_ask(monkeypatch, topic)
    questions = ["q0", "q1", "q2", "q3", "q4"]
    delays = {"q0": 0.03, "q1": 0.0, "q2": 0.02, "q3": 0.01, "q4": 0.005}
    timeline = Timeline()
    everyone = asyncio.Event()
    arrived = []

    async def script(conversation):
        line = (await conversation.read_line()).decode()
        async with timeline.span(f"server handles {line!r}"):
            arrived.append(line)
            if len(arrived) == len(questions):
                everyone.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(everyone.wait(), GATHER_WAIT)
            await asyncio.sleep(delays.get(line, 0.0))
            await conversation.send(f"answer to {line}\n".encode())
        await conversation.wait_for_client_to_close()

    async with ScriptedServer(script) as server:
        call = f"ask_all({server.port}, {questions!r})"
        timeline.start_clock()
        with stopwatch() as watch:
            replies = await call_with_limit(
                call, topic.ask_all(server.port, questions), 2.0, "Each ask takes a moment."
            )
    expected = [f"answer to {q}" for q in questions]
    got = list(replies) if isinstance(replies, list | tuple) else replies
    if got != expected and isinstance(got, list) and sorted(map(str, got)) == expected:
        fail(
            f"Called {call}. It returned {show(got)}: the replies in the order they came "
            f"back. Expected them in the order of the questions: {show(expected)}."
        )
    check(got == expected, f"Called {call}. It returned {show(got)}; expected {show(expected)}.")
    expect_result(replies, expected, call=call, meaning="the replies, as a list")
    check_asked_with_ask(call, asked, questions)
    check(
        timeline.peak == len(questions),
        f"Called {call}. At most {timeline.peak} question(s) were open at the same time; "
        f"expected all {len(questions)}: start every ask before waiting for any "
        "(asyncio.gather, or a TaskGroup).\n" + timeline.render("what the server saw"),
    )
    expect_duration(
        watch.elapsed,
        at_least=max(delays.values()) * 0.95,
        under=0.25,
        call=f"{call}, where the slowest reply takes 30 ms",
        expected="about 30 ms: all five questions at the same time.",
        timeline=timeline,
        clock_name=REAL,
    )


@task(5, checks=("ask-all-replies-in-order", "ask-all-uses-ask"), realtime=True)
async def test_ask_all_of_nothing(topic, monkeypatch):
    """ask_all(port, []) returns an empty list."""
    asked = counted_reference_ask(monkeypatch, topic)
    async with ScriptedServer(answering(b"unused\n")) as server:
        replies = await call_with_limit(
            f"ask_all({server.port}, [])", topic.ask_all(server.port, []), WAIT, ""
        )
    expect_result(replies, [], call="ask_all(port, [])", meaning="no question, no reply")
    check_asked_with_ask("ask_all(port, [])", asked, [])


# ---------------------------------------------------------------------------------------
# Task 6: ask_within


def saying(*pieces):
    """A server script: read the question, send ``pieces`` (maybe none), then stay silent."""

    async def script(conversation):
        await conversation.read_line()
        if pieces:
            await conversation.send(*pieces)
        await conversation.wait_for_client_to_close()

    return script


async def run_ask_within(
    topic, monkeypatch, script, seconds, expect, question="anyone there?", connect_delay=0.0
):
    """Call ask_within against a server running ``script``; ``expect(call, reply, elapsed)``
    checks what it returned, then the connection must have been closed. ``connect_delay``
    makes asyncio.open_connection take that long before it connects."""
    spy = StreamSpy(monkeypatch, topic.module, connect_delay=connect_delay)
    try:
        async with ScriptedServer(script) as server:
            call = f"ask_within({server.port}, {question!r}, {seconds:g})"
            with stopwatch() as watch:
                try:
                    reply = await call_with_limit(
                        call,
                        topic.ask_within(server.port, question, seconds),
                        seconds + WAIT,
                        f"It should give up after {seconds:g} s: put the whole exchange "
                        "under `async with asyncio.timeout(seconds):` (or wait_for) and "
                        "return None when the time is up.",
                    )
                except TimeoutError:
                    fail(
                        f"Called {call}. It raised TimeoutError; expected it to return None "
                        "when the time is up: catch the TimeoutError."
                    )
            expect(call, reply, watch.elapsed)
            spy.check_clients_closed(call)
            check(
                await server.client_closed(),
                f"Called {call}. It returned, but the server never saw the connection close. "
                "Close it however the call ends: writer.close(), then await "
                "writer.wait_closed(), in a finally block.",
            )
    finally:
        await spy.close()


@task(6, checks=("ask-within-gives-up", "ask-within-closes"), realtime=True)
async def test_ask_within_gives_up_on_a_silent_server(topic, monkeypatch):
    """ask_within(port, question, 0.05) returns None after 0.05 s when no reply comes; closes."""

    def expect(call, reply, elapsed):
        check(
            reply is None,
            f"Called {call} on a server that never answers. It returned {show(reply)}; "
            "expected None.",
        )
        expect_duration(
            elapsed,
            at_least=0.05,
            under=0.5,
            call=f"{call} on a server that never answers",
            expected="None after 0.05 s: wait that long for the reply, no less.",
            clock_name=REAL,
        )

    await run_ask_within(topic, monkeypatch, saying(), 0.05, expect)


@task(6, checks=("ask-within-times-the-whole-exchange", "ask-within-closes"), realtime=True)
async def test_ask_within_needs_the_whole_line(topic, monkeypatch):
    """ask_within returns None when the server sends half a line, then goes silent."""

    def expect(call, reply, elapsed):
        check(
            reply is None,
            f"Called {call}. The server sent b'I am thin' (no newline) and then nothing. It "
            f"returned {show(reply)}; expected None: half a line is no answer. Wait for the "
            "whole line (readline) under the timeout.",
        )

    await run_ask_within(topic, monkeypatch, saying(b"I am thin"), 0.05, expect)


@task(6, checks=("ask-within-times-the-whole-exchange", "ask-within-closes"), realtime=True)
async def test_ask_within_counts_the_time_to_connect(topic, monkeypatch):
    """ask_within(port, question, 0.4): connecting takes 0.35 s, the reply 0.1 s more: None."""

    async def script(conversation):
        await conversation.read_line()
        await asyncio.sleep(0.1)
        await conversation.send(b"late\n")
        await conversation.wait_for_client_to_close()

    def expect(call, reply, elapsed):
        check(
            reply is None,
            f"Called {call} over a slow network: open_connection took 0.35 s, then the "
            f"server answered b'late\\n' 0.1 s after the question. It returned {show(reply)}; "
            "expected None: the whole exchange took 0.45 s, more than 0.4 s. The time limit "
            "covers connecting too: open the connection inside `async with "
            "asyncio.timeout(seconds):`.",
        )

    await run_ask_within(topic, monkeypatch, script, 0.4, expect, connect_delay=0.35)


@task(6, checks=("ask-within-returns-the-reply", "ask-within-closes"), realtime=True)
async def test_ask_within_returns_a_reply_in_time(topic, monkeypatch):
    """ask_within(port, question, 0.5) returns a reply sent in pieces within 20 ms, at once."""

    def expect(call, reply, elapsed):
        check(
            reply == "fine",
            f"Called {call}. The server replied b'fi', then b'ne\\n' (and more lines). It "
            f"returned {show(reply)}; expected 'fine', the first line as text without its "
            "newline.",
        )
        expect_duration(
            elapsed,
            at_least=0.0,
            under=0.3,
            call=f"{call}, the reply line complete after about 5 ms",
            expected="it returns as soon as the line is complete, not after the time limit.",
            clock_name=REAL,
        )

    script = saying(b"fi", b"ne\n", b"extra\n")
    await run_ask_within(topic, monkeypatch, script, 0.5, expect, "how are you?")


# ---------------------------------------------------------------------------------------
# Task 7: serve_until


async def greet_handler(reader, writer):
    """The handler the tests hand to serve_until: one greeting per line."""
    try:
        while line := await reader.readline():
            writer.write(b"Hello, " + line.strip() + b"!\n")
            await writer.drain()
    finally:
        writer.close()


def watch_wait_closed(monkeypatch):
    """Record every Server whose wait_closed() was awaited to its end."""
    waited = set()
    real = asyncio.Server.wait_closed

    async def wait_closed(self):
        await real(self)
        waited.add(id(self))

    monkeypatch.setattr(asyncio.Server, "wait_closed", wait_closed)
    return waited


@contextlib.asynccontextmanager
async def serving_until(topic, monkeypatch):
    """Start serve_until(greet_handler, stop, ready) as a task; yield (stop, port, task, spy)."""
    spy = StreamSpy(monkeypatch, topic.module)
    stop = asyncio.Event()
    ports = asyncio.get_running_loop().create_future()

    def ready(port):
        if not ports.done():
            ports.set_result(port)

    serving = asyncio.create_task(topic.serve_until(greet_handler, stop, ready))
    try:
        done, _ = await asyncio.wait({ports, serving}, timeout=WAIT, return_when="FIRST_COMPLETED")
        if serving in done:
            serving.result()
            fail(
                "serve_until(handler, stop, ready) returned before stop was set, without "
                "calling ready(port). Start the server, call ready(port), then await "
                "stop.wait()."
            )
        check(
            ports in done,
            f"serve_until(handler, stop, ready) had not called ready(port) {WAIT:g} s after "
            "it started. Call it once the server listens, with its port: "
            "server.sockets[0].getsockname()[1].",
        )
        port = ports.result()
        check(
            isinstance(port, int) and port > 0,
            f"serve_until called ready({show(port)}); expected the port number (an int).",
        )
        yield stop, port, serving, spy
    finally:
        if not serving.done():
            serving.cancel()
            await asyncio.wait({serving}, timeout=WAIT)
        await spy.close()


async def stopped(serving):
    """Wait (at most WAIT) for serve_until to return after stop was set."""
    done, _ = await asyncio.wait({serving}, timeout=WAIT)
    check(
        serving in done,
        f"Set stop; serve_until had not returned {WAIT:g} s later. Await stop.wait(), then "
        "close the server (server.close(), await server.wait_closed()) and return. "
        "serve_forever() would never return by itself.",
    )
    serving.result()


@task(
    7,
    checks=(
        "serve-until-ready",
        "serve-until-serves-until-stop",
        "serve-until-stops-listening",
        "serve-until-waits-closed",
    ),
    realtime=True,
)
async def test_serve_until_serves_then_closes(topic, monkeypatch):
    """serve_until serves until stop is set, then stops listening and awaits wait_closed."""
    waited = watch_wait_closed(monkeypatch)
    async with serving_until(topic, monkeypatch) as (stop, port, serving, spy):
        reader, writer = await asyncio.open_connection(LOOPBACK, port)
        try:
            writer.write(b"Ada\n")
            await writer.drain()
            reply = await asyncio.wait_for(reader.readline(), WAIT)
        finally:
            writer.close()
            await writer.wait_closed()
        check(
            reply == b"Hello, Ada!\n",
            f"Connected to the port given to ready() and sent b'Ada\\n'. The handler's reply "
            f"was {show(reply)}; expected b'Hello, Ada!\\n': start_server(handler, ...).",
        )
        hosts = sorted({s.getsockname()[0] for server in spy.servers for s in server.sockets})
        check(
            hosts == [LOOPBACK],
            f"serve_until listens on {hosts}; expected ['127.0.0.1'] only.",
        )
        check(not serving.done(), "serve_until returned before stop was set.")
        stop.set()
        await stopped(serving)
        check(
            not await is_listening(port),
            f"Set stop and serve_until returned, but port {port} still accepted connections: "
            "the server was left listening. Call server.close() (or use `async with "
            "server:`).",
        )
        check(
            spy.servers and all(id(server) in waited for server in spy.servers),
            "serve_until closed its server but never awaited server.wait_closed(): close() "
            "only starts closing. Await wait_closed() before you return (`async with "
            "server:` does both).",
        )


@task(7, checks=("serve-until-lets-conversations-finish",), realtime=True)
async def test_serve_until_lets_a_conversation_in_progress_finish(topic, monkeypatch):
    """A client half way through a line when stop is set still gets its reply."""
    async with serving_until(topic, monkeypatch) as (stop, port, serving, _):
        reader, writer = await asyncio.open_connection(LOOPBACK, port)
        try:
            writer.write(b"Gra")
            await writer.drain()
            await asyncio.sleep(0.01)
            stop.set()
            await asyncio.sleep(0.01)
            writer.write(b"ce\n")
            await writer.drain()
            reply = await asyncio.wait_for(reader.readline(), WAIT)
        except (TimeoutError, ConnectionError) as error:
            reply = f"{type(error).__name__}"
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        check(
            reply == b"Hello, Grace!\n",
            "A client sent b'Gra', then stop was set, then it sent b'ce\\n'. Its reply was "
            f"{show(reply)}; expected b'Hello, Grace!\\n'. Closing the server stops new "
            "clients; it need not cut the conversations already going on.",
        )
        await stopped(serving)
