"""Topic 15: protocols and transports.

Beneath the streams of topic 14 lies asyncio's lower layer, the one streams are built on.
A *transport* owns the socket: it sends what you give to ``transport.write(data)``,
buffering what the network cannot take yet, and it reads whatever arrives. A *protocol* is
your object, and the loop calls its methods when something happens on the connection:

- ``connection_made(transport)``: a peer is connected; keep the transport to write to it.
- ``data_received(data)``: some bytes arrived (whatever the network delivered so far).
- ``eof_received()``: the peer will send nothing more (returning None closes the transport).
- ``connection_lost(exc)``: the connection is gone; ``exc`` is None after a clean close and
  an exception (``ConnectionResetError``, ...) when it broke.
- ``pause_writing()`` / ``resume_writing()``: the transport's outgoing buffer went above its
  high-water mark / drained back below the low-water mark.

These methods are plain functions, not coroutines: they run inside the loop, must return
quickly and cannot ``await``. To let a coroutine wait for something a callback sees, hand
it a ``Future`` (resolved by the callback) or an ``Event`` (set by it). An exception raised
inside one of them never reaches your code: the loop logs it and closes the connection.

One fact about TCP governs everything here: it carries a stream of bytes, not messages. One
``data_received`` call may bring half a line, a single byte, or three lines and a half. A
protocol that speaks in lines keeps a buffer and only answers complete lines.

The seed tutorial stopped at this door: its networking notes say streams let you send and
receive "without using callbacks or low-level protocols and transports", and point to
``loop.create_server`` as the next reading. This topic is that reading. Inside a coroutine,
get the loop with ``asyncio.get_running_loop()``; the seed's habit of calling
``asyncio.get_event_loop()`` from synchronous code is deprecated (on 3.14 it raises when no
loop is set), and ``asyncio.run`` is how a program starts its loop.

The grader talks to your code over real sockets on 127.0.0.1 (as a plain socket client and
as an asyncio one), so these tests run on the real clock; they take a fraction of a second.

Task 1. ``ShoutProtocol`` and ``start_shout_server(host, port)``: a server that answers
        every piece of data it receives with the same bytes in capitals (``b"hi"`` gives
        ``b"HI"``; bytes that are not text go back as they came). ``start_shout_server``
        starts it with the running loop's ``create_server`` on ``host`` and ``port``, one
        ``ShoutProtocol`` per connection, and returns the ``asyncio.Server`` (port 0 lets
        the system pick a free port). Do not serve forever: the caller decides when to
        close it.
Task 2. ``SumProtocol``: each line a client sends (ending in ``b"\\n"``) holds whole numbers
        (negative ones too) separated by spaces, one or more (spaces at the start or the end
        of a line do not count); the server answers each line with their sum and a newline
        (``b"12 30\\n"`` gives ``b"42\\n"``, an empty line ``b"0\\n"``, and a line with
        anything else, a word or ``1.5``, ``b"error\\n"``, after which the connection keeps
        working). The version given to you works when each line arrives in one piece, as it
        does in a quick manual test. It breaks when a line comes byte by byte or several lines
        come at once (fix that with a buffer), and a line that is not numbers kills the
        connection.
Task 3. ``ChatProtocol(clients)``: a chat server. All the connections of one server share
        the set ``clients``. A connecting client joins the set; whatever a client sends is
        passed on, as is, to every other client in the set; when a client goes, whether it
        said goodbye or its connection broke, it leaves the set and every remaining client
        receives ``b"* a client left\\n"``.
Task 4. ``CollectProtocol(done)`` and ``request(host, port, message)``: a client.
        ``request`` connects with the running loop's ``create_connection``, sends
        ``message`` and returns everything the server sends back, up to the moment the
        server closes the connection. The protocol gathers the pieces and, in
        ``connection_lost``, resolves the Future ``done``: with the bytes after a clean
        close, with the exception when the connection broke (so ``request`` raises it).
        Resolve it only if nobody has cancelled it. If ``request`` is cancelled (a timeout,
        say), it closes the connection on its way out. If the connection cannot be made
        (refused, say), ``request`` raises the error ``create_connection`` raised, as it is;
        cancelled while it connects, it ends cancelled. There is no transport to close then.
Task 5. ``GatedWriter``: flow control for a client that sends a lot to a slow peer. In
        ``connection_made`` set the transport's high-water mark to ``HIGH_WATER`` with
        ``set_write_buffer_limits``. ``await writer.write(data)`` hands ``data`` to the
        transport, but while the transport has paused the protocol (between
        ``pause_writing`` and ``resume_writing``) it waits first, so the buffer stays small
        however slowly the peer reads. Once the connection is lost, paused or not, a waiting
        or a new ``write`` raises ``ConnectionResetError`` instead of waiting forever. Each
        writer waits only while its own transport has paused it.

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

HIGH_WATER = 16 * 1024  # bytes buffered in the transport before it pauses the protocol


# Task 1
class ShoutProtocol(asyncio.Protocol):
    """Answers every piece of data with the same bytes in capitals."""

    def connection_made(self, transport):
        # TODO: keep the transport: data_received writes to it.
        raise NotImplementedError("task 1: write ShoutProtocol.connection_made")

    def data_received(self, data):
        # TODO: write the same bytes back in capitals (bytes have .upper()).
        raise NotImplementedError("task 1: write ShoutProtocol.data_received")


async def start_shout_server(host, port):
    """Start a ShoutProtocol server on ``host``:``port`` and return the Server."""
    # TODO: await the running loop's create_server with a protocol factory (the class
    # itself will do), host and port; return the server it gives.
    raise NotImplementedError("task 1: write start_shout_server")


# Task 2
class SumProtocol(asyncio.Protocol):
    """Answers each line of whole numbers with their sum."""

    def connection_made(self, transport):
        self.transport = transport
        # TODO: start an empty buffer for the bytes of a line not yet complete.

    def data_received(self, data):
        # TODO: this treats data as whole lines, but it is whatever has arrived: a piece
        # of a line, or several lines. Add it to the buffer, answer every complete line in
        # the buffer, and keep the bytes after the last newline for the next call.
        for line in data.splitlines():
            self.transport.write(self.answer(line))

    def answer(self, line):
        # TODO: for a line that is not numbers, int() raises ValueError, and an exception
        # in a protocol method makes the loop close the connection. Answer b"error\n".
        total = sum(int(word) for word in line.split())
        return b"%d\n" % total


# Task 3
class ChatProtocol(asyncio.Protocol):
    """One chat connection; every connection of the server shares ``clients``."""

    def __init__(self, clients):
        self.clients = clients
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.clients.add(self)

    def data_received(self, data):
        # TODO: write data to every other client's transport (not back to the sender).
        raise NotImplementedError("task 3: write ChatProtocol.data_received")

    def connection_lost(self, exc):
        # TODO: leave the set, whatever exc is, and tell every remaining client
        # b"* a client left\n".
        raise NotImplementedError("task 3: write ChatProtocol.connection_lost")


# Task 4
class CollectProtocol(asyncio.Protocol):
    """Gathers everything the server sends; resolves ``done`` when the connection ends."""

    def __init__(self, done):
        self.done = done
        self.chunks = []

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.chunks.append(data)

    def connection_lost(self, exc):
        # TODO: unless done is already done (cancelled), set its result to all the chunks
        # joined when exc is None, or set exc as its exception.
        raise NotImplementedError("task 4: write CollectProtocol.connection_lost")


async def request(host, port, message):
    """Send ``message`` and return all the server sends back before it closes."""
    # TODO: make a Future with the running loop's create_future(); connect with
    # loop.create_connection(lambda: CollectProtocol(done), host, port); write message;
    # await done and return it; close the transport in a finally block.
    raise NotImplementedError("task 4: write request")


# Task 5
class GatedWriter(asyncio.Protocol):
    """A client protocol whose ``write`` waits while the transport is paused."""

    def __init__(self):
        self.transport = None
        # TODO: set up what write() waits on (an asyncio.Event, set while writing is
        # allowed) and a note of whether the connection is lost.

    def connection_made(self, transport):
        # TODO: keep the transport and set its high-water mark to HIGH_WATER.
        raise NotImplementedError("task 5: write GatedWriter.connection_made")

    def pause_writing(self):
        # TODO: from now on, write() must wait.
        raise NotImplementedError("task 5: write GatedWriter.pause_writing")

    def resume_writing(self):
        # TODO: let the waiting writers go on.
        raise NotImplementedError("task 5: write GatedWriter.resume_writing")

    def connection_lost(self, exc):
        # TODO: note the loss and wake the waiting writers, so that they raise.
        raise NotImplementedError("task 5: write GatedWriter.connection_lost")

    async def write(self, data):
        # TODO: wait while writing is paused; raise ConnectionResetError if the connection
        # is lost; otherwise hand data to the transport.
        raise NotImplementedError("task 5: write GatedWriter.write")
