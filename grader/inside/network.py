"""Loopback networking for the suites: servers and clients the tests run, spies on the
learner's streams, and what a test checks about listening and closing.

Everything listens on, or connects to, 127.0.0.1 only. Whatever a test opens, or sees the
learner's code open, is recorded so that it is closed when the test ends, even half way.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import os
import random
import socket
import struct
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

import psutil
import pytest

from grader.i18n import _
from grader.inside.evidence import record
from grader.inside.leftovers import _tcp_sockets
from grader.inside.running import finish_within
from grader.inside.spies import replace_in_asyncio
from grader.inside.suite import called, fail

LOOPBACK = "127.0.0.1"
WAIT = 1.0  # seconds of real time a test waits for an answer before it says none came
PIECE_PAUSE = 0.005  # seconds between the pieces of a message sent a few bytes at a time
CLOSING = 0.5  # seconds of real time the clean-up waits for a server or a task to end
# Connections a suite has open at once where a statement sets no cap: more than the caps code
# tends to guess (a Semaphore(100), batches of 100), and few enough sockets for any machine.
CROWD = 120
PRIVATE_PORTS = 20000  # free_port picks from here up to the ephemeral range
PICK = random.Random()  # free_port's own, whatever the learner's code does to random's


# ---------------------------------------------------------------------------------------
# Ports, listening addresses and waiting on the real clock


def port_of(server: asyncio.Server) -> int:
    """The port a server listens on."""
    return server.sockets[0].getsockname()[1]


def listening_addresses(servers: Iterable[asyncio.Server]) -> list[tuple[str, int]]:
    """Every (host, port) the servers listen on, sorted, each once."""
    return sorted({sock.getsockname()[:2] for server in servers for sock in server.sockets})


def lowest_ephemeral_port(range_file: Path = Path("/proc/sys/net/ipv4/ip_local_port_range")) -> int:
    """Where the kernel's range of ports to hand out starts (Linux's default if unreadable)."""
    try:
        return int(range_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


EPHEMERAL_LOW = lowest_ephemeral_port()  # read once, before the learner's code runs


def free_port() -> int:
    """A loopback port nothing listens on, below the kernel's ephemeral range.

    Nothing that asks the kernel for any port (binding port 0, an outgoing connection) can
    be handed this one, so a server that ignored the port it was told to use, or a
    connection that was to be refused, cannot land on it by chance.
    """
    low = EPHEMERAL_LOW
    candidates = range(min(PRIVATE_PORTS, low // 2), low)
    for port in PICK.sample(candidates, min(50, len(candidates))):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((LOOPBACK, port))
            except OSError:
                continue
            return port
    raise OSError(_("No free loopback port below {low}.").format(low=low))


def listening_sockets(besides: Iterable[asyncio.Server] = ()) -> set[int]:
    """The inodes of this process's listening sockets, TCP (IPv4, IPv6) and Unix, whatever
    opened them (asyncio.start_server, a loop's create_server or create_unix_server, a plain
    socket), but those of the servers ``besides``: taken before a call and after it, the
    difference is what else it left listening."""
    theirs = {os.fstat(sock.fileno()).st_ino for server in besides for sock in server.sockets}
    tcp = {
        inode
        for inode, (_fd, status, _address) in _tcp_sockets().items()
        if status == psutil.CONN_LISTEN
    }
    return (tcp | _unix_listening()) - theirs


ACCEPTING = 0x10000  # __SO_ACCEPTCON in /proc/net/unix's Flags: the socket listens


def _unix_listening() -> set[int]:
    """The inodes of this process's listening Unix sockets (a file path or an abstract name)."""
    try:
        table = Path("/proc/net/unix").read_text().splitlines()[1:]
    except OSError:
        return set()
    accepting = set()
    for line in table:
        fields = line.split()
        if len(fields) >= 7 and int(fields[3], 16) & ACCEPTING:
            accepting.add(int(fields[6]))
    if not accepting:
        return set()
    ours = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/self/fd/{fd}")
                if link.startswith("socket:["):
                    ours.add(int(link[8:-1]))
    return accepting & ours


async def is_listening(port: int, wait: float = WAIT) -> bool:
    """True when something accepts connections on 127.0.0.1:``port``."""
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(LOOPBACK, port), wait)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


async def close_server(server: asyncio.Server, wait: float = CLOSING) -> None:
    """Stop listening, drop its connections (3.13+) and wait for it, briefly."""
    server.close()
    if hasattr(server, "close_clients"):  # otherwise wait_closed waits for the connections
        server.close_clients()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(server.wait_closed(), wait)


async def within(awaitable: Awaitable, wait: float, interrupt: asyncio.Event | None = None):
    """Await for at most ``wait`` s of real time, or until ``interrupt`` is set.

    Raises TimeoutError when either comes first (the awaitable is then cancelled).
    """
    work = asyncio.ensure_future(awaitable)
    waiting = {work}
    watcher = None
    if interrupt is not None:
        watcher = asyncio.ensure_future(interrupt.wait())
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


async def returned_within(coroutine: Awaitable, seconds: float, hung: Callable[[], str]):
    """Await the learner's ``coroutine``; fail with ``hung()`` when ``seconds`` have passed.

    A TimeoutError the coroutine raises itself goes on to the test.
    """
    finished, result = await finish_within(coroutine, seconds)
    if not finished:
        fail(hung())
    return result


async def eventually(condition: Callable[[], object], wait: float = WAIT, interrupt=None) -> bool:
    """Poll ``condition()`` on the real clock for at most ``wait`` s, or until ``interrupt``
    is set; return whether it holds."""
    deadline = asyncio.get_running_loop().time() + wait
    while not condition() and asyncio.get_running_loop().time() < deadline:
        if interrupt is not None and interrupt.is_set():
            break
        await asyncio.sleep(0.002)
    return bool(condition())


# ---------------------------------------------------------------------------------------
# A plain-socket client


def loopback_socket() -> socket.socket:
    """A non-blocking TCP socket that sends each piece at once (no Nagle delay)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class RawClient:
    """A client on a plain socket, as any program would open one, driven with ``loop.sock_*``.

    ``interrupt``, an asyncio.Event, cuts every wait short once it is set.
    """

    def __init__(self, sock: socket.socket, interrupt: asyncio.Event | None = None):
        self.sock = sock
        self.interrupt = interrupt
        self.eof = False

    @classmethod
    async def connect(cls, port: int, opened: Opened | None = None, interrupt=None):
        sock = loopback_socket()
        if opened is not None:
            opened.sockets.append(sock)
        try:
            await asyncio.get_running_loop().sock_connect(sock, (LOOPBACK, port))
        except BaseException:
            sock.close()
            raise
        return cls(sock, interrupt)

    async def send(self, *pieces: bytes, pause: float = PIECE_PAUSE) -> None:
        """Send each piece in its own write, ``pause`` seconds apart; stop quietly once the
        other side has gone (what it sent back, or did not, is what a test then checks)."""
        loop = asyncio.get_running_loop()
        for number, piece in enumerate(pieces):
            if number:
                await asyncio.sleep(pause)
            try:
                await loop.sock_sendall(self.sock, piece)
            except ConnectionError:
                return

    async def send_byte_by_byte(self, data: bytes, pause: float = PIECE_PAUSE) -> None:
        """Each byte its own write, so that it arrives as its own piece."""
        await self.send(*(bytes([byte]) for byte in data), pause=pause)

    async def receive(self, size: int, wait: float = WAIT) -> bytes:
        """Up to ``size`` bytes: fewer at the end of the stream or after ``wait`` seconds."""
        loop = asyncio.get_running_loop()
        received = bytearray()

        async def fill():
            try:
                while len(received) < size:
                    chunk = await loop.sock_recv(self.sock, min(size - len(received), 65536))
                    if not chunk:
                        self.eof = True
                        return
                    received.extend(chunk)
            except ConnectionError:  # a reset: the other side is gone too
                self.eof = True

        with contextlib.suppress(TimeoutError):
            await within(fill(), wait, self.interrupt)
        return bytes(received)

    async def receive_to_end(self, wait: float = WAIT) -> tuple[bytes, bool]:
        """Everything until the other side closes, or ``wait``; then whether it closed."""
        data = await self.receive(1 << 30, wait)
        return data, self.eof

    def finish_sending(self) -> None:
        """Tell the other side nothing more will come (its read then returns b"")."""
        self.sock.shutdown(socket.SHUT_WR)

    def reset(self) -> None:
        """Close with a TCP reset (RST) instead of a goodbye (FIN): a broken connection."""
        reset_on_close(self.sock)
        self.sock.close()

    def close(self) -> None:
        self.sock.close()


def reset_on_close(sock: socket.socket) -> None:
    """Make ``sock.close()`` send a TCP reset: the connection breaks instead of ending."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


# ---------------------------------------------------------------------------------------
# What a test opened, and servers it runs


class Opened:
    """What a test opened, or saw the learner's code open; ``close`` closes all of it."""

    def __init__(self):
        self.servers: list[asyncio.Server] = record()
        self.writers: list[asyncio.StreamWriter] = record()
        self.transports: list[asyncio.BaseTransport] = record()
        self.sockets: list[socket.socket] = record()
        self.tasks: list[asyncio.Task] = record()

    def background(self, coroutine) -> asyncio.Task:
        """Run ``coroutine`` as a task that ``close`` cancels if it is still running."""
        started = asyncio.create_task(coroutine)
        self.tasks.append(started)
        return started

    async def close(self) -> None:
        pending = [t for t in self.tasks if not t.done() and t is not asyncio.current_task()]
        for started in pending:
            started.cancel()
        if pending:
            await asyncio.wait(pending, timeout=CLOSING)
        for sock in self.sockets:
            sock.close()
        for writer in self.writers:
            writer.transport.abort()
        for transport in self.transports:
            transport.abort()
        for server in self.servers:
            await close_server(server)
        await asyncio.sleep(0)  # let the aborted transports call connection_lost


class Handlers:
    """Wraps stream connection handlers: records their writers, tasks and errors.

    An error a handler raises is kept for the test to raise with the learner's line (the
    client sees the connection close); ``close`` ends every connection and handler.
    """

    def __init__(self):
        self.writers: list[asyncio.StreamWriter] = []
        self.tasks: list[asyncio.Task] = []
        self.errors: list[Exception] = []

    def wrap(self, handler: Callable) -> Callable:
        """``handler``, its connections and errors recorded; named as it is, so that what the
        loops note of its tasks (a cancellation kept from its owner) names it."""

        @functools.wraps(handler)
        async def recorded_handler(reader, writer):
            self.writers.append(writer)
            self.tasks.append(asyncio.current_task())
            try:
                result = handler(reader, writer)
                if inspect.isawaitable(result):
                    await result
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.errors.append(error)
                writer.close()

        return recorded_handler

    def raise_errors(self) -> None:
        """Raise the first error a handler raised, so the learner sees it, not its effect."""
        if self.errors:
            raise self.errors[0]

    async def finished(self, number: int, wait: float = WAIT) -> bool:
        """True when the handler of connection ``number`` (from 0) ends within ``wait``."""
        handler_task = self.tasks[number]
        await asyncio.wait({handler_task}, timeout=wait)
        return handler_task.done()

    async def close(self) -> None:
        for writer in self.writers:
            writer.transport.abort()
        pending = [t for t in self.tasks if not t.done() and t is not asyncio.current_task()]
        for handler_task in pending:
            handler_task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=CLOSING)


class LoopbackServer:
    """``async with LoopbackServer(handler) as server``: a stream server the test runs on
    127.0.0.1, on a free port. Leaving the block closes it and every connection, then
    raises what a handler raised (unless ``reraise`` is false)."""

    def __init__(self, handler: Callable, *, reraise: bool = True):
        self.handlers = Handlers()
        self.handler = self.handlers.wrap(handler)
        self.reraise = reraise
        self.server: asyncio.Server | None = None
        self.port: int | None = None

    @property
    def address(self) -> tuple[str, int]:
        return (LOOPBACK, self.port)

    async def start(self) -> None:
        """Listen on 127.0.0.1, on a port the system picks."""
        # A backlog for a whole crowd: the default 100 would hold the last connects back.
        self.server = await asyncio.start_server(self.handler, LOOPBACK, 0, backlog=2 * CROWD)
        self.port = port_of(self.server)

    async def __aenter__(self):
        await self.start()
        return self

    def raise_errors(self) -> None:
        self.handlers.raise_errors()

    async def close(self) -> None:
        await self.handlers.close()
        await close_server(self.server)

    async def __aexit__(self, kind, error, traceback):
        await self.close()
        if kind is None and self.reraise:
            self.raise_errors()


# ---------------------------------------------------------------------------------------
# Spies on the learner's streams


class ClosingSpy:
    """Notes every StreamWriter closed, and every StreamWriter and Server whose
    ``wait_closed()`` was awaited (its body runs only then), while the patch holds."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.closed: list[asyncio.StreamWriter] = []  # in the order close() was called
        self.waited: set[int] = set()  # ids of the writers and servers
        # Every StreamWriter made, whichever door then closes its connection (writer.close(),
        # writer.transport.close(), abort()): each must have been waited for.
        self.made: list[asyncio.StreamWriter] = []
        writer_init = asyncio.StreamWriter.__init__
        writer_close = asyncio.StreamWriter.close
        writer_wait_closed = asyncio.StreamWriter.wait_closed
        server_wait_closed = asyncio.Server.wait_closed

        def init(writer, *args, **kwargs):
            writer_init(writer, *args, **kwargs)
            self.made.append(writer)

        def close(writer):
            self.closed.append(writer)
            return writer_close(writer)

        async def wait_closed(writer):
            self.waited.add(id(writer))
            return await writer_wait_closed(writer)

        async def server_waited(server):
            self.waited.add(id(server))
            return await server_wait_closed(server)

        monkeypatch.setattr(asyncio.StreamWriter, "__init__", init)
        monkeypatch.setattr(asyncio.StreamWriter, "close", close)
        monkeypatch.setattr(asyncio.StreamWriter, "wait_closed", wait_closed)
        monkeypatch.setattr(asyncio.Server, "wait_closed", server_waited)

    def not_waited(self, things: Iterable[object]) -> list[object]:
        """Those of ``things`` whose wait_closed() was never awaited."""
        return [thing for thing in things if id(thing) not in self.waited]

    def check_waited(self, call: str, writers: Iterable[asyncio.StreamWriter]) -> None:
        """Fail when one of ``writers``, closed by the learner's ``call``, was not waited for."""
        not_waited = self.not_waited(writers)
        closed = {id(writer) for writer in self.closed}
        called(call).check(
            all(id(writer) in closed for writer in not_waited),
            _(
                "It never awaited writer.wait_closed() for its connection (closed another way "
                "than writer.close(), or not at all): it was not known to be closed when your "
                "function returned. Close with writer.close(), then await writer.wait_closed()."
            ),
        )
        called(call).check(
            not not_waited,
            _(
                "It closed its connection with writer.close() but never awaited "
                "writer.wait_closed(): close() only starts closing. Await wait_closed() so "
                "that the connection is really closed when your function returns."
            ),
        )


class StreamSpy:
    """Records the servers and client connections the learner's code opens with
    ``asyncio.start_server`` and ``asyncio.open_connection``; ``close`` closes them.

    ``connect_delay`` makes every open_connection take that long first: a slow network.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module, connect_delay: float = 0.0):
        self.opened = Opened()
        self.handlers = Handlers()  # the learner's connection handlers, and their writers
        self.closing = ClosingSpy(monkeypatch)
        real = {}

        async def start_server(*args, **kwargs):
            if args:
                args = (self.handlers.wrap(args[0]), *args[1:])
            elif kwargs.get("client_connected_cb") is not None:
                kwargs["client_connected_cb"] = self.handlers.wrap(kwargs["client_connected_cb"])
            server = await real["start_server"](*args, **kwargs)
            self.opened.servers.append(server)
            return server

        async def open_connection(*args, **kwargs):
            if connect_delay:
                await asyncio.sleep(connect_delay)
            reader, writer = await real["open_connection"](*args, **kwargs)
            self.opened.writers.append(writer)
            return reader, writer

        for spy in (start_server, open_connection):
            real[spy.__name__] = replace_in_asyncio(monkeypatch, module, spy.__name__, spy)

    @property
    def servers(self) -> list[asyncio.Server]:
        return self.opened.servers

    @property
    def writers(self) -> list[asyncio.StreamWriter]:
        """The client connections the learner's code opened."""
        return self.opened.writers

    def check_clients_closed(self, call: str) -> None:
        """Fail unless every connection ``call`` opened was closed, and waited for."""
        called(call).check(
            all(writer.is_closing() for writer in self.writers),
            _(
                "When it returned, the connection it opened was still open. "
                "Close it before you return: writer.close(), then await writer.wait_closed() "
                "(in a finally block, so that it happens whatever goes wrong)."
            ),
        )
        self.closing.check_waited(call, self.writers)

    async def close(self) -> None:
        await self.handlers.close()
        await self.opened.close()
