"""Topic 14: streams.

The seed tutorial stopped at the door of its networking folder. Streams, it noted, are
asyncio's high-level async/await primitives for network connections: they send and receive
data without callbacks and without the lower-level protocols and transports. It left them
"for later", with a pointer to ``loop.create_server`` (that one is topic 15). Later is now.

A TCP connection carries a stream of bytes, not messages. What one side writes in one call
can arrive in several pieces, and two writes can arrive as one. So every protocol needs
framing, a rule that says where a message ends. Two common rules:

- a message is a line ending in ``b"\\n"``: ``await reader.readline()`` waits for a whole
  line and returns it, newline included (a stream's own limit, 64 KiB a line, is not a cap
  of yours: the grader's lines stay under it);
- a message starts with its length, here as 4 bytes, big-endian:
  ``await reader.readexactly(n)`` waits for exactly ``n`` bytes.

``await reader.read(100)`` is different: it returns whatever has arrived, up to 100 bytes.
That can be half a line, or two lines and a half. ``read`` and ``readline`` return ``b""``
once the other side has closed. ``readexactly`` raises ``asyncio.IncompleteReadError``
instead, and the bytes it did get are in the error's ``partial``.

``asyncio.start_server(handler, host, port)`` listens for clients. For each one, it calls
``handler(reader, writer)`` in a task of its own, so many clients are served at once, as
long as no handler blocks the loop. ``asyncio.open_connection(host, port)`` is the client
side. On a ``StreamWriter``, ``write()`` is not a coroutine: it only adds to a buffer.
``await writer.drain()`` waits until that buffer has room again. So after writing,
``await writer.drain()`` before you read again or close: a peer that reads slowly then holds
your code up, instead of your buffer growing without end. ``writer.close()`` starts
closing the connection, and ``await writer.wait_closed()`` waits until it is closed. A
``Server`` closes the same way: ``server.close()``, then ``await server.wait_closed()``.
Since Python 3.12, ``Server.wait_closed()`` also waits for the connections still open.
On 3.11 it returns at once.

Everything here stays on loopback. Listen and connect on ``"127.0.0.1"`` only, and ask
for port 0, so that the operating system picks a free port. ``server.sockets[0]
.getsockname()[1]`` tells you which one it picked. The grader talks to your code over real
sockets, some raw and some streams. It sends lines a few bytes at a time, and two messages
in one write.

Task 1. ``echo(reader, writer)`` and ``start_echo_server()``. ``echo`` is a connection
        handler: it sends back everything the client sends, as it arrives, without waiting
        for a newline. When ``read`` returns ``b""`` (the client has finished sending), it
        closes the connection with ``writer.close()`` and ``await writer.wait_closed()``.
        ``start_echo_server()`` starts ``echo`` with ``asyncio.start_server`` on
        ``"127.0.0.1"``, port 0, and returns the ``Server`` (the caller closes it).
Task 2. ``ask(port, question)``: a client. Connect with ``asyncio.open_connection`` to
        ``"127.0.0.1"`` and ``port``, send ``question`` as one line (UTF-8 text and
        ``b"\\n"``), read one line of reply, close the connection (``close``, then
        ``wait_closed``), and return the reply as text without its newline. The server may
        send its line in pieces, or send more than one line: you want exactly the first.
Task 3. ``greet_lines(reader, writer)``: a connection handler for a line protocol. For
        every line the client sends (a name), reply with the line ``Hello, <name>!``. Close
        the connection when the client has finished sending. The version given to you reads
        with ``read(100)`` and greets pieces of names: fix it. Every client gets its own
        handler task, so five clients that take their time are served at the same time.
        Keep it that way: nothing in a handler may hold up the other clients.
Task 4. ``read_frame(reader)`` and ``write_frame(writer, payload)``: length-prefixed
        framing. A frame is the payload's length as 4 bytes, big-endian
        (``len(payload).to_bytes(4, "big")``), then the payload. ``write_frame`` writes one
        frame and awaits ``writer.drain()``. ``read_frame`` returns the next payload as
        bytes, or ``None`` when the stream ends cleanly before a new frame (no byte of a
        header arrived). A stream that ends in the middle of a frame, in its header too, is
        an error: let ``asyncio.IncompleteReadError`` propagate.
Task 5. ``ask_all(port, questions)``: ask every question over its own connection, all at
        the same time, with ``ask``. Return the replies as a list, in the order of
        ``questions``. The grader's server answers only when every question has arrived, or
        after a pause.
Task 6. ``ask_within(port, question, seconds)``: like ``ask``, but give up when the whole
        exchange takes more than ``seconds``: connecting, sending, and reading the whole
        reply line. Return ``None`` then. A server that sends half a line and then goes
        silent has not answered. Only the time limit gives ``None``: any other error, such
        as a refused connection (``ConnectionRefusedError``), goes on to your caller.
        Whatever happens, close the connection before you return.
Task 7. ``serve_until(handler, stop, ready)``: run a server for ``handler`` on
        ``"127.0.0.1"``, port 0. Call ``ready(port)`` once it listens. Serve until the
        ``asyncio.Event`` ``stop`` is set. Then close gracefully: ``server.close()`` stops
        listening, and ``await server.wait_closed()`` waits until the server is closed.
        Return after that. Whatever happens, a cancellation too, close the server before
        the call ends. ``async with server:`` does both when its block ends, however it ends.

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

HOST = "127.0.0.1"  # loopback: only programs on this machine can connect


# Task 1
async def echo(reader, writer):
    """Send back everything the client sends, as it arrives; close when it has finished."""
    # BEGIN PROMPT
    # TODO: read what has arrived (reader.read(4096)) and write it back (then drain),
    #  until read returns b""; then close the writer and await wait_closed().
    # END PROMPT
    # read() returns what has arrived so far (up to 4096 bytes), and b"" once the client
    # has finished sending.
    while data := await reader.read(4096):
        writer.write(data)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def start_echo_server():
    """Start ``echo`` on 127.0.0.1, on a free port the OS picks; return the Server."""
    # BEGIN PROMPT
    # TODO: start echo with asyncio.start_server on HOST, port 0, and return the server.
    # END PROMPT
    # Port 0 asks the OS for any free port: a fixed one may already be taken.
    return await asyncio.start_server(echo, HOST, 0)


# Task 2
async def ask(port, question):
    """Send ``question`` as a line to 127.0.0.1:``port``; return the first line of reply."""
    # BEGIN PROMPT
    # TODO: open_connection(HOST, port); write the question and b"\n", drain; read one
    #  line; close the writer and await wait_closed(); return the line as text, no newline.
    # END PROMPT
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        # readline() waits for the whole line, however many pieces it arrives in.
        reply = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().rstrip("\r\n")


# Task 3
async def greet_lines(reader, writer):
    """Reply ``Hello, <name>!`` to every line; close when the client has finished."""
    # BEGIN PROMPT
    # TODO: read(100) returns whatever has arrived: part of a name, or two names at once.
    #  Read whole lines instead.
    # > while data := await reader.read(100):
    # >     name = data.decode().strip()
    # END PROMPT
    while line := await reader.readline():  # SOLUTION
        name = line.decode().strip()  # SOLUTION
        writer.write(f"Hello, {name}!\n".encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


# Task 4
async def read_frame(reader):
    """The next length-prefixed payload, or None when the stream ends between frames."""
    # BEGIN PROMPT
    # TODO: read the 4-byte header with readexactly, then exactly that many bytes. Return
    #  None when the stream ends before any byte of a header (IncompleteReadError with an
    #  empty partial); let the error propagate when it ends inside a frame.
    # END PROMPT
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError as error:
        if error.partial:  # the stream ended inside a header: that is an error
            raise
        return None
    # readexactly() keeps waiting until all the bytes are there, however they arrive.
    return await reader.readexactly(int.from_bytes(header, "big"))


async def write_frame(writer, payload):
    """Write ``payload`` as one frame: 4 bytes of length, big-endian, then the payload."""
    # BEGIN PROMPT
    # TODO: write len(payload) as 4 bytes, big-endian, then the payload; await drain().
    # END PROMPT
    writer.write(len(payload).to_bytes(4, "big") + payload)
    await writer.drain()  # wait while the peer is slow to read, instead of piling up data


# Task 5
async def ask_all(port, questions):
    """Ask every question on its own connection, all at once; replies in order."""
    # BEGIN PROMPT
    # TODO: run ask(port, question) for every question concurrently; keep their order.
    # END PROMPT
    return await asyncio.gather(*(ask(port, question) for question in questions))


# Task 6
async def ask_within(port, question, seconds):
    """Like ``ask``, but return None when the exchange takes more than ``seconds``."""
    # BEGIN PROMPT
    # TODO: do the whole exchange under asyncio.timeout(seconds); return None when it
    #  expires; close the connection (close, wait_closed) however the call ends.
    # END PROMPT
    writer = None
    try:
        # One deadline for the whole exchange: connecting, sending and the whole reply line.
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    except TimeoutError:
        return None
    finally:
        # Runs on every way out: the connection never outlives the call.
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return reply.decode().rstrip("\r\n")


# Task 7
async def serve_until(handler, stop, ready):
    """Serve ``handler`` on 127.0.0.1 until ``stop`` is set, then close the server."""
    # BEGIN PROMPT
    # TODO: start_server(handler, HOST, 0); call ready(port); await stop.wait(); then
    #  server.close() and await server.wait_closed().
    # END PROMPT
    server = await asyncio.start_server(handler, HOST, 0)
    try:
        ready(server.sockets[0].getsockname()[1])
        await stop.wait()
    finally:
        server.close()  # stop listening: new clients are refused from now on
        await server.wait_closed()  # wait until it is really closed
