"""Hidden tests for topic 14: streams.

Every test runs on the real clock over real loopback connections (raw sockets driven with
``loop.sock_*``, and asyncio streams), and closes what it and the learner's code opened.
"""

import asyncio
import contextlib
import inspect
import socket
import struct

import pytest

from grader import (
    N_,
    Timeline,
    _,
    check,
    expect_duration,
    expect_result,
    fail,
    same,
    show,
    stopwatch,
    task,
)
from grader.inside.evidence import record
from grader.inside.network import (
    CROWD,
    LOOPBACK,
    PIECE_PAUSE,
    WAIT,
    LoopbackServer,
    Opened,
    RawClient,
    StreamSpy,
    eventually,
    free_port,
    is_listening,
    listening_addresses,
    listening_sockets,
    loopback_socket,
    port_of,
    returned_within,
)
from grader.inside.running import (
    NO_OTHER_DEADLINE,
    Started,
    check_cancelled_while_waiting,
    check_no_deadline,
    check_none_left,
    check_nothing_scheduled,
    expect_in_input_order,
    leftovers_stopped,
)
from grader.inside.spies import deadlines_set, replace_in_asyncio, within_the_limit
from grader.inside.suite import Scene, called, expect_equal, line_end_hint

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
        "echo-drains": (
            "after writing, echo awaits writer.drain() before it reads again or closes"
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
            "it returns the first reply line (sent in pieces, or with more lines), as UTF-8 "
            "text without its newline (stripping its spaces too is allowed)"
        ),
        "ask-drains": "after writing the question it awaits writer.drain() before reading",
        "ask-closes": "it closes the connection before returning: close, then wait_closed",
    },
    3: {
        "greet-whole-lines": (
            "greet_lines replies Hello, <name>! to every whole line, however the line arrives"
        ),
        "greet-drains": (
            "after writing a greeting it awaits writer.drain() before it reads again or closes"
        ),
        "greet-closes-at-the-end": "it closes the connection when the client has finished sending",
        "greet-clients-at-once": (
            "nothing in a handler holds up the other clients: five slow clients are served at the "
            "same time, and one that does not read holds up its own handler only"
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
        "ask-within-drains": (
            "after writing the question it awaits writer.drain() before reading, like ask"
        ),
        "ask-within-closes": (
            "whatever happens, the connection is closed (and waited for) before it returns"
        ),
        "ask-within-other-errors-go-on": (
            "only the time limit gives None: any other error, a refused connection say, goes on "
            "to the caller"
        ),
        "ask-within-cancel-goes-on": (
            "a cancellation by its caller is not the time limit: ask_within ends cancelled, "
            "its connection closed"
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
        "serve-until-closes-when-cancelled": (
            "whatever happens, a cancellation too, the server is closed before the call ends: "
            "nothing listens on its port any more"
        ),
    },
}


REAL = "real time"

NOTHING_LATER = N_(
    "Start the server in the call itself and schedule nothing to run after it returns: no "
    "caller would know of what it starts then."
)
CALLED_LATER = N_(
    "Do all of the exchange in the call itself and schedule nothing to run after it returns: "
    "what runs then, no caller waits for or knows of."
)


LEFT_LISTENING = N_(
    "{count} socket(s) it opened were still listening once the call had ended, started some "
    "other way than the server it closed (loop.create_server, a plain socket). Start one "
    "server, and close it before the call ends."
)
CLEANUP = 3.0  # seconds of real time a cancelled call may take to clean up
WAITED = f"{WAIT:g}"  # for messages: how long a test waits for an answer


def ms(seconds):
    """Seconds as milliseconds, for a message."""
    return f"{seconds * 1000:g}"


def hosts_of(servers):
    return sorted({host for host, _port in listening_addresses(servers)})


def frame(payload):
    return len(payload).to_bytes(4, "big") + payload


async def call_with_limit(call, coroutine, limit, why=""):
    """Await the learner's coroutine; fail saying ``why`` (a text, or a function giving it)
    when it has not returned in ``limit`` seconds."""

    def hung():
        text = _("Called {call}. It had not returned after {seconds} s. {why}")
        reason = why() if callable(why) else why
        return text.format(call=call, seconds=f"{limit:g}", why=reason).rstrip()

    return await returned_within(coroutine, limit, hung)


def record_hosts(monkeypatch, topic):
    """The host given to each asyncio.start_server call of the learner's code (a list that
    fills as they come); the call goes on to what was there (a StreamSpy's)."""
    hosts = record()
    start_server = asyncio.start_server

    async def recorded(*args, **kwargs):
        hosts.append(args[1] if len(args) > 1 else kwargs.get("host"))
        return await start_server(*args, **kwargs)

    replace_in_asyncio(monkeypatch, topic.module, "start_server", recorded)
    return hosts


def check_hosts_given(hosts, who):
    """Fail unless every start_server call of ``who`` was given the host '127.0.0.1'."""
    wrong = [host for host in hosts if host not in (LOOPBACK, [LOOPBACK], (LOOPBACK,))]
    text = _(
        "{who} gave asyncio.start_server the host {got}; expected '127.0.0.1'. Here that "
        "name listens on 127.0.0.1 alone, but on other machines 'localhost' is ::1 (IPv6) "
        "too, or only: ask for '127.0.0.1' itself."
    )
    check(not wrong, text, who=who, got=show(wrong[0]) if wrong else "")


@contextlib.asynccontextmanager
async def spied(topic, monkeypatch, connect_delay=0.0):
    """A StreamSpy on the learner's streams, closed with all it saw opened on the way out."""
    spy = StreamSpy(monkeypatch, topic.module, connect_delay=connect_delay)
    spy.hosts = record_hosts(monkeypatch, topic)
    try:
        yield spy
    finally:
        await spy.close()


UNDRAINED = {  # how a write went undrained: what the code did next
    "read": N_("read again"),
    "close": N_("closed the connection"),
    "end": N_("returned to its caller"),
}


class DrainSpy:
    """Notes in order every write, drain, read and close on stream connections, and the task
    that made it, so that a test can tell whether a write was drained before its task read
    again or the connection closed. A drain counts once its body runs: once it is awaited."""

    def __init__(self, monkeypatch):
        self.events = record()  # (kind, stream, task): kind is "write", "drain", "read" or "close"
        for name, kind in (("write", "write"), ("writelines", "write"), ("close", "close")):
            self._note_calls(monkeypatch, asyncio.StreamWriter, name, kind)
        self._note_awaits(monkeypatch, asyncio.StreamWriter, "drain", "drain")
        for name in ("read", "readline", "readexactly", "readuntil"):
            self._note_awaits(monkeypatch, asyncio.StreamReader, name, "read")

    def _note(self, kind, stream):
        self.events.append((kind, stream, asyncio.current_task()))

    def _note_calls(self, monkeypatch, cls, name, kind):
        real = getattr(cls, name)

        def noted(stream, *args, **kwargs):
            self._note(kind, stream)
            return real(stream, *args, **kwargs)

        monkeypatch.setattr(cls, name, noted)

    def _note_awaits(self, monkeypatch, cls, name, kind):
        real = getattr(cls, name)

        async def noted(stream, *args, **kwargs):
            self._note(kind, stream)
            return await real(stream, *args, **kwargs)

        monkeypatch.setattr(cls, name, noted)

    def undrained(self, writer):
        """What followed a write to ``writer`` that was never drained ("read", "close" or
        "end"), or None when every write was drained first."""
        pending = None  # the task that wrote to writer since its last drain
        for kind, stream, by in self.events:
            if kind == "write" and stream is writer:
                pending = by
            elif kind == "drain" and stream is writer:
                pending = None
            elif pending is not None and (
                (kind == "read" and by is pending) or (kind == "close" and stream is writer)
            ):
                return kind
        return "end" if pending is not None else None

    def check_drained(self, call, writers):
        """Fail when ``call`` wrote to one of ``writers`` and read again, closed or stopped
        without awaiting writer.drain() in between."""
        for writer in writers:
            then = self.undrained(writer)
            if then is None:
                continue
            text = _(
                "It called writer.write() and then {then} without awaiting writer.drain() in "
                "between. write() only adds to a buffer: after writing, await writer.drain() "
                "before you read again or close, so that a peer that reads slowly holds your "
                "code up instead of the buffer growing without end."
            )
            called(call).fail(text, then=_(UNDRAINED[then]))


# ---------------------------------------------------------------------------------------
# Servers the tests run: the server side of a connection, as a script sees it


class Conversation:
    """One connection to a test server, as the server saw it."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.received = b""
        self.client_closed = asyncio.Event()

    async def read_line(self, timeout=WAIT):
        """Read until a newline (in pieces, to keep what came); b"" means nothing came."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while b"\n" not in self.received:
                    chunk = await self.reader.read(4096)
                    if not chunk:
                        self.client_closed.set()
                        break
                    self.received += chunk
        return self.received.partition(b"\n")[0]

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


class ScriptedServer(LoopbackServer):
    """A server the tests control: ``script(conversation)`` runs for every connection."""

    def __init__(self, script):
        self.script = script
        self.conversations = record()
        super().__init__(self._handle, reraise=False)

    async def _handle(self, reader, writer):
        conversation = Conversation(reader, writer)
        self.conversations.append(conversation)
        await self.script(conversation)

    async def check_client_closed(self, call, how, timeout=0.5):
        """Fail unless every client closed its side within ``timeout``; ``how`` says how."""
        closing = (c.client_closed.wait() for c in self.conversations)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*closing), timeout)
        text = _("Called {call}. It returned, but the server never saw the connection close. {how}")
        check(all(c.client_closed.is_set() for c in self.conversations), text, call=call, how=how)


def saying(*pieces, delay=0.0, whole_line=False, pause=PIECE_PAUSE):
    """A server script: read the question, wait ``delay``, send ``pieces``, ``pause`` s apart
    (none, or only once a whole question line came when ``whole_line``), then wait for the
    client to go."""

    async def script(conversation):
        await conversation.read_line()
        await asyncio.sleep(delay)
        if pieces and (b"\n" in conversation.received or not whole_line):
            await conversation.send(*pieces, pause=pause)
        await conversation.wait_for_client_to_close()

    return script


@contextlib.asynccontextmanager
async def client_of(handler):
    """A server running ``handler`` and a RawClient connected to it: ``(served, client)``."""
    opened = Opened()
    try:
        async with LoopbackServer(handler) as served:
            yield served, await RawClient.connect(served.port, opened)
    finally:
        await opened.close()


@contextlib.asynccontextmanager
async def stream_and_raw_client():
    """The server side's (reader, writer) of a loopback connection, and the raw client."""
    accepted = asyncio.get_running_loop().create_future()

    async def keep(reader, writer):
        if not accepted.done():
            accepted.set_result((reader, writer))
        await asyncio.Event().wait()  # hold the connection until the test ends

    async with client_of(keep) as (_served, client):
        reader, writer = await asyncio.wait_for(accepted, WAIT)
        yield reader, writer, client


async def check_closed_at_the_end(client, handlers, after, read):
    """The client finishes sending: the server must close without sending more."""
    client.finish_sending()
    rest, closed = await client.receive_to_end()
    handlers.raise_errors()
    text = _(
        "The client finished sending (it shut down its side), but your server had not "
        "closed the connection {wait} s later. When {read} returns b'', close: "
        "writer.close(), then await writer.wait_closed()."
    )
    check(closed, text, wait=WAITED, read=read)
    text = _("After {after}, your server still sent {got}.")
    check(rest == b"", text, after=after, got=show(rest))


# ---------------------------------------------------------------------------------------
# Task 1: echo and start_echo_server

ECHOES = [  # which client sends (0 the first, 1 a second one), the pieces it sends, what it did
    (0, [b"hello"], N_("Connected to your echo server and sent b'hello' (no newline).")),
    (0, [b"wor", b"ld", b"\n"], N_("Sent b'wor', b'ld', b'\\n', {pause} ms apart.")),
    (1, [b"me too"], N_("A second client, the first still connected, sent b'me too'.")),
    (
        1,
        [b"caf\xc3", b"\xa9!"],
        N_(
            "The second client sent b'caf\\xc3', then b'\\xa9!', {pause} ms apart: the two "
            "bytes of 'é' cut apart, bytes to send back as they are."
        ),
    ),
]


@task(1, checks=("cancelled", "left-running"), realtime=True)
async def test_echo_cancelled_while_it_waits_ends_cancelled(topic):
    """echo, its client connected and silent, cancelled while it waits: it ends cancelled."""
    async with client_of(topic.echo) as (served, _client):
        for _turn in range(100):  # the server accepts the connection on its next turns
            if served.handlers.tasks:
                break
            await asyncio.sleep(0.01)
        scene = Scene(_("A client connected to echo and sent nothing; echo's task was cancelled."))
        await check_cancelled_while_waiting(scene, served.handlers.tasks[0], 0.05, CLEANUP)


@task(
    1,
    checks=(
        "echo-server-on-loopback-port-0",
        "echo-sends-back-as-it-arrives",
        "echo-drains",
        "echo-closes-at-the-end",
    ),
    realtime=True,
)
async def test_echo_server(topic, monkeypatch):
    """start_echo_server() serves on 127.0.0.1, port 0; echo sends back at once, then closes."""
    deadlines = deadlines_set(monkeypatch, topic)
    drains = DrainSpy(monkeypatch)
    async with spied(topic, monkeypatch) as spy, leftovers_stopped() as started:
        listening = listening_sockets()
        server = await topic.start_echo_server()
        # Nothing of the call may wait to run after it returned: a server started later.
        check_none_left(started.leftovers(), call="start_echo_server()", remedy=_(NOTHING_LATER))
        text = _(
            "start_echo_server() returned {got}; expected the Server that "
            "`await asyncio.start_server(echo, '127.0.0.1', 0)` gives."
        )
        check(isinstance(server, asyncio.Server), text, got=show(server))
        text = _(
            "start_echo_server() returned a Server that is not serving: let "
            "asyncio.start_server start it (and do not close it: the caller does)."
        )
        check(server.is_serving(), text)
        text = _(
            "Your echo server listens on {hosts}; expected ['127.0.0.1'] only (loopback: "
            "no other machine can connect). Pass '127.0.0.1' as the host."
        )
        check(hosts_of([server]) == [LOOPBACK], text, hosts=show(hosts_of([server])))
        check_hosts_given(spy.hosts, "start_echo_server()")
        try:
            second = await topic.start_echo_server()
            got = _("the same port") if isinstance(second, asyncio.Server) else show(second)
        except OSError as error:
            second, got = None, f"{type(error).__name__}: {error}"
        check_none_left(started.leftovers(), call="start_echo_server()", remedy=_(NOTHING_LATER))
        text = _(
            "Called start_echo_server() twice, so that two servers run at once; the second "
            "got {got}. Both asked for the same port: ask for port 0, and the OS picks a "
            "free one each time."
        )
        apart = isinstance(second, asyncio.Server) and port_of(second) != port_of(server)
        check(apart, text, got=got)
        others = [each for each in spy.servers if each is not server and each is not second]
        text = _(
            "Called start_echo_server() twice: it started {count} servers, and returned two. "
            "The others kept listening, and no caller can close them: start one server, the "
            "one you return."
        )
        check(not others, text, count=len(spy.servers))
        left = listening_sockets(besides=(server, second)) - listening
        text = _(
            "Called start_echo_server() twice: besides the two servers it returned, {count} "
            "other socket(s) it opened were still listening, started some other way "
            "(loop.create_server, a plain socket). No caller can close them: start one "
            "server, the one you return."
        )
        check(not left, text, count=len(left))
        clients = []
        for number, pieces, scene in ECHOES:
            if number == len(clients):
                clients.append(await RawClient.connect(port_of(server), spy.opened))
            await clients[number].send(*pieces)
            want = b"".join(pieces)
            got = await clients[number].receive(len(want))
            spy.handlers.raise_errors()
            came = _("It sent back {got}").format(got=show(got)) if got else _("Nothing came back")
            text = _(
                "{scene} {came} within {wait} s; expected {want}. Send back whatever has "
                "arrived, at once, to each client: do not wait for a newline (readline), the "
                "end of the stream (read() with no size) or other clients. `await "
                "reader.read(4096)` does it."
            )
            if clients[number].eof:
                text = _(
                    "{scene} {came}, then closed the connection; expected {want}, and the "
                    "connection kept open until the client has finished sending. Stop only "
                    "when read() returns b'' (the end), not at a piece that looks empty."
                )
            scene = _(scene).format(pause=ms(PIECE_PAUSE))
            check(got == want, text, scene=scene, came=came, wait=WAITED, want=show(want))
        await check_closed_at_the_end(clients[0], spy.handlers, _("the end"), "read()")
        text = _(
            "The first client finished sending and the connection closed, but echo had "
            "not returned {wait} s later."
        )
        check(await spy.handlers.finished(0), text, wait=WAITED)
        spy.closing.check_waited("echo(reader, writer)", spy.handlers.writers[:1])
        drains.check_drained("echo(reader, writer)", spy.handlers.writers)
    check_no_deadline(called(_("start_echo_server() and its echo handler")), deadlines, "echo")


# ---------------------------------------------------------------------------------------
# Task 2: ask


def question_problem(server, question):
    """What was wrong with the question the server got, or ''."""
    if not server.conversations:
        return _("It never connected to 127.0.0.1 on the port it was given.")
    received = server.conversations[0].received
    sent = question.encode() + b"\n"
    if received == question.encode():
        return _(
            "The server received {got}, without a newline at the end, so it was still waiting "
            "for the end of the line. Send question.encode() + b'\\n'."
        ).format(got=show(received))
    if not received.startswith(sent):
        text = _("The server received {got}; expected {want}.")
        return text.format(got=show(received), want=show(sent))
    return ""


HANG_ASK = N_(
    "The server sent its reply line and keeps the connection open until the client closes "
    "it: read one line with readline() (not read() to the end of the stream), then close."
)


def reply_problem(reply, expected, pieces):
    """What was wrong with what ask returned, or ''."""
    values = {"got": show(reply), "want": show(expected)}
    if same(reply, expected):
        return ""
    if isinstance(reply, bytes):
        return _("It returned bytes {got}; expected text: decode it.").format(**values)
    if isinstance(reply, str) and reply.strip() == expected:
        text = _(
            "It returned {got}; expected {want}: leave out the newline "
            "(reply.decode().rstrip('\\n'))."
        )
    elif line_end_hint(reply, expected):
        text = _("It returned {got}; expected {want}: {hint}")
    elif isinstance(reply, str) and expected.startswith(reply) and reply:
        text = _(
            "The server sent its line in pieces: {pieces}. It returned {got}, expected {want}: "
            "only what had arrived when you read (first piece: {first}). read(n) returns what "
            "is there; readline() waits for the whole line."
        )
    elif isinstance(reply, str) and reply.startswith(expected):
        text = _(
            "The server sent two lines at once; it returned {got}. Expected only the first "
            "line, {want}: read with readline()."
        )
    else:
        text = _("It returned {got}; expected {want}.")
    hint = line_end_hint(reply, expected)
    return text.format(pieces=show(pieces), first=show(pieces[0].decode()), hint=hint, **values)


ASKS = [  # the question, the pieces of the server's reply, what ask must return
    ("What is the answer?", (b"The ans", b"wer is", b" 42", b"\n"), "The answer is 42"),
    ("¿qué tal?", ("très bien"[:3].encode(), "très bien"[3:].encode() + b"\n"), "très bien"),
    ("What is the answer?", (b"first\nsecond\n",), "first"),
    ("Anything to add?", (b"\n", b"more\n"), ""),  # an empty line is a reply: ''
    # Spaces are part of the line, and U+2028 breaks no line of a stream (splitlines() would).
    ("And then?", ("  then\u2028more  \n".encode(),), "  then\u2028more  "),
]
CLOSE_IT = N_("Close it: writer.close(), then await writer.wait_closed().")


@task(
    2,
    checks=("ask-sends-one-utf8-line", "ask-returns-the-first-line", "ask-drains", "ask-closes"),
    realtime=True,
)
@pytest.mark.parametrize(("question", "pieces", "expected"), ASKS)
async def test_ask_returns_the_first_reply_line(topic, monkeypatch, question, pieces, expected):
    """ask(port, question) sends one UTF-8 line; returns the first reply line, however it comes."""
    deadlines = deadlines_set(monkeypatch, topic)
    script = saying(*pieces, whole_line=True)
    drains = DrainSpy(monkeypatch)
    async with spied(topic, monkeypatch) as spy, ScriptedServer(script) as server:
        call = f"ask({server.port}, {question!r})"
        started = Started()
        reply = await call_with_limit(
            call,
            topic.ask(server.port, question),
            WAIT,
            lambda: question_problem(server, question) or _(HANG_ASK),
        )
        check_nothing_scheduled(started, call=call, remedy=_(CALLED_LATER))
        for problem in (question_problem(server, question), reply_problem(reply, expected, pieces)):
            called(call).check(not problem, problem)
        expect_result(reply, expected, call=call, meaning=_("the first line, as text"))
        drains.check_drained(call, spy.writers)
        spy.check_clients_closed(call)
        await server.check_client_closed(call, _(CLOSE_IT))
    check_no_deadline(called("ask(port, question)"), deadlines, "ask")


# ---------------------------------------------------------------------------------------
# Task 3: greet_lines

WHOLE_LINES = N_(
    "read(n) returns whatever has arrived: part of a line, or a line and a half. `await "
    "reader.readline()` returns one whole line."
)
GREETS = [  # the pieces a client sends, the pause between them, what it did, what to do
    (
        (b"Ada\nBo", b"b\n"),
        0.01,
        N_("Sent b'Ada\\nBo', then b'b\\n' {pause} ms later."),
        WHOLE_LINES,
    ),
    (
        (b"C", b"y", b"\n"),
        PIECE_PAUSE,
        N_("Sent b'C', b'y', b'\\n', {pause} ms apart."),
        WHOLE_LINES,
    ),
    (
        (b"Zo\xc3", b"\xab\nZo\xc3\xab\n"),
        PIECE_PAUSE,
        N_("Sent b'Zo\\xc3', then b'\\xab\\nZo\\xc3\\xab\\n' {pause} ms later: 'Zoë' twice."),
        N_(
            "Every line gets its greeting, a name seen before too, and the name is the "
            "whole line as UTF-8 text, every character of it: line.decode()."
        ),
    ),
]


@task(
    3,
    checks=(
        "greet-whole-lines",
        "greet-drains",
        "greet-closes-at-the-end",
        "greet-clients-at-once",
    ),
    realtime=True,
)
async def test_greet_lines_greets_whole_lines(topic, monkeypatch):
    """greet_lines answers each whole line, however it arrives, and closes at the end."""
    deadlines = deadlines_set(monkeypatch, topic)
    drains = DrainSpy(monkeypatch)
    async with client_of(topic.greet_lines) as (served, client):
        for pieces, pause, scene, advice in GREETS:
            await client.send(*pieces, pause=pause)
            names = b"".join(pieces).splitlines()
            expected = b"".join(b"Hello, " + name + b"!\n" for name in names)
            got = await client.receive(len(expected))
            served.raise_errors()
            text = _(
                "{scene} Your server replied {got}; expected {want}, one greeting per whole "
                "line. {advice}"
            )
            if not got:
                advice = N_(
                    "Nothing came back within {wait} s: greet each line as soon as it is "
                    "complete, before you wait for the next one."
                )
            scene = _(scene).format(pause=ms(pause))
            advice = _(advice).format(wait=WAITED)
            check(
                got == expected,
                text,
                scene=scene,
                got=show(got),
                want=show(expected),
                advice=advice,
            )
        await check_empty_line_is_not_the_end(client, served)
        await check_closed_at_the_end(client, served, _("the last line"), "readline()")
        drains.check_drained("greet_lines(reader, writer)", served.handlers.writers)
    check_no_deadline(called("greet_lines(reader, writer)"), deadlines, "greet_lines")


DEE = b"Hello, Dee!\n"
EMPTY_GREETING = b"Hello, !\n"  # a greeting for the empty line is allowed, not required


async def check_empty_line_is_not_the_end(client, served):
    """The client sends an empty line, then a name: the name must still be greeted."""
    await client.send(b"\nDee\n")
    got = b""
    while not got.endswith(DEE) and len(got) < len(EMPTY_GREETING + DEE):
        piece = await client.receive(1)
        if not piece:
            break
        got += piece
    served.raise_errors()
    closed = " " + _("and closed the connection") if client.eof else ""
    text = _(
        "Sent b'\\nDee\\n': an empty line, then a name. Your server replied {got}{closed}; "
        "expected b'Hello, Dee!\\n' (a greeting for the empty line before it is fine too). "
        "An empty line is not the end: readline() returns b'\\n' for it, and b'' only once "
        "the client has finished sending. Test the line itself, not the name stripped of it."
    )
    check(got in (DEE, EMPTY_GREETING + DEE), text, got=show(got), closed=closed)


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
            # Timed from the moment all five are connected: connecting is not serving, and
            # on a loaded machine it alone can take longer than the bound.
            if await asyncio.wait_for(connected.wait(), WAIT) == 0:
                watch.start = watch.clock()
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

    scene = _(
        "Five clients connected at once, each sending a name in two halves {pause} ms apart, "
        "then b'again\\n' {think} ms after its greeting."
    ).format(pause=ms(HALF_PAUSE), think=ms(THINK))
    connected = asyncio.Barrier(CLIENTS)
    async with LoopbackServer(topic.greet_lines) as served:
        timeline.start_clock()
        with stopwatch() as watch:
            try:
                replies = await asyncio.gather(*(slow_client(name, served) for name in names))
            except TimeoutError:
                served.raise_errors()
                text = _("{scene} At least one of them got no reply within {wait} s.\n{timeline}")
                fail(text, scene=scene, wait=WAITED, timeline=timeline.render())
        served.raise_errors()
    for name, got in zip(names, replies, strict=True):
        want = (f"Hello, {name}!\n".encode(), b"Hello, again!\n")
        what = _("{scene} The replies to {name}").format(scene=scene, name=show(name))
        expect_equal(got, want, what=what)
    text = _(
        "{scene} At most {peak} of them were being served at the same time; expected all 5. "
        "start_server runs one handler task per client: nothing in a handler may hold the "
        "others up (no lock around a whole conversation, no blocking call).\n{timeline}"
    )
    drawn = timeline.render(_("when each client was being served"))
    check(timeline.peak == CLIENTS, text, scene=scene, peak=timeline.peak, timeline=drawn)
    expect_duration(
        watch.elapsed,
        at_least=(HALF_PAUSE + THINK) * 0.95,
        under=0.2,
        call=_("five clients at once, each taking 75 ms to send its two lines"),
        expected=_("about 75 ms: served at the same time (one after another takes 375 ms)."),
        timeline=timeline,
        clock_name=REAL,
    )


FLOOD_NAME = b"n" * 1000
FLOOD_CHUNKS = 128  # of 64 names each: 8 MB at most, sent until the server stops reading
SMALL_BUFFER = 4096  # bytes: the socket buffers of the client that does not read


@task(3, checks=("greet-clients-at-once",), realtime=True)
async def test_greet_lines_serves_others_while_one_client_does_not_read(topic):
    """a client that never reads its greetings holds up its own handler only, not a new client."""
    opened = Opened()
    flooded = record()  # the writer of the first client's handler

    async def handler(reader, writer):
        if not flooded:
            # Small buffers, so that the greetings it does not read fill them up quickly.
            writer.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_SNDBUF, SMALL_BUFFER
            )
            flooded.append(writer)
        await topic.greet_lines(reader, writer)

    try:
        async with LoopbackServer(handler, reraise=False) as served:
            sock = loopback_socket()
            opened.sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUFFER)
            loop = asyncio.get_running_loop()
            await asyncio.wait_for(loop.sock_connect(sock, (LOOPBACK, served.port)), WAIT)

            async def flood():
                """Send names until the server stops reading; never read a greeting."""
                with contextlib.suppress(ConnectionError):
                    for _chunk in range(FLOOD_CHUNKS):
                        await loop.sock_sendall(sock, (FLOOD_NAME + b"\n") * 64)

            opened.background(flood())

            def drain_waits():
                if not flooded:
                    return False
                transport = flooded[0].transport
                return transport.get_write_buffer_size() > transport.get_write_buffer_limits()[1]

            await eventually(drain_waits)
            served.raise_errors()
            second = await RawClient.connect(served.port, opened)
            await second.send(b"Bob\n")
            want = b"Hello, Bob!\n"
            got = await second.receive(len(want))
            errors = served.handlers.errors
            raised = ""
            if got != want and errors:
                error = f"{type(errors[0]).__name__}: {errors[0]}"
                raised = " " + _("(a handler raised {error})").format(error=error)
            text = _(
                "A first client sent names of {size} characters and read none of its "
                "greetings, until its handler's writer.drain() waited; then a second client "
                "sent b'Bob\\n'. The second client got {got} within {wait} s{raised}; expected "
                "{want}. "
                "A client that does not read may hold up its own handler, never the others: "
                "nothing the handlers share (a Lock or a Semaphore around the writes and the "
                "drain) may make one client wait for another."
            )
            came = show(got) if got else _("nothing")
            values = {"size": len(FLOOD_NAME), "wait": WAITED}
            check(got == want, text, got=came, want=show(want), raised=raised, **values)
            served.raise_errors()
    finally:
        await opened.close()


# ---------------------------------------------------------------------------------------
# Task 4: read_frame and write_frame


async def read_one_frame(topic, reader, what):
    """``await read_frame(reader)``, failing with a message when it hangs or reads short."""
    hung = _(
        "It was reading {what} and waited for bytes that were never sent. The header is "
        "4 bytes, big-endian: int.from_bytes(header, 'big'), then readexactly(that many)."
    ).format(what=what)
    try:
        return await call_with_limit("read_frame(reader)", topic.read_frame(reader), WAIT, hung)
    except struct.error as error:
        text = _(
            "read_frame(reader) was reading {what} and raised struct.error ({error}): the "
            "header it unpacked was short. read(4) returns what has arrived so far, maybe "
            "only 1 or 2 of the 4 bytes when the header comes in pieces. readexactly(4) "
            "waits for all four."
        )
        fail(text, what=what, error=error)


def check_frame(got, expected, scene, **values):
    """Fail unless read_frame returned exactly ``expected``, as bytes."""
    text = _(
        "{scene} read_frame returned {got} ({length} bytes, a {type}); expected {want} (bytes)."
    )
    if not isinstance(got, bytes | bytearray | memoryview):
        text = _("{scene} read_frame returned {got}, a {type}; expected {want} (bytes).")
    length = len(got) if isinstance(got, bytes | bytearray | memoryview) else 0
    shown = {"got": show(got), "type": type(got).__name__, "want": show(expected)}
    check(same(got, expected), text, scene=_(scene).format(**values), length=length, **shown)


TWO_FRAMES = N_(
    "Sent two frames in one write: b'hello' (header b'\\x00\\x00\\x00\\x05') and an empty one "
    "(header b'\\x00\\x00\\x00\\x00'); this was {what}."
)
IN_PIECES = N_(
    "Sent a frame of {size} bytes in pieces: its header one byte at a time, {pause} ms apart, "
    "then the payload in 3 pieces. read(n) returns what has arrived so far; readexactly(n) waits "
    "for exactly n bytes."
)


@task(
    4,
    checks=(
        "read-frame-waits-for-whole-frames",
        "read-frame-returns-bytes",
        "read-frame-clean-end-is-none",
        "write-frame-format",
    ),
    realtime=True,
)
async def test_read_frame_reads_joined_and_split_frames(topic, monkeypatch):
    """read_frame reads two frames sent in one write, then one sent byte by byte; then None."""
    deadlines = deadlines_set(monkeypatch, topic)
    async with stream_and_raw_client() as (reader, _writer, client):
        await client.send(frame(b"hello") + frame(b""))
        for what, expected in (
            (_("the first of two frames sent in one write"), b"hello"),
            (_("an empty frame (length 0)"), b""),
        ):
            check_frame(await read_one_frame(topic, reader, what), expected, TWO_FRAMES, what=what)
        payload = b"split" * 60
        header = frame(payload)[:4]
        pieces = [header[:1], header[1:2], header[2:], payload[:7], payload[7:100], payload[100:]]
        sending = asyncio.create_task(client.send(*pieces))
        try:
            got = await read_one_frame(topic, reader, _("a frame sent in pieces"))
        finally:
            await sending
        check_frame(got, payload, IN_PIECES, size=len(payload), pause=ms(PIECE_PAUSE))
        client.finish_sending()
        try:
            end = await read_one_frame(topic, reader, _("at the end of the stream"))
        except asyncio.IncompleteReadError:
            end = "IncompleteReadError"
        text = _(
            "After the last frame, the client closed its side. read_frame gave {got}; "
            "expected None: a clean end, as no byte of a new header arrived (b'' would be an "
            "empty frame). Catch IncompleteReadError and return None when its partial is b''."
        )
        check(end is None, text, got=end if isinstance(end, str) else show(end))
    check_no_deadline(called("read_frame(reader)"), deadlines, "read_frame")


TOP_BIT_HEADER = (2**31 + 10).to_bytes(4, "big")  # read as signed, a negative length
CUTS = [  # what is sent before closing, what the last read_frame reads, what happened
    (
        frame(b"0123456789")[:7],
        N_("a frame cut after 3 of its 10 bytes"),
        N_("Sent the header of a 10-byte frame and 3 bytes of it, then closed."),
    ),
    (
        frame(b"abc") + frame(b"0123456789")[:2],
        N_("a header cut after 2 of its 4 bytes"),
        N_("Sent a frame b'abc', then 2 of the 4 bytes of the next header, then closed."),
    ),
    (
        frame(b"0123456789")[:4],
        N_("a frame cut right after its header"),
        N_("Sent the whole header of a 10-byte frame, then closed before any byte of it."),
    ),
    (
        TOP_BIT_HEADER + b"0123",
        N_("a frame of 2147483658 bytes cut after 4 of them"),
        N_(
            "Sent the header b'\\x80\\x00\\x00\\x0a', the length 2147483658 (2**31 + 10, "
            "its top bit set), and 4 bytes of that frame, then closed."
        ),
    ),
]


@task(4, checks=("read-frame-cut-is-an-error",), realtime=True)
@pytest.mark.parametrize(
    ("sent", "what", "scene"),
    CUTS,
    ids=["in-payload", "in-header", "after-header", "top-bit-length"],
)
async def test_read_frame_raises_when_a_frame_is_cut(topic, sent, what, scene):
    """read_frame raises IncompleteReadError when the stream ends inside a frame."""
    async with stream_and_raw_client() as (reader, _writer, client):
        await client.send(sent)
        client.finish_sending()
        if sent.startswith(frame(b"abc")):
            got = await read_one_frame(topic, reader, _("a whole frame before the cut one"))
            check_frame(got, b"abc", N_("Sent a frame b'abc'."))
        try:
            got = await read_one_frame(topic, reader, _(what))
        except asyncio.IncompleteReadError:
            return
        except Exception as error:
            if not sent.startswith(TOP_BIT_HEADER) or isinstance(error, NotImplementedError):
                raise
            # A length read as signed is negative here, and readexactly refuses it.
            text = _(
                "{scene} The last read_frame raised {error}; expected "
                "asyncio.IncompleteReadError: the stream ended in the middle of a frame. The "
                "length is unsigned, 0 to 2**32 - 1: int.from_bytes(header, 'big'), not "
                "signed=True (with struct, '>I', not '>i')."
            )
            fail(text, scene=_(scene), error=f"{type(error).__name__}({str(error)!r})")
        text = _(
            "{scene} The last read_frame returned {got}; expected "
            "asyncio.IncompleteReadError: the stream ended in the middle of a frame. Return "
            "None only when no byte of a new header arrived (the error's partial is b'')."
        )
        fail(text, scene=_(scene), got=show(got))


@task(4, checks=("write-frame-format", "write-frame-drains"), realtime=True)
async def test_write_frame_writes_length_then_payload(topic, monkeypatch):
    """write_frame writes 4 bytes of length, big-endian, then the payload, and drains."""
    deadlines = deadlines_set(monkeypatch, topic)
    drains = DrainSpy(monkeypatch)
    text = _(
        "write_frame is not a coroutine function: write it with `async def`, so that it "
        "can await writer.drain()."
    )
    check(inspect.iscoroutinefunction(topic.write_frame), text)
    async with stream_and_raw_client() as (_reader, writer, client):
        awaited = []
        real_drain = writer.drain

        async def recorded_drain():
            awaited.append(True)
            await real_drain()

        writer.drain = recorded_drain
        binary = (bytes(range(256)) + "é€".encode()) * 270  # every byte value, and UTF-8 text
        payloads = [b"hi", b"", binary[:70_000]]
        expected = b"".join(frame(payload) for payload in payloads)
        receiving = asyncio.create_task(client.receive(len(expected)))
        try:
            for payload in payloads:
                call = f"write_frame(writer, <{len(payload)} bytes>)"
                why = _("The reader was reading all the while.")
                await call_with_limit(call, topic.write_frame(writer, payload), WAIT, why)
        except BaseException:
            receiving.cancel()
            await asyncio.wait({receiving})
            raise
        got = await receiving
        is_little = got[:4] == (2).to_bytes(4, "little")
        little = " " + _("Its headers are little-endian.") if is_little else ""
        text = _(
            "Called write_frame for b'hi', b'' and 70000 bytes. The other side received "
            "{got} ({length} bytes in all); expected {want} ({wanted} bytes): for each, 4 "
            "bytes of length, big-endian (len(payload).to_bytes(4, 'big')), then the "
            "payload.{little}"
        )
        sizes = {"length": len(got), "wanted": len(expected)}
        want = show(expected[:40])
        check(got == expected, text, got=show(got[:40]), want=want, little=little, **sizes)
        text = _(
            "Called write_frame {calls} times; it awaited writer.drain() {drains} time(s). "
            "Await it after every write: write() only fills a buffer, and drain() waits "
            "while the other side is slow to read."
        )
        check(len(awaited) >= len(payloads), text, calls=len(payloads), drains=len(awaited))
        drains.check_drained("write_frame(writer, payload)", [writer])
    check_no_deadline(called("write_frame(writer, payload)"), deadlines, "write_frame")


@task(4, checks=("cancelled", "left-running"), realtime=True)
async def test_read_frame_cancelled_while_it_waits_ends_cancelled(topic):
    """read_frame(reader), the client silent, cancelled 50 ms in: it ends cancelled."""
    async with stream_and_raw_client() as (reader, _writer, _client):
        scene = called(_("read_frame(reader) as a task, the client sending nothing"))
        await check_cancelled_while_waiting(scene, topic.read_frame(reader), 0.05, CLEANUP)


HELD_UP = 1 << 20  # bytes: far more than the small socket buffers below take


@task(4, checks=("cancelled", "left-running"), realtime=True)
async def test_write_frame_cancelled_while_it_drains_ends_cancelled(topic):
    """write_frame(writer, b'held'), 1 MiB unread before it, cancelled 50 ms in."""
    async with stream_and_raw_client() as (_reader, writer, client):
        # Small buffers on both sides, and 1 MiB the client does not read already written:
        # the writer's buffer is full, so drain() waits, whatever write_frame writes with
        # (3.13.0's writelines does not fill it up by itself).
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        writer.write(bytes(HELD_UP))
        text = _(
            "write_frame(writer, b'held') as a task, the client reading nothing and the {size} "
            "bytes written before still in the writer's buffer"
        )
        scene = called(text.format(size=HELD_UP))
        running = topic.write_frame(writer, b"held")
        await check_cancelled_while_waiting(scene, running, 0.05, CLEANUP)


# ---------------------------------------------------------------------------------------
# Task 5: ask_all


def counted_reference_ask(monkeypatch, topic):
    """Put a correct ``ask`` in place of the learner's (task 5 stands on its own); return the
    list of the questions it got."""
    asked = record()

    async def ask(port, question):
        asked.append(question)
        reader, writer = await asyncio.open_connection(LOOPBACK, port)
        try:
            writer.write(question.encode() + b"\n")
            await writer.drain()
            return (await reader.readline()).decode().rstrip("\n")
        finally:
            writer.close()
            await writer.wait_closed()

    monkeypatch.setattr(topic.module, "ask", ask)
    return asked


def check_asked_with_ask(call, asked, questions):
    text = _(
        "ask was called for {asked}; expected once for each question, "
        "{questions}: ask every question with ask(port, question)."
    )
    shown = {"asked": show(sorted(asked)), "questions": show(sorted(questions))}
    called(call).check(sorted(asked) == sorted(questions), text, **shown)


GATHER_WAIT = 0.1  # how long the server waits for every question before answering anyway


@task(5, checks=("ask-all-at-once", "ask-all-replies-in-order", "ask-all-uses-ask"), realtime=True)
async def test_ask_all_asks_at_once_replies_in_order(topic, monkeypatch):
    """ask_all(port, five questions) has all five connections open at once; replies in order."""
    deadlines = deadlines_set(monkeypatch, topic)
    asked = counted_reference_ask(monkeypatch, topic)
    questions = ["q0", "q1", "q2", "q3", "q4"]
    delays = {"q0": 0.03, "q1": 0.0, "q2": 0.02, "q3": 0.01, "q4": 0.005}
    timeline = Timeline()
    everyone = asyncio.Event()
    arrived = record()

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
        given = list(questions)
        with stopwatch() as watch:
            asking = topic.ask_all(server.port, given)
            replies = await call_with_limit(call, asking, 2.0, _("Each ask takes a moment."))
    text = _(
        "Afterwards the list of questions passed to it was {got}: it changed its caller's list. "
        "Leave it as it is: go through it (or a copy, list(questions)) instead of taking "
        "questions out of it."
    )
    called(call).check(given == questions, text, got=show(given))
    expect_in_input_order(replies, [f"answer to {q}" for q in questions], call=call)
    check_asked_with_ask(call, asked, questions)
    text = _(
        "At most {peak} question(s) were open at the same time; expected all "
        "{count}: start every ask before waiting for any (asyncio.gather, or a TaskGroup)."
        "\n{timeline}"
    )
    drawn = timeline.render(_("what the server saw"))
    count = len(questions)
    called(call).check(
        timeline.peak == count, text, peak=timeline.peak, count=count, timeline=drawn
    )
    expect_duration(
        watch.elapsed,
        at_least=max(delays.values()) * 0.95,
        under=0.25,
        call=_("{call}, where the slowest reply takes 30 ms").format(call=call),
        expected=_("about 30 ms: all five questions at the same time."),
        timeline=timeline,
        clock_name=REAL,
    )
    check_no_deadline(called("ask_all(port, questions)"), deadlines, "ask_all")


MANY = CROWD  # questions that must all be open at once: more than any limit of one's own


def many_reply(question):
    """The server's reply to q0, q1, ...: an empty line for every fifth question."""
    return "" if int(question[1:]) % 5 == 0 else f"answer to {question}"


@task(5, checks=("ask-all-at-once", "ask-all-replies-in-order"), realtime=True)
async def test_ask_all_asks_a_crowd_of_questions_at_once(topic, monkeypatch):
    """ask_all(port, 120 questions) has all open at once; an empty reply is a reply too."""
    counted_reference_ask(monkeypatch, topic)
    questions = [f"q{number}" for number in range(MANY)]
    everyone = asyncio.Event()
    arrived = record()
    peak = 0

    async def script(conversation):
        nonlocal peak
        line = (await conversation.read_line()).decode()
        arrived.append(line)
        peak = max(peak, len(arrived))
        if len(arrived) == MANY:
            everyone.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(everyone.wait(), GATHER_WAIT)
        await conversation.send(f"{many_reply(line)}\n".encode())
        arrived.remove(line)
        await conversation.wait_for_client_to_close()

    async with ScriptedServer(script) as server:
        call = _("ask_all({port}, ['q0', ..., '{last}']), the server replying '' to every fifth")
        call = call.format(port=server.port, last=questions[-1])
        asking = topic.ask_all(server.port, list(questions))
        replies = await call_with_limit(call, asking, 3.0, _("Each ask takes a moment."))
    expect_in_input_order(replies, [many_reply(q) for q in questions], call=call)
    text = _(
        "At most {peak} questions were open at the same time; expected all {count}: start "
        "every ask before waiting for any, with no limit of your own (no Semaphore, no batches)."
    )
    called(call).check(peak == MANY, text, peak=peak, count=MANY)


@task(5, checks=("ask-all-replies-in-order", "ask-all-uses-ask"), realtime=True)
async def test_ask_all_of_nothing(topic, monkeypatch):
    """ask_all(port, []) returns an empty list."""
    asked = counted_reference_ask(monkeypatch, topic)
    async with ScriptedServer(saying(b"unused\n", whole_line=True)) as server:
        call = f"ask_all({server.port}, [])"
        replies = await call_with_limit(call, topic.ask_all(server.port, []), WAIT)
    expect_result(replies, [], call="ask_all(port, [])", meaning=_("no question, no reply"))
    check_asked_with_ask("ask_all(port, [])", asked, [])


@task(5, checks=("ask-all-uses-ask",), realtime=True)
async def test_ask_all_asks_a_repeated_question_again(topic, monkeypatch):
    """ask_all(port, ['same', 'same']) asks twice, on two connections: two replies."""
    asked = counted_reference_ask(monkeypatch, topic)
    answered = record()

    async def script(conversation):
        answered.append(await conversation.read_line())
        await conversation.send(f"answer {len(answered)}\n".encode())
        await conversation.wait_for_client_to_close()

    questions = ["same", "same"]
    async with ScriptedServer(script) as server:
        call = f"ask_all({server.port}, {questions!r})"
        replies = await call_with_limit(call, topic.ask_all(server.port, list(questions)), WAIT)
    check_asked_with_ask(call, asked, questions)
    text = _("It returned {got}; expected one reply per question, from two connections: {want}.")
    want = sorted(["answer 1", "answer 2"])
    shown = sorted(replies) if isinstance(replies, list) else replies
    called(call).check(same(shown, want), text, got=show(replies), want=show(want))


# ---------------------------------------------------------------------------------------
# Task 6: ask_within

QUESTION = "how are you?"  # test data
WITHINS = {  # (the server's script, the limit, how long connecting takes, the reply expected),
    # what happened and was expected, and how long it may take (or None: not timed)
    "silent": (
        (saying(), 0.05, 0.0, None),
        N_("The server never answers. It returned {got}; expected None."),
        (0.05, 0.5, N_("None after 0.05 s on a silent server: wait that long, no less.")),
    ),
    "half-a-line": (
        (saying(b"I am thin"), 0.05, 0.0, None),
        N_(
            "The server sent b'I am thin' (no newline) and then nothing. It returned {got}; "
            "expected None: half a line is no answer. Wait for the whole line (readline) under "
            "the timeout."
        ),
        None,
    ),
    "slow-connect": (
        (saying(b"late\n", delay=0.1), 0.4, 0.35, None),
        N_(
            "Over a slow network: open_connection took 0.35 s, then the server answered "
            "b'late\\n' 0.1 s after the question. It returned {got}; expected None: the whole "
            "exchange took 0.45 s, more than 0.4 s. The time limit covers the whole exchange, "
            "connecting too: one `async with asyncio.timeout(seconds):` around all of it, not a "
            "limit for each step."
        ),
        None,
    ),
    "empty-line": (
        (saying(b"\n", b"extra\n"), 0.5, 0.0, ""),
        N_(
            "The server replied with an empty line, b'\\n', at once. It returned {got}; "
            "expected '': an empty line is a reply. Only the time limit gives None."
        ),
        (0.0, 0.3, N_("as soon as the reply line is complete (about 5 ms), not the time limit.")),
    ),
    "in-time": (
        (saying(b"fi", b"ne\n", b"extra\n"), 0.5, 0.0, "fine"),
        N_(
            "The server replied b'fi', then b'ne\\n' (and more lines). It returned {got}; "
            "expected 'fine', the first line as text without its newline."
        ),
        (0.0, 0.3, N_("as soon as the reply line is complete (about 5 ms), not the time limit.")),
    ),
    "dripping-reply": (
        (saying(*(bytes([byte]) for byte in b"slowly\n"), pause=0.05), 0.2, 0.0, None),
        N_(
            "The server sent its reply, b'slowly\\n', a byte every 0.05 s: 0.3 s in all, more "
            "than the 0.2 s limit. It returned {got}; expected None: the limit is for the whole "
            "exchange, not for each read. One `async with asyncio.timeout(seconds):` around all "
            "of it."
        ),
        (0.2, 0.5, N_("None after 0.2 s: the whole exchange has 0.2 s, however the reply comes.")),
    ),
    "slow-reply": (
        (saying(b"fine\n", delay=0.1), 0.5, 0.0, "fine"),
        N_(
            "The server answered b'fine\\n' 0.1 s after the question, well within the 0.5 s "
            "limit. It returned {got}; expected 'fine': give up only once the `seconds` it was "
            "given have passed, asyncio.timeout(seconds)."
        ),
        None,
    ),
}


@task(
    6,
    checks=(
        "ask-within-gives-up",
        "ask-within-times-the-whole-exchange",
        "ask-within-returns-the-reply",
        "ask-within-drains",
        "ask-within-closes",
    ),
    realtime=True,
)
@pytest.mark.parametrize("case", WITHINS.values(), ids=WITHINS)
async def test_ask_within(topic, monkeypatch, case):
    """ask_within returns the reply line in time, else None once the limit is up; it closes."""
    (script, seconds, connect_delay, want), message, timed = case
    deadlines = deadlines_set(monkeypatch, topic, within_the_limit(seconds))
    drains = DrainSpy(monkeypatch)
    async with spied(topic, monkeypatch, connect_delay) as spy, ScriptedServer(script) as server:
        call = f"ask_within({server.port}, {QUESTION!r}, {seconds:g})"
        hung = _(
            "It should give up after {seconds} s: put the whole exchange under "
            "`async with asyncio.timeout(seconds):` (or wait_for) and return "
            "None when the time is up."
        ).format(seconds=f"{seconds:g}")
        started = Started()
        with stopwatch() as watch:
            try:
                asking = topic.ask_within(server.port, QUESTION, seconds)
                reply = await call_with_limit(call, asking, seconds + WAIT, hung)
            except TimeoutError:
                text = _(
                    "It raised TimeoutError; expected it to return None when the time is up: "
                    "catch the TimeoutError around the `async with asyncio.timeout(seconds):` "
                    "block, not inside it. Inside, the expiry arrives as a CancelledError; it "
                    "becomes a TimeoutError only as it leaves the block."
                )
                called(call).fail(text)
        check_nothing_scheduled(started, call=call, remedy=_(CALLED_LATER))
        called(call).check(same(reply, want), _(message), got=show(reply))
        if timed:
            at_least, under, expected = timed
            bounds = {"at_least": at_least, "under": under, "clock_name": REAL}
            expect_duration(watch.elapsed, call=call, expected=_(expected), **bounds)
        drains.check_drained(call, spy.writers)
        spy.check_clients_closed(call)
        text = _(
            "Close it however the call ends: writer.close(), then await "
            "writer.wait_closed(), in a finally block."
        )
        await server.check_client_closed(call, text)
    check_no_deadline(
        called(f"ask_within(port, question, {seconds:g})"),
        deadlines,
        "ask_within",
        NO_OTHER_DEADLINE,
    )


@task(6, checks=("ask-within-other-errors-go-on",), realtime=True)
async def test_ask_within_lets_a_refusal_through(topic):
    """ask_within on a port nothing listens on lets ConnectionRefusedError reach its caller."""
    port = free_port()
    call = f"ask_within({port}, {QUESTION!r}, 0.2)"
    hung = _("Nothing listens on that port: the connection is refused at once.")
    try:
        reply = await call_with_limit(call, topic.ask_within(port, QUESTION, 0.2), WAIT, hung)
    except ConnectionRefusedError:
        return
    text = _(
        "Nothing listens on port {port}: the connection was refused at once. It returned "
        "{got}; expected the ConnectionRefusedError to reach the caller. Only the time limit "
        "gives None: catch TimeoutError alone, not every Exception (or OSError)."
    )
    called(call).fail(text, port=port, got=show(reply))


@task(6, checks=("ask-within-cancel-goes-on", "left-running"), realtime=True)
async def test_ask_within_cancelled_by_its_caller(topic, monkeypatch):
    """ask_within(port, question, 5) on a silent server, cancelled: it closes, ends cancelled."""
    async with spied(topic, monkeypatch) as spy, ScriptedServer(saying()) as server:
        call = f"ask_within({server.port}, {QUESTION!r}, 5)"
        scene = called(_("{call} as a task, the server never answering").format(call=call))
        hint = _(
            "A cancellation is not the time limit. Catch TimeoutError alone (not "
            "CancelledError, nor BaseException) and let the cancellation go on, after closing "
            "the connection."
        )
        running = topic.ask_within(server.port, QUESTION, 5)
        await check_cancelled_while_waiting(scene, running, 0.05, WAIT, hint=hint)
        text = _(
            "Cancelled while it waited for the reply, it ended cancelled, but the connection it "
            "opened was still open; expected it closed before the call ends, however it ends. A "
            "CancelledError is no Exception: `except Exception` misses it. Close in a `finally:` "
            "block: writer.close(), then await writer.wait_closed()."
        )
        scene.check(all(writer.is_closing() for writer in spy.writers), text)
        spy.closing.check_waited(call, spy.writers)


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


@contextlib.asynccontextmanager
async def serving_until(topic, monkeypatch):
    """Start serve_until(greet_handler, stop, ready) as a task; yield (stop, port, task, spy)."""
    stop = asyncio.Event()
    ports = asyncio.get_running_loop().create_future()

    def ready(port):
        if not ports.done():
            ports.set_result(port)

    async with spied(topic, monkeypatch) as spy:
        serving = asyncio.create_task(topic.serve_until(greet_handler, stop, ready))
        try:
            first = {ports, serving}
            done, _pending = await asyncio.wait(first, timeout=WAIT, return_when="FIRST_COMPLETED")
            early = serving in done
            if early:
                serving.result()
            what = _("had not called ready(port) {wait} s after it started.")
            if early:
                what = _("returned before stop was set, without calling ready(port).")
            text = _(
                "serve_until(handler, stop, ready) {what} Call ready(port) once the server "
                "listens, with its port (server.sockets[0].getsockname()[1]), then await "
                "stop.wait()."
            )
            check(ports in done and not early, text, what=what.format(wait=WAITED))
            port = ports.result()
            text = _("serve_until called ready({got}); expected the port number (an int).")
            check(isinstance(port, int) and port > 0, text, got=show(port))
            yield stop, port, serving, spy
        finally:
            if not serving.done():
                serving.cancel()
                await asyncio.wait({serving}, timeout=WAIT)


async def greeted(port, *pieces, stop=None):
    """Connect, send ``pieces`` 10 ms apart (setting ``stop`` after the first); the reply."""
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    try:
        for number, piece in enumerate(pieces):
            if number:
                await asyncio.sleep(0.01)
                stop.set()
                await asyncio.sleep(0.01)
            writer.write(piece)
            await writer.drain()
        return await asyncio.wait_for(reader.readline(), WAIT)
    except (TimeoutError, ConnectionError) as error:
        return f"{type(error).__name__}"
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


@task(
    7,
    checks=(
        "serve-until-ready",
        "serve-until-serves-until-stop",
        "serve-until-lets-conversations-finish",
        "serve-until-stops-listening",
        "serve-until-waits-closed",
    ),
    realtime=True,
)
async def test_serve_until_serves_then_closes(topic, monkeypatch):
    """serve_until serves until stop is set, lets a conversation end, then closes the server."""
    deadlines = deadlines_set(monkeypatch, topic)
    listening = listening_sockets()
    started = Started()
    async with serving_until(topic, monkeypatch) as (stop, port, serving, spy):
        try:
            reply = await greeted(port, b"Ada\n")
        except ConnectionRefusedError:
            text = _(
                "serve_until called ready({port}), but a client connecting to port {port} "
                "right after was refused: nothing listened there yet. Call ready(port) once "
                "start_server has returned, with the port of the server it gave "
                "(server.sockets[0].getsockname()[1])."
            )
            fail(text, port=port)
        text = _(
            "Connected to the port given to ready() and sent b'Ada\\n'. The handler's reply "
            "was {got}; expected b'Hello, Ada!\\n': start_server(handler, ...)."
        )
        check(reply == b"Hello, Ada!\n", text, got=show(reply))
        text = _("serve_until listens on {hosts}; expected ['127.0.0.1'] only.")
        check(hosts_of(spy.servers) == [LOOPBACK], text, hosts=show(hosts_of(spy.servers)))
        check_hosts_given(spy.hosts, "serve_until(handler, stop, ready)")
        check(not serving.done(), _("serve_until returned before stop was set."))
        reply = await greeted(port, b"Gra", b"ce\n", stop=stop)
        text = _(
            "A client sent b'Gra', then stop was set, then it sent b'ce\\n'. Its reply was "
            "{got}; expected b'Hello, Grace!\\n'. Closing the server stops new clients; it "
            "need not cut the conversations already going on."
        )
        check(reply == b"Hello, Grace!\n", text, got=show(reply))
        await asyncio.wait({serving}, timeout=WAIT)
        text = _(
            "Set stop; serve_until had not returned {wait} s later. Await stop.wait(), then "
            "close the server (server.close(), await server.wait_closed()) and return. "
            "serve_forever() would never return by itself."
        )
        check(serving.done(), text, wait=WAITED)
        serving.result()
        call = "serve_until(handler, stop, ready)"
        check_nothing_scheduled(started, call=call, remedy=_(NOTHING_LATER))
        text = _(
            "Set stop and serve_until returned, but port {port} still accepted "
            "connections: the server was left listening. Call server.close() (or use "
            "`async with server:`)."
        )
        check(not await is_listening(port), text, port=port)
        left = listening_sockets() - listening
        text = _("Set stop and serve_until returned, but {left}")
        check(not left, text, left=_(LEFT_LISTENING).format(count=len(left)))
        text = _(
            "serve_until closed its server but never awaited server.wait_closed(): close() "
            "only starts closing. Await wait_closed() before you return (`async with "
            "server:` does both)."
        )
        check(spy.servers and not spy.closing.not_waited(spy.servers), text)
    check_no_deadline(called("serve_until(handler, stop, ready)"), deadlines, "serve_until")


@task(7, checks=("cancelled", "left-running", "serve-until-closes-when-cancelled"), realtime=True)
async def test_serve_until_cancelled_while_it_serves_ends_cancelled(topic, monkeypatch):
    """serve_until cancelled while it serves (stop never set) ends cancelled, its server closed."""
    listening = listening_sockets()
    async with serving_until(topic, monkeypatch) as (_stop, port, serving, _spy):
        scene = called(_("serve_until(handler, stop, ready) as a task, stop never set"))
        await check_cancelled_while_waiting(scene, serving, 0.05, CLEANUP)
        try:
            _reader, writer = await asyncio.wait_for(asyncio.open_connection(LOOPBACK, port), WAIT)
        except ConnectionRefusedError:
            # nothing listens on the port any more: the server was closed
            left = listening_sockets() - listening
            text = _("Cancelled while it served, it ended cancelled, but {left}")
            scene.check(not left, text, left=_(LEFT_LISTENING).format(count=len(left)))
            return
        except TimeoutError:
            pass  # a listening socket that does not accept: still listening
        else:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        text = _(
            "Cancelled while it served, it ended cancelled, but port {port} still accepted "
            "connections: the server was still listening after the call had ended; expected "
            "the connection refused. Whatever happens, a cancellation too, close the server "
            "before the call ends: `async with server:` around the stop.wait(), or "
            "server.close() and await server.wait_closed() in a `finally:` block."
        )
        scene.fail(text, port=port)


class ReadyFailed(Exception):
    """The error the tests' ready() raises."""


@task(7, checks=("serve-until-closes-when-cancelled",), realtime=True)
async def test_serve_until_closes_when_ready_raises(topic, monkeypatch):
    """serve_until whose ready(port) raises still closes its server before the call ends."""
    stop = asyncio.Event()
    ports = record()

    def ready(port):
        ports.append(port)
        raise ReadyFailed("ready failed")

    call = _("serve_until(handler, stop, ready), stop never set, ready(port) raising an error")
    scene = called(call)
    listening = listening_sockets()
    async with spied(topic, monkeypatch):
        serving = topic.serve_until(greet_handler, stop, ready)
        with contextlib.suppress(ReadyFailed):
            await call_with_limit(call, serving, WAIT, _("ready(port) raised: let its error out."))
        port = ports[0] if ports else None
        text = _(
            "It never called ready(port); expected once, with the port, once the server listens."
        )
        scene.check(isinstance(port, int), text)
        left = listening_sockets() - listening
        text = _(
            "The call ended, but port {port} still accepted connections, or {count} socket(s) it "
            "opened were still listening: ready(port) raised outside the block that closes the "
            "server. Whatever happens, close the server before the call ends: call ready(port) "
            "inside `async with server:` (or in the `try:` whose `finally:` closes it)."
        )
        scene.check(not left and not await is_listening(port), text, port=port, count=len(left))


@task(7, checks=("serve-until-ready", "serve-until-stops-listening"), realtime=True)
async def test_serve_until_with_stop_already_set(topic, monkeypatch):
    """serve_until with stop already set listens, calls ready(port), then closes and returns."""
    stop = asyncio.Event()
    stop.set()
    ports = []
    call = _("serve_until(handler, stop, ready), with stop already set")
    listening = listening_sockets()
    async with spied(topic, monkeypatch):
        serving = topic.serve_until(greet_handler, stop, ports.append)
        await call_with_limit(call, serving, WAIT, _("stop is set: close the server and return."))
        text = _(
            "It returned having called ready {got} time(s); expected once, with the port: start "
            "the server and call ready(port) in every case, then await stop.wait() (it returns "
            "at once when stop is already set)."
        )
        port = ports[0] if ports else None
        called(call).check(len(ports) == 1 and isinstance(port, int), text, got=len(ports))
        text = _("It returned, but port {port} still accepted connections: close the server.")
        called(call).check(not await is_listening(port), text, port=port)
        left = listening_sockets() - listening
        text = _("It returned, but {left}")
        called(call).check(not left, text, left=_(LEFT_LISTENING).format(count=len(left)))


# ---------------------------------------------------------------------------------------
# Cancelled by its caller (the course's CANCELLED rule) while the server is silent


async def cancelled_while_the_server_is_silent(topic, monkeypatch, name, question):
    """``name(port, question)`` on a server that never answers, cancelled 50 ms in: it must
    end cancelled."""
    async with spied(topic, monkeypatch), ScriptedServer(saying()) as server:
        call = f"{name}({server.port}, {question!r})"
        scene = called(_("{call} as a task, the server never answering").format(call=call))
        running = getattr(topic, name)(server.port, question)
        await check_cancelled_while_waiting(scene, running, 0.05, CLEANUP)


@task(2, checks=("cancelled",), realtime=True)
async def test_ask_cancelled_while_it_waits_ends_cancelled(topic, monkeypatch):
    """ask(port, question) on a silent server, cancelled at 50 ms: it ends cancelled."""
    await cancelled_while_the_server_is_silent(topic, monkeypatch, "ask", QUESTION)


@task(5, checks=("cancelled",), realtime=True)
async def test_ask_all_cancelled_while_it_waits_ends_cancelled(topic, monkeypatch):
    """ask_all(port, [q, q]) on a silent server, cancelled at 50 ms: it ends cancelled."""
    counted_reference_ask(monkeypatch, topic)  # graded on its own, whatever ask does
    await cancelled_while_the_server_is_silent(topic, monkeypatch, "ask_all", [QUESTION] * 2)
