"""Hidden tests for topic 16: subprocesses.

Every child is a small Python program (``sys.executable -I -S -c CODE``, about 20 ms to
start), run on the real clock. A spy on ``asyncio.create_subprocess_exec``
(grader/inside/processes.py) records every child: how many ran at once, and which to kill
and reap when a test ends, whatever the learner's code did.
"""

import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grader import N_, Timeline, _, check, expect_duration, fail, same, show, stopwatch, task
from grader.inside.evidence import record
from grader.inside.leftovers import has_ended
from grader.inside.loops import own_task
from grader.inside.processes import children_watched, fate
from grader.inside.running import (
    NO_OTHER_DEADLINE,
    check_cancelled_while_waiting,
    check_no_deadline,
    expect_in_input_order,
    stop_tasks,
)
from grader.inside.spies import deadlines_set, within_the_limit
from grader.inside.suite import called

PROMISES = {
    1: {
        "output-of-exec": (
            "output_of starts the child with asyncio.create_subprocess_exec, every argument as it "
            "is, no shell"
        ),
        "output-of-whole-output": (
            "it captures the child's standard output and returns all of it once the child has "
            "finished (1 MB too, a failing child too)"
        ),
        "output-of-text": "the output comes back decoded to text",
        "output-of-cancelled-cleans-up": (
            "cancelled while the child runs, output_of kills and reaps the child and the "
            "cancellation goes on"
        ),
    },
    2: {
        "filter-text-sends-input": (
            "filter_text sends text to the child's standard input and closes it"
        ),
        "filter-text-result": (
            "it returns the tuple (returncode, stdout, stderr), both outputs decoded to text"
        ),
        "filter-text-full-pipes": (
            "it works when the child reads and writes hundreds of kilobytes on every pipe"
        ),
        "filter-text-cancelled-cleans-up": (
            "cancelled while the child runs, filter_text kills and reaps the child and the "
            "cancellation goes on"
        ),
    },
    3: {
        "follow-lines-as-printed": (
            "follow calls on_line for every line of the child's output as soon as the child writes"
            " it"
        ),
        "follow-line-text": (
            "each line is text without its newline; an empty line and a last line without newline "
            "count"
        ),
        "follow-returns-code": "when the output ends, follow returns the child's return code",
        "follow-cancelled-cleans-up": (
            "cancelled while it reads the child's lines, follow kills and reaps the child and the "
            "cancellation goes on"
        ),
        "follow-on-line-error-cleans-up": (
            "when on_line raises while the child runs, follow kills and reaps the child and the "
            "error goes on"
        ),
    },
    4: {
        "run-all-cap": "run_all never has more than limit children running at once",
        "run-all-next-as-one-ends": (
            "the next command starts as soon as any running one finishes: no batches, limit at once"
        ),
        "run-all-outputs-in-order": (
            "it returns the outputs (as output_of gives them, big ones too) as a list in the order"
            " of commands"
        ),
        "run-all-cancelled-cleans-up": (
            "cancelled while its children run, run_all kills and reaps every one of them and the "
            "cancellation goes on"
        ),
    },
    5: {
        "run-with-timeout-returns-the-output": (
            "a child that finishes in time is left to finish and its output returned, as output_of"
            " does (1 MB too)"
        ),
        "run-with-timeout-kills-and-raises": (
            "a child still running after seconds is killed and reaped, and TimeoutError is raised"
        ),
        "run-with-timeout-cancelled-cleans-up": (
            "cancelled while the child runs, it kills and reaps the child and the cancellation "
            "goes on"
        ),
    },
}


MARKER = "# kata16 child"  # in every child's code, so that leftovers can be found by name
PYTHON = [sys.executable, "-I", "-S", "-c"]


def child(*lines):
    """A command running these lines of code in a fresh Python."""
    return [*PYTHON, "\n".join([MARKER, *lines])]


def watched(monkeypatch, topic):
    """A spy on the children the learner's code starts, all of them reaped on the way out."""
    return children_watched(monkeypatch, topic.module, MARKER)


BIG = child("import sys", "sys.stdout.write('x' * 1_000_000 + '\\n')")  # more than a pipe holds
BIG_OUTPUT = "x" * 1_000_000 + "\n"
QUICK = N_("The child needs a few milliseconds.")
PIPE_DEADLOCK = N_(
    "The child needs a few milliseconds. A pipe holds only about 64 KiB: the child, with 1 MB "
    "to write, waits for someone to read its pipe, while your code waits for the child to exit "
    "(process.wait() before reading the output) - a deadlock on the pipe. communicate() reads "
    "the output while it waits for the exit."
)
ALL_PIPES = ("stdin", "stdout", "stderr")


def slow(call, seconds, why=QUICK):
    """The message for ``call`` still running after ``seconds``; ``why`` explains."""
    return _("Called {call}. It was still running after {seconds} s. {why}").format(
        call=call, seconds=f"{seconds:g}", why=_(why)
    )


CLEAN_UP_PATIENCE = 0.5  # seconds a call cancelled for running too long gets to end
STUCK_IN_CLEAN_UP = N_(
    "Cancelled then, it had still not ended {seconds} s later: a clean-up that awaits "
    "process.wait() after kill() hangs too, since wait() returns only once asyncio has read "
    "every pipe of the child to its end, and it stops reading a pipe whose data nobody takes "
    "(communicate() takes it all)."
)


async def within(spy, seconds, awaitable, message, pipes=("stdout",)):
    """``spy.within``, but failing with ``message`` even when the call, cancelled after
    ``seconds``, does not end then: a clean-up stuck in ``process.wait()`` on full pipes would
    otherwise hang the test until its guard's time, which says nothing of the cause."""
    running = asyncio.ensure_future(spy.within(seconds, awaitable, message, pipes=pipes))
    running.add_done_callback(lambda done: done.cancelled() or done.exception())  # retrieved
    await asyncio.wait({running}, timeout=seconds + CLEAN_UP_PATIENCE)
    if not running.done():
        stuck = _(STUCK_IN_CLEAN_UP).format(seconds=f"{CLEAN_UP_PATIENCE:g}")
        fail(f"{message} {stuck}")
    return running.result()


def sized(output):
    """An output for messages: a long text by its type and length, in a list or tuple too."""
    if isinstance(output, str | bytes) and len(output) > 60:
        return _("a {type} of {count} characters").format(
            type=type(output).__name__, count=len(output)
        )
    if isinstance(output, list | tuple) and any(sized(item) != show(item) for item in output):
        items = ", ".join(sized(item) for item in output)
        return _("a {type} of [{items}]").format(type=type(output).__name__, items=items)
    return show(output)


def shown(command, program):
    """A command as the learner reads it in a message: ``program`` says what its code does."""
    extra = "".join(f", {arg!r}" for arg in command[len(PYTHON) + 1 :])
    return f"[sys.executable, '-c', <{program}>{extra}]"


# ---------------------------------------------------------------------------------------
# Task 1: create_subprocess_exec

ARGS = ["plain", "two words", 'it\'s "quoted"', "a; echo injected", "$HOME", "*"]
ECHO_ARGS = child("import json", "import sys", "print(json.dumps(sys.argv[1:]))") + ARGS
# Closes its output 0.3 s before it exits: output_of must wait for the exit, not the output.
LINGERER = child(
    "import os", "import time", "print('done', flush=True)", "os.close(1)", "time.sleep(0.3)"
)
NOT_ASCII = "one\ntwo: año, 5 €, ☀\n"  # bytes a decoding other than UTF-8 garbles
WARNING = "a warning, on stderr\n"  # not part of the output: stderr is left as it is
WARNINGS = 15_000  # the warning 15,000 times, 300 kB: more than a pipe and asyncio's buffer hold
OWN_STDERR = "KATA16_GRADER_STDERR"  # names the test process's stderr, for the child to compare
WARNINGS_ON_STDERR = (  # lines of a child's code
    "import os",
    "mine = os.fstat(2)",
    # Its stderr left as it is, the grader's: one warning, so as not to flood what the learner
    # reads under "What your code printed". Anything else (a pipe, STDOUT): all 300 kB.
    f"own = os.environ.get({OWN_STDERR!r}) == f'{{mine.st_dev}}:{{mine.st_ino}}'",
    f"sys.stderr.write({WARNING!r} * ({WARNINGS}, 1)[own])",
    "sys.stderr.flush()",
)


def name_own_stderr(monkeypatch):
    """Tell the children started from now on which stderr is the test process's own."""
    own = os.fstat(2)
    monkeypatch.setenv(OWN_STDERR, f"{own.st_dev}:{own.st_ino}")


STDERR_FULL = N_(
    "The child needs a few milliseconds, but it writes 300 kB to stderr after its output. A "
    "pipe holds about 64 kB: with stderr=PIPE and nobody reading it, the child waits for "
    "someone to read its stderr and never ends. Leave stderr as it is (pipe stdout alone), or "
    "read both: communicate() does."
)
WIDE_LINE = "año, 5 €, ☀\n"  # 17 bytes of UTF-8, 3 letters of several bytes each
WIDE_OUTPUT = WIDE_LINE * 60_000  # 1 MB: read in pieces, some letter is cut between two
WIDE = child("import sys", f"sys.stdout.buffer.write(({WIDE_LINE!a} * 60_000).encode())")
SILENT = child("import sys")  # writes nothing: its output is '', an output like any other
NOTHING_IS_EMPTY = N_(
    "It returned {got}; expected {want}: a child that writes nothing to an output gives '' for "
    "it, an output like any other, not None."
)
OUTPUTS = {  # a child, what its code does, all it writes, why output_of could hang on it
    "arguments": (ECHO_ARGS, N_("code printing its arguments"), json.dumps(ARGS) + "\n", QUICK),
    "failing": (
        child(
            "import sys",
            f"sys.stdout.buffer.write({NOT_ASCII.encode()!r})",
            "sys.stdout.flush()",
            *WARNINGS_ON_STDERR,
            "sys.exit(3)",
        ),
        N_("code printing two lines in UTF-8 and warnings on stderr, then exiting with 3"),
        NOT_ASCII,
        STDERR_FULL,
    ),
    "1 MB": (BIG, N_("code writing 1 MB to stdout"), BIG_OUTPUT, PIPE_DEADLOCK),
    "1 MB of UTF-8": (
        WIDE,
        N_("code writing 1 MB of UTF-8 text to stdout"),
        WIDE_OUTPUT,
        PIPE_DEADLOCK,
    ),
    "silent": (SILENT, N_("code writing nothing"), "", QUICK),
    "exits later": (
        LINGERER,
        N_("code printing done, closing its output, then working 0.3 s more"),
        "done\n",
        QUICK,
    ),
}


@contextlib.contextmanager
def over_the_line_limit(call):
    """Explain the ValueError a line longer than a StreamReader's limit raises."""
    try:
        yield
    except ValueError as error:
        if "Separator is not found" not in str(error):
            raise
        message = _(
            "It raised ValueError: {error}. A child wrote 1 MB on one line, and "
            "readline() (or `async for line in process.stdout`) refuses a line longer than the "
            "stream's limit, 64 KiB. Read the output whole: communicate(), or `await "
            "process.stdout.read()`."
        )
        called(call).fail(message, error=error)


CUT_LETTER = N_(
    "a letter of several bytes was cut between two reads, and each piece was decoded on its "
    "own. Join all the bytes first and decode them once (communicate() gives them all)."
)


@contextlib.contextmanager
def decoded_in_pieces(call):
    """Explain the UnicodeDecodeError of UTF-8 decoded a piece at a time."""
    try:
        yield
    except UnicodeDecodeError as error:
        if error.encoding.replace("-", "").replace("_", "").lower() != "utf8":
            raise
        message = _("It raised UnicodeDecodeError: {error}. The child wrote UTF-8: {cut}")
        called(call).fail(message, error=error, cut=_(CUT_LETTER))


def ascii_only(text):
    """``text`` without its characters that are not ASCII, nor the marks a decoder put there."""
    return "".join(char for char in text if char.isascii() and char != "?")


@task(1, checks=("output-of-exec", "output-of-text", "output-of-whole-output"), realtime=True)
@pytest.mark.parametrize("case", OUTPUTS.values(), ids=OUTPUTS)
async def test_output_of_returns_the_whole_output(topic, monkeypatch, case):
    """output_of returns all the child wrote, as text; arguments with spaces, ; and $ intact."""
    deadlines = deadlines_set(monkeypatch, topic)
    command, program, expected, why = case
    call = f"output_of({shown(command, _(program))})"
    scene = called(call)
    name_own_stderr(monkeypatch)
    async with watched(monkeypatch, topic) as spy:
        with over_the_line_limit(call), decoded_in_pieces(call):
            output = await within(spy, 3.0, topic.output_of(command), slow(call, 3, why))
        still_running = bool(spy.running())
        spy.expect_exec(call)
        nothing = output is None and expected == ""
        scene.check(not nothing, _(NOTHING_IS_EMPTY), got=show(output), want=show(expected))
        message = _(
            "It returned {got}: the child's output was not captured. Pass "
            "stdout=asyncio.subprocess.PIPE to create_subprocess_exec and return what "
            "communicate() gives."
        )
        scene.check(output not in (None, "") or expected == "", message, got=show(output))
        message = _("It returned {got}, bytes; expected text: .decode() the output.")
        scene.check(isinstance(output, str), message, got=show(output))
        if command is ECHO_ARGS and output != expected:
            with contextlib.suppress(ValueError):
                message = _(
                    "The child received the arguments {got}; expected {want}, each exactly "
                    "as given. Pass them one by one, create_subprocess_exec(*command, ...), "
                    "with no shell and no joining into one string."
                )
                scene.fail(message, got=show(json.loads(output)), want=show(ARGS))
        message = _(
            "Called {call}. It returned {got}; expected {want}: the child's standard error, "
            "{warning}, was mixed into its output. Capture the standard output alone "
            "(stdout=PIPE) and leave stderr as it is, not stderr=asyncio.subprocess.STDOUT."
        )
        mixed = isinstance(output, str) and WARNING.strip() in output
        got, want, warning = show(output), show(expected), repr(WARNING)
        check(not mixed, message, call=call, got=got, want=want, warning=warning)
        marks = output.count("\ufffd") if isinstance(output, str) else 0
        letters = {char for char in expected if not char.isascii()}
        message = _(
            "Called {call}. It returned {got}, where {count} replacement mark(s) '\ufffd' stand "
            "among letters decoded right: {cut}"
        )
        cut = _(CUT_LETTER)
        pieces = marks and any(char in output for char in letters)
        check(not pieces, message, call=call, got=sized(output), count=marks, cut=cut)
        message = _(
            "Called {call}. It returned {got}; expected {want}: the child writes UTF-8, and only "
            "the letters that are not ASCII came out wrong. Decode with .decode(), whose "
            "codec is UTF-8, not 'ascii' or 'latin-1'."
        )
        garbled = (
            isinstance(output, str)
            and output != expected
            and ascii_only(output) == (ascii_only(expected))
        )
        check(not garbled, message, call=call, got=show(output), want=show(expected))
        message = _("Called {call}. It returned {got}; expected {want}, all the child wrote.")
        check(same(output, expected), message, call=call, got=sized(output), want=sized(expected))
        message = _(
            "It returned while the child was still running: its output had ended, but a child "
            "can close its output and go on working. Wait for it to exit before you return: "
            "communicate() reads the output and then waits for the exit."
        )
        scene.check(command is not LINGERER or not still_running, message)
    check_no_deadline(called("output_of(command)"), deadlines, "output_of")


# ---------------------------------------------------------------------------------------
# Task 2: communicate

SHOUT = child(  # UTF-8 on every pipe, whatever the locale; bytes that are not UTF-8 show as �
    "import sys",
    "data = sys.stdin.buffer.read().decode(errors='replace')",
    "sys.stderr.buffer.write(f'{len(data)} characters\\n'.encode())",
    "sys.stdout.buffer.write(data.upper().encode())",
    "sys.exit(3)",
)
# Reads all of stdin, then writes 300 kB to stderr before a word of its 300 kB of stdout.
FLOOD = child(
    "import sys",
    "data = sys.stdin.read()",
    "sys.stderr.write(data[::-1])",
    "sys.stderr.flush()",
    "sys.stdout.write(data.upper())",
)
BIG_TEXT = "abc\n" * 75_000
# Copies its input to both outputs as it reads it: once those pipes are full it stops reading.
# asyncio reads up to 128 KiB of each output into its own buffer unasked, and drain() lets 64
# KiB wait in its own: 1 MB of input is far more than the pipes and buffers hold.
ECHO_TEXT = "abc\n" * 250_000
ECHO = child(
    "import sys",
    "while chunk := sys.stdin.buffer.read1(65536):",
    "    sys.stdout.buffer.write(chunk.upper())",
    "    sys.stdout.buffer.flush()",
    "    sys.stderr.buffer.write(chunk)",
    "    sys.stderr.buffer.flush()",
)
QUIET_COPY = child("import sys", "sys.stdout.write(sys.stdin.read())")  # stderr stays ''
FILTERS = {  # a child, what its code does, the text sent (and how a message shows it), the
    # result expected, why filter_text could hang on it
    "capitals": (
        SHOUT,
        N_("code answering its input in capitals"),
        ("hello\nwörld\n", None),
        (3, "HELLO\nWÖRLD\n", "12 characters\n"),
        N_(
            "The child reads all its input, then answers: its standard input was never closed, "
            "so it waited for more. communicate(text.encode()) writes the input and closes it."
        ),
    ),
    "300 kB": (
        FLOOD,
        N_("code echoing its input on both outputs"),
        (BIG_TEXT, N_("300 kB of text")),
        (0, BIG_TEXT.upper(), BIG_TEXT[::-1]),
        N_(
            "The child writes 300 kB to stderr, then 300 kB to stdout, in a few milliseconds: a "
            "deadlock. A pipe holds about 64 kB; the child waits for someone to read its stderr "
            "while your code waits for something else (its exit, or the end of stdout). "
            "communicate() reads both outputs at once, and waits last."
        ),
    ),
    "1 MB as it reads": (
        ECHO,
        N_("code copying its input to both outputs as it reads it"),
        (ECHO_TEXT, N_("1 MB of text")),
        (0, ECHO_TEXT.upper(), ECHO_TEXT),
        N_(
            "The child answers each piece of its input as soon as it reads it, on stdout and on "
            "stderr: once those pipes are full (about 64 kB each), it waits for someone to read "
            "them and stops reading its input. Writing all 1 MB of input first (write() and "
            "drain() before reading anything) then waits forever. communicate(text.encode()) "
            "writes the input while it reads both outputs."
        ),
    ),
    "nothing on stderr": (
        QUIET_COPY,
        N_("code copying its input to stdout, writing nothing on stderr"),
        ("quiet\n", None),
        (0, "quiet\n", ""),
        N_("The child copies its input, then exits: communicate(text.encode()) closes it."),
    ),
}


@task(
    2,
    checks=("filter-text-sends-input", "filter-text-result", "filter-text-full-pipes"),
    realtime=True,
)
@pytest.mark.parametrize("case", FILTERS.values(), ids=FILTERS)
async def test_filter_text_sends_input_and_reads_both_outputs(topic, monkeypatch, case):
    """filter_text sends text to stdin; gives (returncode, stdout, stderr), 300 kB ones too."""
    deadlines = deadlines_set(monkeypatch, topic)
    command, program, (text, label), expected, why = case
    shown_text = f"<{_(label)}>" if label else repr(text)
    call = f"filter_text({shown(command, _(program))}, {shown_text})"
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        result = await within(
            spy, 2.0, topic.filter_text(command, text), slow(call, 2, why), pipes=ALL_PIPES
        )
        spy.expect_exec(call)
        message = _("It returned {got}; expected a tuple (returncode, stdout, stderr).")
        three = isinstance(result, tuple | list) and len(result) == 3
        scene.check(three, message, got=show(result))
        message = _(
            "It returned {got}, a {type}; expected a tuple: return returncode, stdout, stderr."
        )
        scene.check(type(result) is tuple, message, got=show(result), type=type(result).__name__)
        _returncode, stdout, stderr = result
        pairs = zip(result, expected, strict=True)
        nothing = any(got is None and want == "" for got, want in pairs)
        scene.check(not nothing, _(NOTHING_IS_EMPTY), got=sized(result), want=sized(expected))
        message = _(
            "The child read no input: pass stdin=asyncio.subprocess.PIPE and hand "
            "text.encode() to communicate()."
        )
        scene.check((stdout, stderr) != ("", "0 characters\n"), message)
        message = _(
            "It returned {got}: an output was not captured. Pass "
            "stdout=asyncio.subprocess.PIPE and stderr=asyncio.subprocess.PIPE."
        )
        scene.check(stdout is not None and stderr is not None, message, got=sized(result))
        message = _("It returned {got}; .decode() both outputs to text.")
        decoded = not isinstance(stdout, bytes) and not isinstance(stderr, bytes)
        scene.check(decoded, message, got=sized(result))
        message = _(
            "It returned {got}; expected {want}: only the letters that are not ASCII came out "
            "wrong. The child reads and writes UTF-8: send text.encode() and .decode() both "
            "outputs, whose codec is UTF-8."
        )
        garbled = isinstance(stdout, str) and stdout != expected[1]
        garbled = garbled and ascii_only(stdout) == ascii_only(expected[1])
        scene.check(not garbled, message, got=sized(result), want=sized(expected))
        message = _(
            "It returned {got}; expected {want}: the child's return code, then what it wrote "
            "to stdout, then to stderr."
        )
        scene.check(same(result, expected), message, got=sized(result), want=sized(expected))
    check_no_deadline(called("filter_text(command, text)"), deadlines, "filter_text")


# ---------------------------------------------------------------------------------------
# Task 3: line by line

PAUSE = 0.1  # seconds the child pauses after its first and after its third line
EXIT_AFTER = 0.5  # seconds the child lives on after closing its output
TALKER_LINES = [
    "first",
    "",
    "  third, indented, two spaces after  ",
    "last, año 5 €\u2028still the last line, no newline",  # U+2028: no line break in a stream
]
TALKER_HALVES = ("  third, indented,", " two spaces after  ")
TALKER = child(
    "import os",
    "import sys",
    "import time",
    "print('first', flush=True)",
    f"time.sleep({PAUSE})",
    "print('', flush=True)",
    f"sys.stdout.write({TALKER_HALVES[0]!r})",  # the third line in two pieces, a pause between
    "sys.stdout.flush()",
    f"time.sleep({PAUSE})",
    f"print({TALKER_HALVES[1]!r}, flush=True)",
    f"sys.stdout.buffer.write({TALKER_LINES[3].encode()!r})",  # UTF-8, whatever the locale
    "sys.stdout.flush()",
    "os.close(1)",  # the output ends well before the child does, so returncode
    f"time.sleep({EXIT_AFTER})",  # read when the output ends is None, however loaded
    "sys.exit(5)",
)


class EndlessLines(Exception):
    """Raised by the test's on_line when it is called far more often than lines exist."""


ENDER_LINE = "one line, its newline and all"
ENDER = child(  # warnings on stderr, one whole line on stdout, then it waits to be killed
    "import sys",
    "import time",
    *WARNINGS_ON_STDERR,
    f"print({ENDER_LINE!r}, flush=True)",
    "time.sleep(5)",
)


STDERR_UNREAD = N_(
    "The child writes 300 kB to stderr before its one line. A pipe holds about 64 kB: with "
    "stderr=PIPE and nobody reading it, the child waits for someone to read its stderr and "
    "never prints the line. Leave stderr as it is (pipe stdout alone), or read both."
)


async def expect_no_line_after_the_last(topic, spy, monkeypatch):
    """follow on ENDER: one on_line call for its one line. The test's on_line kills the child,
    so its output ends only after follow has read the last newline: a loop that asks
    ``at_eof()`` before that end has arrived reads the b'' of the end and passes it on."""
    lines = record()

    def on_line(line):
        lines.append(line)
        if len(lines) > 100:
            raise EndlessLines
        if spy.processes[-1].returncode is None:
            with contextlib.suppress(ProcessLookupError):
                spy.processes[-1].kill()  # the output ends now, after its last newline

    name_own_stderr(monkeypatch)
    program = _("code printing 300 kB of warnings on stderr, then one line on stdout")
    call = f"follow({shown(ENDER, program)}, on_line)"
    scene = called(call)
    with contextlib.suppress(EndlessLines):
        await within(spy, 3.0, topic.follow(ENDER, on_line), slow(call, 3, STDERR_UNREAD))
    values = {"got": show(lines[:5]), "want": show([ENDER_LINE])}
    message = _(
        "on_line got {got}; expected {want}: the child's standard error, {warning}, was mixed "
        "into its lines. Pipe the standard output alone (stdout=PIPE) and leave stderr as it "
        "is, not stderr=asyncio.subprocess.STDOUT."
    )
    scene.check(WARNING.rstrip("\n") not in lines, message, warning=show(WARNING), **values)
    message = _(
        "on_line got {got}; expected {want}: the output ended with a newline, and the b'' that "
        "readline() gives at the end of the output was passed on as one more line. Stop as "
        "soon as readline() returns b'' (or use `async for line in process.stdout`), before "
        "calling on_line; at_eof() is not yet true right after the last line."
    )
    scene.check(not same(lines, [ENDER_LINE, ""]), message, **values)
    message = _("on_line got {got}; expected {want}, one call for the child's one line.")
    scene.check(same(lines, [ENDER_LINE]), message, **values)


@task(
    3, checks=("follow-lines-as-printed", "follow-line-text", "follow-returns-code"), realtime=True
)
async def test_follow_hands_out_lines_while_the_child_runs(topic, monkeypatch):
    """follow(command, on_line) calls on_line for each line as soon as the child prints it."""
    deadlines = deadlines_set(monkeypatch, topic)
    seen = record()

    def on_line(line):
        seen.append((line, time.perf_counter()))
        if len(seen) > 100:
            raise EndlessLines

    program = _("code printing four lines in 0.2 s")
    call = f"follow({shown(TALKER, program)}, on_line)"
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        try:
            returncode = await spy.within(3.0, topic.follow(TALKER, on_line), slow(call, 3))
        except EndlessLines:
            message = _(
                "on_line was called over 100 times, for a child that prints 4 lines: your "
                "loop does not stop at the end of the output. readline() returns b'' there "
                "(and `async for` stops by itself)."
            )
            scene.fail(message)
        spy.expect_exec(call)
        lines = [line for line, _when in seen]
        shown_lines = {"got": show(lines), "want": show(TALKER_LINES)}
        message = _("on_line got {got}, bytes; expected text: .decode() each line.")
        all_bytes = lines and all(isinstance(line, bytes) for line in lines)
        scene.check(not all_bytes, message, got=show(lines[:1]))
        stripped = [line.rstrip("\n") if isinstance(line, str) else line for line in lines]
        message = _(
            "on_line got {got}; expected {want}: remove the newline at the end of each line."
        )
        scene.check(same(lines, TALKER_LINES) or stripped != TALKER_LINES, message, **shown_lines)
        message = _(
            "on_line got {got}; expected {want}: strip() also removed the spaces that begin "
            "the third line. Remove only the newline (removesuffix('\\n') or "
            "rstrip('\\n')); other whitespace is part of the line."
        )
        stripped_all = [line.strip() for line in TALKER_LINES]
        scene.check(same(lines, TALKER_LINES) or lines != stripped_all, message, **shown_lines)
        message = _(
            "on_line got {got}; expected {want}: rstrip() also removed the spaces that end "
            "the third line. Remove only the newline (removesuffix('\\n') or "
            "rstrip('\\n')); other whitespace is part of the line."
        )
        right_stripped = [line.rstrip() for line in TALKER_LINES]
        scene.check(same(lines, TALKER_LINES) or lines != right_stripped, message, **shown_lines)
        message = _(
            "on_line got {got}; expected {want}: the last line holds '\\u2028', which "
            "str.splitlines() takes for a line break; in the child's output only '\\n' ends a "
            "line. Remove only the newline (removesuffix('\\n') or rstrip('\\n'))."
        )
        cut = [line.splitlines()[0] if line else line for line in TALKER_LINES]
        scene.check(same(lines, TALKER_LINES) or lines != cut, message, **shown_lines)
        message = _(
            "on_line got {got}; expected {want}: the child wrote its third line in two pieces, "
            "with a pause between, and on_line got each piece as a line. A read gives whatever "
            "has arrived, not a line: readline() waits for the newline (or keep the pieces "
            "until it comes)."
        )
        split = any(half in lines for half in TALKER_HALVES)
        scene.check(same(lines, TALKER_LINES) or not split, message, **shown_lines)
        message = _(
            "on_line got {got}; expected {want}: only the letters that are not ASCII came out "
            "wrong. The child writes UTF-8: .decode() each line, whose codec is UTF-8, not "
            "'ascii' or 'latin-1'."
        )
        readable = [ascii_only(line) if isinstance(line, str) else line for line in lines]
        readable_want = [ascii_only(x) for x in TALKER_LINES]
        garbled = not same(lines, TALKER_LINES) and readable == readable_want
        scene.check(not garbled, message, **shown_lines)
        message = _(
            "on_line got {got}; expected {want}, one call per line, in order (an empty line "
            "is a line; the last one has no newline)."
        )
        scene.check(same(lines, TALKER_LINES), message, **shown_lines)
        spread = seen[-1][1] - seen[0][1]
        message = _(
            "The child printed 'first', then worked {pause} s before its last line, but "
            "on_line got all the lines within {spread} ms, once the child had finished. "
            "Read the output line by line while the child runs (`await "
            "process.stdout.readline()`, or `async for line in process.stdout`), instead "
            "of waiting for all of it."
        )
        scene.check(spread >= PAUSE, message, pause=f"{2 * PAUSE:g}", spread=f"{spread * 1000:.0f}")
        message = _(
            "The child exits with code 5, and it returned {got}; expected 5, from `await "
            "process.wait()`."
        )
        scene.check(returncode == 5, message, got=show(returncode))
        await expect_no_line_after_the_last(topic, spy, monkeypatch)
    check_no_deadline(called("follow(command, on_line)"), deadlines, "follow")


# A line of 60,000 characters: under the 64 KiB a line that a StreamReader holds by default,
# far over any smaller limit= of one's own.
LONG_LINE = "x" * 60_000
LONG_LINES = [LONG_LINE, "after"]
LONG_TALKER = child(f"print('x' * {len(LONG_LINE)})", "print('after')")
LINE_OVER_A_LIMIT = N_(
    "It raised ValueError: {error}. The child printed a line of {count} characters, under "
    "the 64 KiB a line that the reader of process.stdout holds by default; a smaller limit= "
    "passed to create_subprocess_exec refuses it. No function sets a limit its task does not "
    "give: leave the reader's own limit as it is."
)


@task(3, checks=("follow-lines-as-printed",), realtime=True)
async def test_follow_passes_on_a_long_line_whole(topic, monkeypatch):
    """follow on a child printing a line of 60,000 characters, then 'after': two lines."""
    lines = record()

    def on_line(line):
        lines.append(line)
        if len(lines) > 100:
            raise EndlessLines

    program = _("code printing a line of {count} characters, then 'after'").format(
        count=len(LONG_LINE)
    )
    call = f"follow({shown(LONG_TALKER, program)}, on_line)"
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        try:
            with contextlib.suppress(EndlessLines):
                await spy.within(3.0, topic.follow(LONG_TALKER, on_line), slow(call, 3))
        except ValueError as error:
            if "limit" not in str(error):
                raise
            scene.fail(_(LINE_OVER_A_LIMIT), error=error, count=len(LONG_LINE))
        message = _(
            "on_line got {got}; expected {want}: one call for the long line, whole, then one "
            "for 'after'."
        )
        got = [sized(line) for line in lines[:5]]
        want = [sized(line) for line in LONG_LINES]
        scene.check(same(lines, LONG_LINES), message, got=", ".join(got), want=", ".join(want))


# ---------------------------------------------------------------------------------------
# Task 4: a limit on the children running at once


def expect_commands_kept(call, given, commands):
    """Fail when run_all changed ``given``, the copy of ``commands`` it was passed."""
    message = _(
        "Called {call}. Afterwards the list of commands passed to it had changed ({before} "
        "command(s) before, {after} after): run_all must leave its caller's list as it is. Go "
        "through it (or a copy, list(commands)) instead of taking commands out of it."
    )
    check(given == commands, message, call=call, before=len(commands), after=len(given))


# Sleeps, prints, then closes its output 0.2 s before it exits: a slot given back when the
# output ends, not when the child does, lets a fourth child start beside the three.
JOB = child(
    "import os",
    "import sys",
    "import time",
    "time.sleep(float(sys.argv[1]))",
    "print(sys.argv[2], flush=True)",
    "os.close(1)",
    "time.sleep(0.2)",
)
JOB_SECONDS = [0.3, 0.1, 0.2, 0.1, 0.2, 0.1]
LIMIT = 3


@task(
    4, checks=("run-all-cap", "run-all-next-as-one-ends", "run-all-outputs-in-order"), realtime=True
)
async def test_run_all_caps_the_children_and_keeps_order(topic, monkeypatch):
    """run_all(six commands, 3): at most 3 at once, the next as one ends, outputs in order."""
    deadlines = deadlines_set(monkeypatch, topic)
    commands = [[*JOB, str(seconds), f"job{n}"] for n, seconds in enumerate(JOB_SECONDS)]
    call = _("run_all(commands, {limit}) with six children that take {seconds} s").format(
        limit=LIMIT, seconds=", ".join(f"{s:g}" for s in JOB_SECONDS)
    )
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        given = [list(command) for command in commands]
        with stopwatch() as watch:
            outputs = await spy.within(4.0, topic.run_all(given, LIMIT), slow(call, 4))
        expect_commands_kept(call, given, commands)
        spy.expect_exec(call)
        expect_in_input_order(outputs, [f"job{n}\n" for n in range(len(commands))], call=call)
        message = _(
            "{peak} children ran at the same time; expected at most {limit}. The limit did "
            "not hold: share one asyncio.Semaphore({limit}) between all the commands (one "
            "made per command limits nothing), and hold it from the start of a child to its "
            "end."
        )
        scene.check(spy.peak <= LIMIT, message, peak=spy.peak, limit=LIMIT)
        message = _(
            "The most children running at a time was {peak}; expected {limit} at once: run "
            "the commands concurrently, under the limit."
        )
        scene.check(spy.peak == LIMIT, message, peak=spy.peak, limit=LIMIT)
        message = _(
            "The fourth child started only when all of the first three had finished: they "
            "ran in batches. Start the next command as soon as any one ends, so that 3 keep "
            "running (a shared asyncio.Semaphore does this)."
        )
        scene.check(len(spy.others_at_start) <= LIMIT or spy.others_at_start[LIMIT] > 0, message)
        # Against the children's own lifetimes (start-up included), so that a slow machine
        # slows the bound down too: one after another takes their sum; 3 at a time, 40%.
        await asyncio.wait(spy.waiters, timeout=1.0)
        one_by_one = sum(spy.lifetimes)
        expect_duration(
            watch.elapsed,
            at_least=max(JOB_SECONDS),
            under=0.75 * one_by_one,
            call=call,
            expected=_(
                "well under {seconds} s, the time the six children took in all (start-up "
                "included): 3 at a time, in about two rounds of 0.2 s."
            ).format(seconds=f"{one_by_one:.2f}"),
            clock_name="real time",
        )
    check_no_deadline(called("run_all(commands, limit)"), deadlines, "run_all")


# A child that sleeps argv[1] seconds, then prints argv[2]: one slow one first, then three
# quick ones. As soon as a quick one ends, the fourth starts, long before the slow one ends;
# batches, or a fixed share of the commands for each worker (commands i, i + limit, ...),
# make the fourth wait for the slow one.
NAP = child("import sys", "import time", "time.sleep(float(sys.argv[1]))", "print(sys.argv[2])")
UNEVEN_SECONDS = [0.5, 0.05, 0.05, 0.05]
LATE_START = N_(
    "{last} started at {start} s, only once {slow} had ended at {end} s, though {quick} had "
    "ended at {freed} s: a slot stayed free while the slow child ran, and it took {took} s in "
    "all. Start the next command as soon as any running one finishes, not in batches nor in a "
    "fixed share for each worker (commands i, i + limit, ...), which waits for the slow one: "
    "share one asyncio.Semaphore(limit) between all the commands, or let workers take the next "
    "command from one queue."
)


def lifetimes_drawn(monkeypatch, topic, timeline):
    """Draw every child the learner's code starts from now on as a span on ``timeline``, from
    its start until it has ended and been reaped, named by its last two arguments (a NAP's
    name and seconds)."""
    spying = asyncio.create_subprocess_exec  # the spy of children_watched

    async def lifetime(process, label):
        async with timeline.span(label):
            await process.wait()

    async def drawn(*args, **kwargs):
        process = await spying(*args, **kwargs)
        named = len(args) >= 2 and all(isinstance(arg, str) for arg in args[-2:])
        label = f"{args[-1]} ({args[-2]} s)" if named else "?"
        own_task(lifetime(process, label))
        return process

    drawn.__name__ = spying.__name__
    for owner in (asyncio, asyncio.subprocess):
        monkeypatch.setattr(owner, "create_subprocess_exec", drawn)
    for attribute, value in list(vars(topic.module).items()):
        if value is spying:
            monkeypatch.setattr(topic.module, attribute, drawn)


@task(4, checks=("run-all-next-as-one-ends",), realtime=True)
async def test_run_all_starts_the_next_as_soon_as_any_one_ends(topic, monkeypatch):
    """run_all(four commands, 3), the first one slow: the fourth starts as a quick one ends."""
    commands = [[*NAP, f"{seconds:g}", f"job{n}"] for n, seconds in enumerate(UNEVEN_SECONDS)]
    call = _("run_all(commands, {limit}) with four children that take {seconds} s").format(
        limit=LIMIT, seconds=", ".join(f"{s:g}" for s in UNEVEN_SECONDS)
    )
    timeline = Timeline()
    scene = called(call, timeline)
    async with watched(monkeypatch, topic) as spy:
        lifetimes_drawn(monkeypatch, topic, timeline)
        timeline.start_clock()
        with stopwatch() as watch:
            outputs = await spy.within(4.0, topic.run_all(list(commands), LIMIT), slow(call, 4))
        spy.expect_exec(call)
        expect_in_input_order(outputs, [f"job{n}\n" for n in range(len(commands))], call=call)
        loop = asyncio.get_running_loop()
        patience = loop.time() + 1.0
        while any(span.end is None for span in timeline.spans) and loop.time() < patience:
            await asyncio.sleep(0.01)
        spans = [span for span in timeline.spans if span.end is not None]
        slowest = next((span for span in spans if span.label.startswith("job0 ")), None)
        quick = [span for span in spans if span is not slowest]
        if slowest is None or not quick:
            return
        last = max(spans, key=lambda span: span.start)
        freed = min(quick, key=lambda span: span.end)
        origin = timeline.origin
        values = {
            "last": last.label,
            "start": f"{last.start - origin:.2f}",
            "slow": slowest.label,
            "end": f"{slowest.end - origin:.2f}",
            "quick": freed.label,
            "freed": f"{freed.end - origin:.2f}",
            "took": f"{watch.elapsed:.2f}",
        }
        on_time = last is slowest or last.start < slowest.end
        scene.check(on_time, _(LATE_START), draw=True, **values)


@task(4, checks=("run-all-cap", "run-all-outputs-in-order"), realtime=True)
async def test_run_all_holds_a_limit_of_two(topic, monkeypatch):
    """run_all(three commands, 2): two children at once, never three."""
    commands = [[*JOB, "0", f"job{n}"] for n in range(3)]
    call = _("run_all(commands, 2) with three children that print at once and live 0.2 s")
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        given = [list(command) for command in commands]
        outputs = await spy.within(4.0, topic.run_all(given, 2), slow(call, 4))
        expect_commands_kept(call, given, commands)
        spy.expect_exec(call)
        expect_in_input_order(outputs, [f"job{n}\n" for n in range(len(commands))], call=call)
        message = _(
            "{peak} children ran at the same time; expected at most {limit}, the limit given "
            "this time: use the parameter, asyncio.Semaphore(limit), not the example's 3 nor "
            "any fixed number, and share that one semaphore between all the commands."
        )
        scene.check(spy.peak <= 2, message, peak=spy.peak, limit=2)
        message = _(
            "The most children running at a time was {peak}; expected {limit} at once: run "
            "the commands concurrently, under the limit."
        )
        scene.check(spy.peak == 2, message, peak=spy.peak, limit=2)


WIDE_LIMIT = 20  # a limit as large as the commands: all at once, and more than a cap's guess
# A child that waits until the file argv[1] exists (5 s at most), then prints argv[2], if any.
GATE_CODE = """
import os, sys, time
deadline = time.monotonic() + 5
while not os.path.exists(sys.argv[1]) and time.monotonic() < deadline:
    time.sleep(0.01)
sys.stdout.write("".join(word + "\\n" for word in sys.argv[2:]))
"""
GATED = child(GATE_CODE)


async def open_when_all_run(spy, gate, count, patience=3.0):
    """Make the file ``gate`` once ``count`` children run at once, or after ``patience`` s."""
    deadline = asyncio.get_running_loop().time() + patience
    while spy.peak < count and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)
    gate.touch()


@task(4, checks=("run-all-cap", "run-all-outputs-in-order"), realtime=True)
async def test_run_all_runs_a_crowd_at_once_under_a_limit_as_large(topic, monkeypatch):
    """run_all(20 commands, 20): all twenty at once; the four that print nothing give ''."""
    with tempfile.TemporaryDirectory() as folder:
        await run_a_gated_crowd(topic, monkeypatch, Path(folder) / "gate")


async def run_a_gated_crowd(topic, monkeypatch, gate):
    """run_all on WIDE_LIMIT children held at ``gate`` until all of them run."""
    commands = [
        [*GATED, str(gate)] if n % 5 == 0 else [*GATED, str(gate), f"job{n}"]
        for n in range(WIDE_LIMIT)
    ]
    expected = ["" if n % 5 == 0 else f"job{n}\n" for n in range(WIDE_LIMIT)]
    call = _(
        "run_all(commands, {limit}) with {limit} children that each wait until all of them "
        "run (5 s at most); every fifth prints nothing"
    ).format(limit=WIDE_LIMIT)
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        opening = asyncio.create_task(open_when_all_run(spy, gate, WIDE_LIMIT))
        try:
            given = [list(command) for command in commands]
            outputs = await spy.within(8.0, topic.run_all(given, WIDE_LIMIT), slow(call, 8))
        finally:
            await stop_tasks([opening])
        expect_in_input_order(outputs, expected, call=call)
        message = _(
            "The most children running at a time was {peak}; expected all {limit} at once, "
            "the limit given: use asyncio.Semaphore(limit), with no smaller limit of your own "
            "(no fixed number, no CPU count)."
        )
        scene.check(spy.peak == WIDE_LIMIT, message, peak=spy.peak, limit=WIDE_LIMIT)


PAIR_LIMIT = 2  # each of two run_all calls at once: 2 children of its own, 4 in all


@task(4, checks=("run-all-next-as-one-ends",), realtime=True)
async def test_two_run_alls_at_once_have_a_limit_each(topic, monkeypatch):
    """Two run_all(three commands, 2) at once: 2 children each, 4 at once in all."""
    with tempfile.TemporaryDirectory() as folder:
        await run_two_gated_pairs(topic, monkeypatch, Path(folder) / "gate")


async def run_two_gated_pairs(topic, monkeypatch, gate):
    """Two run_all calls at once, each on three children held at ``gate`` until 4 run."""
    both = 2 * PAIR_LIMIT
    batches = [[[*GATED, str(gate), f"{side}{n}"] for n in range(3)] for side in "ab"]
    expected = [[f"{side}{n}\n" for n in range(3)] for side in "ab"]
    call = _(
        "two run_all(commands, {limit}) at once, three children each, that wait until {both} "
        "children run (5 s at most)"
    ).format(limit=PAIR_LIMIT, both=both)
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        opening = asyncio.create_task(open_when_all_run(spy, gate, both))
        try:
            calls = asyncio.gather(*(topic.run_all(list(batch), PAIR_LIMIT) for batch in batches))
            outputs = await spy.within(8.0, calls, slow(call, 8))
        finally:
            await stop_tasks([opening])
        message = _("Called {call}. They returned {got}; expected {want}.")
        check(same(outputs, expected), message, call=call, got=show(outputs), want=show(expected))
        message = _(
            "The most children running at a time was {peak}; expected {both}, {limit} for each "
            "call: two calls at once are capped separately, each by its own limit. Make the "
            "semaphore inside run_all, a new one for each call, not one the module keeps or "
            "shares between calls."
        )
        scene.check(spy.peak >= both, message, peak=spy.peak, both=both, limit=PAIR_LIMIT)
        message = _(
            "{peak} children ran at the same time; expected at most {both}, {limit} for each "
            "call: hold one asyncio.Semaphore(limit) per call from the start of a child to its "
            "end."
        )
        scene.check(spy.peak <= both, message, peak=spy.peak, both=both, limit=PAIR_LIMIT)


RUN_ALLS = {  # the commands, what run_all returns, how a message shows the call, why it could hang
    "nothing": ([], [], "run_all([], 2)", N_("There is no command to run.")),
    "1 MB": (
        [BIG, [*JOB, "0", "small"], BIG],
        [BIG_OUTPUT, "small\n", BIG_OUTPUT],
        N_(
            "run_all([<a child writing 1 MB>, <a child printing small>, <a child writing 1 MB>], 2)"
        ),
        PIPE_DEADLOCK,
    ),
}


@task(4, checks=("run-all-outputs-in-order",), realtime=True)
@pytest.mark.parametrize("case", RUN_ALLS.values(), ids=RUN_ALLS)
async def test_run_all_returns_every_output(topic, monkeypatch, case):
    """run_all returns every output, 1 MB ones too, as a list ([] for no command)."""
    commands, expected, call, why = case
    call = _(call)
    async with watched(monkeypatch, topic) as spy:
        given = [list(command) for command in commands]
        with over_the_line_limit(call):
            outputs = await within(spy, 3.0, topic.run_all(given, 2), slow(call, 3, why))
        expect_commands_kept(call, given, commands)
        message = _("Called {call}. It returned {got}; expected {want}, all the children wrote.")
        check(same(outputs, expected), message, call=call, got=sized(outputs), want=sized(expected))


# ---------------------------------------------------------------------------------------
# Task 5: kill on timeout

# Ignores SIGTERM, as a child busy with cleanup may: terminate() does not end it, kill() does.
SLEEPER = child(
    "import signal",
    "import time",
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)",
    "print('started', flush=True)",
    "time.sleep(10)",
)
SLEEPING = N_("code running for 10 s, ignoring SIGTERM")


NEVER_LIMITED = N_(
    "The child runs for 10 s and ignores SIGTERM. Either the {seconds} s limit was never "
    "applied (wrap the waiting in `async with asyncio.timeout(seconds):`), or the child was "
    "asked to end with terminate(), which it may ignore, and then waited for: end it with "
    "kill(), which no child can ignore."
)
# The limit, how long the call may take before it counts as hung, and before it is too slow:
# a limit fixed in the code, whatever seconds says, ends too early in one case or too late
# in the other.
KILL_CASES = {"0.2 s": (0.2, 2.0, 1.0), "1 s": (1.0, 3.0, 2.5)}


@task(5, checks=("run-with-timeout-kills-and-raises",), realtime=True)
@pytest.mark.parametrize(("seconds", "hung", "under"), KILL_CASES.values(), ids=KILL_CASES)
async def test_run_with_timeout_kills_and_reaps(topic, monkeypatch, seconds, hung, under):
    """run_with_timeout(a 10 s child, s) raises TimeoutError after s seconds (0.2, 1); reaped."""
    deadlines = deadlines_set(monkeypatch, topic, within_the_limit(seconds))
    call = f"run_with_timeout({shown(SLEEPER, _(SLEEPING))}, {seconds:g})"
    never_limited = _(NEVER_LIMITED).format(seconds=f"{seconds:g}")
    async with watched(monkeypatch, topic) as spy:
        with stopwatch() as watch:
            try:
                outcome = await spy.within(
                    hung, topic.run_with_timeout(SLEEPER, seconds), slow(call, hung, never_limited)
                )
            except TimeoutError as error:
                outcome = error
        spy.expect_exec(call)
        left = await fate(spy.processes[0])
        also = " " + _("Also, {left}").format(left=left) if left else ""
        message = _(
            "The child runs for 10 s, and it returned {got}; expected it to raise "
            "TimeoutError (after killing the child).{also}"
        )
        called(call).check(isinstance(outcome, TimeoutError), message, got=show(outcome), also=also)
        message = _(
            "It raised TimeoutError after {took} s, before the {seconds} s it was given: the "
            "limit is the seconds argument, not a number fixed in your code."
        )
        took, limit = f"{watch.elapsed:.2f}", f"{seconds:g}"
        called(call).check(watch.elapsed >= seconds, message, took=took, seconds=limit)
        expect_duration(
            watch.elapsed,
            at_least=seconds,
            under=under,
            call=call,
            expected=_("{seconds} s, the seconds it was given, then the child is killed.").format(
                seconds=f"{seconds:g}"
            ),
            clock_name="real time",
        )
        called(call).check(left is None, _("When it raised TimeoutError, {left}"), left=left)
    check_no_deadline(
        called(f"run_with_timeout(command, {seconds:g})"),
        deadlines,
        "run_with_timeout",
        NO_OTHER_DEADLINE,
    )


QUICK_ONES = {  # a child, what its code does, all it writes, the limit, how long it may take,
    # why run_with_timeout could time out on it
    "quick": (child("print('done')"), N_("code printing done"), "done\n", 3.0, 1.5, QUICK),
    "1 MB": (BIG, N_("code writing 1 MB to stdout"), BIG_OUTPUT, 2.0, 2.0, PIPE_DEADLOCK),
}


@task(5, checks=("run-with-timeout-returns-the-output",), realtime=True)
@pytest.mark.parametrize("case", QUICK_ONES.values(), ids=QUICK_ONES)
async def test_run_with_timeout_lets_a_quick_child_finish(topic, monkeypatch, case):
    """run_with_timeout returns a quick child's whole output (1 MB too) as soon as it is done."""
    command, program, expected, limit, under, why = case
    call = f"run_with_timeout({shown(command, _(program))}, {limit})"
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        with stopwatch() as watch:
            try:
                output = await within(
                    spy, 3.5, topic.run_with_timeout(command, limit), slow(call, 3.5, why)
                )
            except TimeoutError:
                scene.fail(_("It raised TimeoutError. {why}"), why=_(why))
            except ProcessLookupError:
                message = _(
                    "It raised ProcessLookupError: it called kill() on the child after the "
                    "child had finished and been reaped. Kill only a child still running "
                    "(process.returncode is None), or suppress ProcessLookupError around kill()."
                )
                scene.fail(message)
        spy.expect_exec(call)
        message = _("It returned {got}; expected {want}, all the child wrote.")
        scene.check(same(output, expected), message, got=sized(output), want=sized(expected))
        expect_duration(
            watch.elapsed,
            at_least=0.0,
            under=under,
            call=call,
            expected=_(
                "a few milliseconds: return as soon as the child is done; {limit} s is only the "
                "most it may take."
            ).format(limit=f"{limit:g}"),
            clock_name="real time",
        )
        message = _(
            "The child ended with the return code {got}; expected 0: a child that finishes "
            "in time must be left to finish, not killed."
        )
        ended = spy.processes[0].returncode
        scene.check(ended == 0, message, got=show(ended))


@task(5, checks=("run-with-timeout-cancelled-cleans-up",), realtime=True)
async def test_run_with_timeout_cancelled_kills_the_child(topic, monkeypatch):
    """Cancelling run_with_timeout(a 10 s child, 5.0) kills and reaps the child too."""
    call = f"run_with_timeout({shown(SLEEPER, _(SLEEPING))}, 5.0)"
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        running = asyncio.create_task(topic.run_with_timeout(SLEEPER, 5.0))
        try:
            async with asyncio.timeout(2.0):
                while not spy.processes and not running.done():
                    await asyncio.sleep(0.005)
            await asyncio.sleep(0.05)
            if running.done():
                running.result()  # raises what it raised ("not done yet" included)
                scene.fail(_("It returned at once, with a child that runs for 10 s."))
            spy.expect_exec(call)
            running.cancel()
            outcome = None
            try:
                async with asyncio.timeout(2.0):
                    outcome = await running
            except asyncio.CancelledError:
                outcome = "cancelled"
            except TimeoutError:
                scene.fail(
                    _(
                        "Cancelled while the child ran, it was still running 2 s later. The "
                        "child ignores SIGTERM: end it with kill(), not terminate()."
                    )
                )
        finally:
            if not running.done():
                running.cancel()
                with contextlib.suppress(BaseException):
                    await running
        left = await fate(spy.processes[0])
        also = " " + _("Also, {left}").format(left=left) if left else ""
        message = _(
            "Cancelled while the child ran, it returned {got}; expected the CancelledError "
            "to go on after the cleanup: do not swallow it.{also}"
        )
        scene.check(outcome == "cancelled", message, got=show(outcome), also=also)
        scene.check(left is None, _("Cancelled while the child ran. Then {left}"), left=left)


# ---------------------------------------------------------------------------------------
# Every task: cancelled by its caller (the course's CANCELLED rule)


# A child that runs a second: long enough to be waited for when the call is cancelled, short
# enough that a clean-up which waits for it to end is not taken for a call that went on.
NAPPER = child("import time", "time.sleep(1)")
NAPPING = N_("code running for 1 s")


async def cancelled_while_the_child_runs(topic, monkeypatch, call, running):
    """Cancel ``running`` (``call``, whose child runs 1 s) once its child has started (0.3 s
    at the latest): it ends cancelled, within 3 s."""
    async with watched(monkeypatch, topic) as spy:
        scene = called(call)
        await check_cancelled_while_waiting(scene, running, 0.3, 3.0, lambda: spy.processes)


@task(1, checks=("cancelled", "left-running"), realtime=True)
async def test_output_of_cancelled_while_the_child_runs_ends_cancelled(topic, monkeypatch):
    """output_of(a 1 s child) cancelled once the child runs ends cancelled."""
    call = _("output_of({command}) as a task").format(command=shown(NAPPER, _(NAPPING)))
    await cancelled_while_the_child_runs(topic, monkeypatch, call, topic.output_of(NAPPER))


@task(3, checks=("cancelled", "left-running"), realtime=True)
async def test_follow_cancelled_while_the_child_runs_ends_cancelled(topic, monkeypatch):
    """follow(a 1 s child, on_line) cancelled once the child runs ends cancelled."""
    call = _("follow({command}, on_line) as a task").format(command=shown(NAPPER, _(NAPPING)))
    running = topic.follow(NAPPER, lambda line: None)
    await cancelled_while_the_child_runs(topic, monkeypatch, call, running)


@task(2, checks=("cancelled", "left-running"), realtime=True)
async def test_filter_text_cancelled_while_the_child_runs_ends_cancelled(topic, monkeypatch):
    """filter_text(a 1 s child, 'hi') cancelled once the child runs ends cancelled."""
    command = shown(NAPPER, _(NAPPING))
    call = _("filter_text({command}, 'hi') as a task").format(command=command)
    running = topic.filter_text(NAPPER, "hi")
    await cancelled_while_the_child_runs(topic, monkeypatch, call, running)


@task(4, checks=("cancelled", "left-running"), realtime=True)
async def test_run_all_cancelled_while_the_children_run_ends_cancelled(topic, monkeypatch):
    """run_all([a 1 s child] * 2, 2) cancelled once the children run ends cancelled."""
    command = shown(NAPPER, _(NAPPING))
    call = _("run_all([{command}] * 2, 2) as a task").format(command=command)
    running = topic.run_all([NAPPER, NAPPER], 2)
    await cancelled_while_the_child_runs(topic, monkeypatch, call, running)


# ---------------------------------------------------------------------------------------
# Every task: cancelled while its children run, the call kills and reaps them (the
# statement: "make sure it ends and is waited for, also when your function is cancelled").
# The children are SLEEPER: 10 s long and deaf to SIGTERM, so only kill() ends them soon.

CLEAN_UP_ON_CANCEL = N_(
    "asyncio.CancelledError is not an Exception: a clean-up under `except Exception` does not "
    "run on it; a `finally` (or `except BaseException`, then raise) does. And the clean-up must "
    "run to its end: a second cancel() while it awaits `process.wait()` cuts it short (cancel "
    "each task once, then await them all)."
)
CHILD_LEFT = N_("Cancelled while the child ran, it ended, but then {left} {clean_up}")
CHILDREN_LEFT = N_(
    "Cancelled while its {count} children ran, it ended, but {left_count} of them had not been "
    "killed and reaped; the first: {left} {clean_up}"
)
RETURNED_AT_ONCE = N_("It returned at once, with {count} children that run for 10 s.")
CHILDREN_ENDED_ONE_BY_ONE = N_(
    "Cancelled while its {count} children ran, it ended before every child had been reaped. "
    "The children were killed together, but their ends reached asyncio one after the other "
    "(the test held the second one back until the first child's clean-up was done, as a busy "
    "machine may): when run_all ended, the second child (pid {pid}) had been killed, but its "
    "returncode was still None: the `await process.wait()` of its clean-up had not returned. "
    "asyncio.gather(), cancelled, raises CancelledError as soon as its first task ends "
    "cancelled, without waiting for the others; cancelling those again then cuts their "
    "`await process.wait()` short. End run_all only once every task has ended, its clean-up "
    "done: a TaskGroup waits for all of them."
)
HOLD_TURNS = 50  # turns of the loop a held child's end waits once the first child is reaped
HOLD_PATIENCE = 1.5  # seconds of real time at most that a child's end is held back


class EndsHeld:
    """Hold back from asyncio the end of each of ``processes`` (killed children) until
    ``first_reaped`` is done and the loop has run HOLD_TURNS more turns, HOLD_PATIENCE seconds
    at most: children killed together then end one after the other, as they may on a busy
    machine, every time. A call whose cancellation goes on once the first child's clean-up is
    done (asyncio.gather) has ended by then, the held child unreaped; one that waits for
    every clean-up ends a moment later."""

    def __init__(self, processes, first_reaped: asyncio.Future):
        self.loop = asyncio.get_running_loop()
        self.transports = record()
        self.transports.extend(process._transport for process in processes)
        self.held = record()  # (deliver, returncode): the ends that came while held back
        self.released = False
        for transport in self.transports:
            transport._process_exited = self._holding(transport._process_exited)
        first_reaped.add_done_callback(lambda _done: self._release_after(HOLD_TURNS))
        self.timer = self.loop.call_later(HOLD_PATIENCE, self.release)

    def _holding(self, deliver):
        def process_exited(returncode):
            if self.released:
                deliver(returncode)
            else:
                self.held.append((deliver, returncode))

        return process_exited

    def _release_after(self, turns: int) -> None:
        if self.released:
            return
        if turns:
            self.loop.call_soon(self._release_after, turns - 1)
        else:
            self.release()

    def release(self) -> None:
        """Hand asyncio every end held back, and hold back no more."""
        if self.released:
            return
        self.released = True
        self.timer.cancel()
        for transport in self.transports:
            with contextlib.suppress(AttributeError):
                del transport._process_exited  # asyncio's own method again
        held = list(self.held)
        self.held.clear()
        for deliver, returncode in held:
            deliver(returncode)


async def children_reaped_when_cancelled(topic, monkeypatch, call, calling, count=1):
    """Run ``calling()`` (``call``, whose ``count`` children are SLEEPERs) as a task, cancel it
    once they all run, and fail unless, when it has ended, every child has ended and been
    reaped. With several children, the ends of all but the first are held back until the
    first one is reaped (:class:`EndsHeld`)."""
    scene = called(call)
    held = None
    async with watched(monkeypatch, topic) as spy:
        try:
            running = asyncio.ensure_future(calling())
            try:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(3.0):
                        while len(spy.processes) < count and not running.done():
                            await asyncio.sleep(0.005)
                await asyncio.sleep(0.1)  # the children print 'started'; the call waits on
                if running.done():
                    running.result()  # raises what it raised
                    if count == 1:
                        scene.fail(_("It returned at once, with a child that runs for 10 s."))
                    scene.fail(_(RETURNED_AT_ONCE), count=count)
                spy.expect_exec(call)
                if len(spy.processes) > 1:
                    held = EndsHeld(spy.processes[1:], spy.waiters[0])
                running.cancel()
                await asyncio.wait({running}, timeout=2.0)
                if not running.done():
                    scene.fail(
                        _(
                            "Cancelled while the child ran, it was still running 2 s later. The "
                            "child ignores SIGTERM: end it with kill(), not terminate()."
                        )
                    )
                if not running.cancelled():
                    running.exception()  # retrieved: whether it ends cancelled is checked elsewhere
            finally:
                if not running.done():
                    for process in spy.running():  # what the call may wait for: its end comes now
                        with contextlib.suppress(ProcessLookupError):
                            process.kill()
                    running.cancel()
                    with contextlib.suppress(BaseException):
                        async with asyncio.timeout(2.0):
                            await running
            fates = [await fate(process) for process in spy.processes]
            left = [found for found in fates if found]
            if held is not None and left and not fates[0]:  # the first reaped, a held one not
                pairs = zip(spy.processes, fates, strict=True)
                ended = [process for process, found in pairs if found and has_ended(process.pid)]
                if ended:
                    scene.fail(_(CHILDREN_ENDED_ONE_BY_ONE), count=count, pid=ended[0].pid)
            clean_up = _(CLEAN_UP_ON_CANCEL)
            if left and count == 1:
                scene.fail(_(CHILD_LEFT), left=left[0], clean_up=clean_up)
            if left:
                values = {"count": count, "left_count": len(left), "left": left[0]}
                scene.fail(_(CHILDREN_LEFT), clean_up=clean_up, **values)
        finally:
            if held is not None:
                held.release()  # once fate() has looked: the ends held back go to asyncio


@task(1, checks=("output-of-cancelled-cleans-up",), realtime=True)
async def test_output_of_cancelled_kills_and_reaps_the_child(topic, monkeypatch):
    """output_of(a 10 s child) cancelled while the child runs kills and reaps the child."""
    call = _("output_of({command}) as a task").format(command=shown(SLEEPER, _(SLEEPING)))
    await children_reaped_when_cancelled(topic, monkeypatch, call, lambda: topic.output_of(SLEEPER))


@task(2, checks=("filter-text-cancelled-cleans-up",), realtime=True)
async def test_filter_text_cancelled_kills_and_reaps_the_child(topic, monkeypatch):
    """filter_text(a 10 s child, 'hi') cancelled while the child runs kills and reaps it."""
    command = shown(SLEEPER, _(SLEEPING))
    call = _("filter_text({command}, 'hi') as a task").format(command=command)
    await children_reaped_when_cancelled(
        topic, monkeypatch, call, lambda: topic.filter_text(SLEEPER, "hi")
    )


@task(3, checks=("follow-cancelled-cleans-up",), realtime=True)
async def test_follow_cancelled_kills_and_reaps_the_child(topic, monkeypatch):
    """follow(a 10 s child, on_line) cancelled while it reads the lines kills and reaps it."""
    call = _("follow({command}, on_line) as a task").format(command=shown(SLEEPER, _(SLEEPING)))
    await children_reaped_when_cancelled(
        topic, monkeypatch, call, lambda: topic.follow(SLEEPER, lambda line: None)
    )


@task(4, checks=("run-all-cancelled-cleans-up",), realtime=True)
async def test_run_all_cancelled_kills_and_reaps_the_children(topic, monkeypatch):
    """run_all([a 10 s child] * 2, 2) cancelled while the children run kills and reaps them."""
    command = shown(SLEEPER, _(SLEEPING))
    call = _("run_all([{command}] * 2, 2) as a task").format(command=command)
    await children_reaped_when_cancelled(
        topic, monkeypatch, call, lambda: topic.run_all([SLEEPER, SLEEPER], 2), count=2
    )


# ---------------------------------------------------------------------------------------
# Task 3: on_line raises while the child runs (the statement: "Whatever you start, make
# sure it ends and is waited for").


class LineRefused(Exception):
    """Raised by the test's on_line on the child's first line."""


ON_LINE_RAISED = N_(
    "on_line raised LineRefused on the child's first line, while the child (10 s long) still "
    "ran: kill and reap the child, then let the error go on, instead of reading on or waiting "
    "for the child to end by itself."
)
ERROR_CLEAN_UP = N_(
    "A clean-up under `except asyncio.CancelledError` alone does not run on an error from "
    "on_line; a `finally` runs on both."
)


@task(3, checks=("follow-on-line-error-cleans-up",), realtime=True)
async def test_follow_kills_and_reaps_the_child_when_on_line_raises(topic, monkeypatch):
    """follow(a 10 s child, on_line) whose on_line raises: the error goes on, the child reaped."""
    refused = LineRefused("refused")
    lines = record()

    def on_line(line):
        lines.append(line)
        raise refused

    call = f"follow({shown(SLEEPER, _(SLEEPING))}, on_line)"
    scene = called(call)
    async with watched(monkeypatch, topic) as spy:
        try:
            outcome = await within(
                spy, 3.0, topic.follow(SLEEPER, on_line), slow(call, 3, ON_LINE_RAISED)
            )
        except LineRefused as error:
            outcome = error
        spy.expect_exec(call)
        message = _(
            "It returned {got} without calling on_line; expected a call for the child's first "
            "line, {line}."
        )
        scene.check(bool(lines), message, got=show(outcome), line=show("started"))
        left = await fate(spy.processes[0])
        also = " " + _("Also, {left}").format(left=left) if left else ""
        message = _(
            "on_line raised {error} on the child's first line, and it returned {got}; expected "
            "the error to go on, once the child is killed and reaped.{also}"
        )
        error = show(refused)
        scene.check(outcome is refused, message, error=error, got=show(outcome), also=also)
        message = _(
            "on_line raised {error} on the child's first line, while the child still ran; the "
            "error went on, but {left} {clean_up}"
        )
        scene.check(left is None, message, error=error, left=left, clean_up=_(ERROR_CLEAN_UP))


# ---------------------------------------------------------------------------------------
# Task 4: children that end together (the statement: "Start the next command as soon as
# any running one finishes"). Each child waits at a gate of its own (GATED); the test opens
# the gates of all the children running, and holds the loop until they have all ended: the
# learner's code sees them end at once, and must start as many commands as ended.

ROUNDS = 3  # rounds of LIMIT children each
ALL_ENDED_PATIENCE = 2.0  # seconds the test holds the loop, at most, for a round to end
REFILL_PATIENCE = 2.0  # seconds for the next round to start, at most
FEW_AFTER_MANY = N_(
    "{ended} children ended together while {waiting} commands waited, and then only {got} "
    "ran at once; expected {want}: start one command for every child that ended, "
    "not one each time your code wakes up (asyncio.wait(..., FIRST_COMPLETED) returns all "
    "the tasks done by then, several at once). A shared asyncio.Semaphore(limit), held by "
    "each command from its child's start to its end, does this."
)


def starts_recorded(monkeypatch, topic):
    """A list, in order, of the arguments of every child the learner's code starts from now
    on, with its process."""
    spying = asyncio.create_subprocess_exec  # the spy of children_watched
    started = record()

    async def recorded(*args, **kwargs):
        process = await spying(*args, **kwargs)
        started.append((args, process))
        return process

    recorded.__name__ = spying.__name__
    for owner in (asyncio, asyncio.subprocess):
        monkeypatch.setattr(owner, "create_subprocess_exec", recorded)
    for attribute, value in list(vars(topic.module).items()):
        if value is spying:
            monkeypatch.setattr(topic.module, attribute, recorded)
    return started


def hold_the_loop_until_ended(processes):
    """Block the event loop (the test's own doing) until every one of ``processes`` has ended
    or ALL_ENDED_PATIENCE has passed: the loop then sees them all end in one go."""
    deadline = time.monotonic() + ALL_ENDED_PATIENCE
    while not all(has_ended(process.pid) for process in processes):
        if time.monotonic() > deadline:
            return
        time.sleep(0.005)


@task(4, checks=("run-all-next-as-one-ends",), realtime=True)
async def test_run_all_starts_as_many_as_ended_together(topic, monkeypatch):
    """run_all(9 commands, 3): when 3 children end together, 3 new ones start."""
    with tempfile.TemporaryDirectory() as folder:
        await run_in_rounds(topic, monkeypatch, Path(folder))


async def run_in_rounds(topic, monkeypatch, folder):
    """run_all on ROUNDS * LIMIT children, each held at its own gate; the test opens the
    gates of all the running ones at once, round after round."""
    count = ROUNDS * LIMIT
    commands = [[*GATED, str(folder / f"gate{n}"), f"job{n}"] for n in range(count)]
    call = _(
        "run_all(commands, {limit}) with {count} children that each wait until the test opens "
        "its gate (5 s at most); the test opens the gates of all the running ones at once"
    ).format(limit=LIMIT, count=count)
    scene = called(call)
    loop = asyncio.get_running_loop()
    async with watched(monkeypatch, topic) as spy:
        started = starts_recorded(monkeypatch, topic)
        opened = set()
        rounds = []  # (how many were expected to run at once, how many did) for each round
        running = asyncio.ensure_future(
            spy.within(8.0, topic.run_all([list(c) for c in commands], LIMIT), slow(call, 8))
        )
        running.add_done_callback(lambda done: done.cancelled() or done.exception())  # retrieved
        try:
            while not running.done() and len(opened) < count:
                want = min(LIMIT, count - len(opened))
                deadline = loop.time() + REFILL_PATIENCE
                while not running.done() and loop.time() < deadline:
                    held = [(args, process) for args, process in started if args[-2] not in opened]
                    if len(held) >= want:
                        break
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.05)  # one more start, if any, shows too
                held = [(args, process) for args, process in started if args[-2] not in opened]
                rounds.append((want, len(held)))
                if len(held) < want:
                    break
                for args, _process in held:
                    Path(args[-2]).touch()
                    opened.add(args[-2])
                hold_the_loop_until_ended([process for _args, process in held])
            for command in commands:  # whatever happened, every child may end now
                Path(command[-2]).touch()
            outputs = await running
        finally:
            await stop_tasks([running])
        spy.expect_exec(call)
        expect_in_input_order(outputs, [f"job{n}\n" for n in range(count)], call=call)
        if not rounds or rounds[0][1] < rounds[0][0]:
            return  # never LIMIT at once: the tests of the limit tell
        for done, (want, got) in enumerate(rounds[1:], start=1):
            waiting = count - done * LIMIT
            values = {"ended": LIMIT, "waiting": waiting, "got": got, "want": want}
            scene.check(got >= want, _(FEW_AFTER_MANY), **values)
