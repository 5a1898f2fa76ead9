"""Hidden tests for topic 16: subprocesses.

Every child is a small Python program (``sys.executable -I -S -c CODE``, about 20 ms to
start). The tests run on the real clock, since real processes run here. A spy wrapped
around ``asyncio.create_subprocess_exec`` records every child the learner's code starts:
how many were running at once, and which one to kill and reap when a test ends, whatever
the learner's code did.
"""

import asyncio
import contextlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path

from blockbuster import BlockingError

from grader import check, expect_duration, expect_result, fail, same, show, stopwatch, task

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


def child(code):
    """A command running ``code`` in a fresh Python."""
    return [*PYTHON, f"{MARKER}\n{code}"]


BIG_SIZE = 1_000_000  # bytes a BIG child writes: far more than a pipe holds (64 KiB)
BIG = child(f"import sys\nsys.stdout.write('x' * {BIG_SIZE} + '\\n')")
BIG_OUTPUT = "x" * BIG_SIZE + "\n"
PIPE_DEADLOCK = (
    "A pipe holds only about 64 KiB: the child, with 1 MB to write, waits for someone to "
    "read its pipe, while your code waits for the child to exit (process.wait() before "
    "reading the output) - a deadlock on the pipe. communicate() reads the output while it "
    "waits for the exit."
)


def sized(output):
    """An output in words, for messages: its type and length, not a megabyte of it."""
    if isinstance(output, str | bytes):
        return f"{type(output).__name__} of {len(output)} characters"
    return show(output)


def shown(command, program):
    """A command as the learner reads it in a message: ``program`` says what its code does."""
    extra = "".join(f", {arg!r}" for arg in command[len(PYTHON) + 1 :])
    return f"[sys.executable, '-c', <{program}>{extra}]"


# ---------------------------------------------------------------------------------------
# Helpers: a spy on the children started, and cleaning up after them.


class ChildSpy:
    """Wraps ``asyncio.create_subprocess_exec`` (and ``_shell``) to record every child."""

    def __init__(self):
        self.processes = []
        self.used_shell = False
        self.peak = 0
        self.others_at_start = []  # how many other children ran when each one started
        self.lifetimes = []  # real seconds from each child's start to the end of its wait()
        self.waiters = []

    def running(self):
        return [process for process in self.processes if process.returncode is None]

    def install(self, monkeypatch, module):
        real_exec = asyncio.create_subprocess_exec
        real_shell = asyncio.create_subprocess_shell

        async def spy_exec(*args, **kwargs):
            started = asyncio.get_running_loop().time()
            return self._record(await real_exec(*args, **kwargs), started)

        async def spy_shell(*args, **kwargs):
            self.used_shell = True
            started = asyncio.get_running_loop().time()
            return self._record(await real_shell(*args, **kwargs), started)

        for owner in (asyncio, asyncio.subprocess):
            monkeypatch.setattr(owner, "create_subprocess_exec", spy_exec)
            monkeypatch.setattr(owner, "create_subprocess_shell", spy_shell)
        # ``from asyncio import create_subprocess_exec`` in the learner's module.
        for name, value in list(vars(module).items()):
            if value is real_exec:
                monkeypatch.setattr(module, name, spy_exec)
            elif value is real_shell:
                monkeypatch.setattr(module, name, spy_shell)

    def _record(self, process, started):
        self.others_at_start.append(len(self.running()))
        self.processes.append(process)
        self.peak = max(self.peak, len(self.running()))
        loop = asyncio.get_running_loop()
        waiter = asyncio.ensure_future(process.wait())
        waiter.add_done_callback(lambda _: self.lifetimes.append(loop.time() - started))
        self.waiters.append(waiter)
        return process

    async def clean_up(self):
        """Kill and reap every child still running, ours or not, and the threads waiting."""
        for process in self.running():
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        for process in self.processes:
            # wait() returns only once the pipes are closed too, and a pipe whose unread
            # data filled its buffer is never read to its end: communicate() drains them.
            try:
                async with asyncio.timeout(1.0):
                    await process.communicate()
            except (Exception, asyncio.CancelledError):
                transport = getattr(process, "_transport", None)
                if transport is not None:
                    transport.close()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(1.0):
                        await process.wait()
        for waiter in self.waiters:
            waiter.cancel()
        await asyncio.gather(*self.waiters, return_exceptions=True)
        spied = {process.pid for process in self.processes}
        for pid in marked_children():
            if pid not in spied:  # started some other way (subprocess.Popen?): ours to reap
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
        # Python 3.11 waits for each child in a thread of its own ("waitpid-N").
        for thread in threading.enumerate():
            if thread.name.startswith("waitpid-"):
                thread.join(timeout=1.0)


@contextlib.asynccontextmanager
async def children_watched(monkeypatch, topic):
    """Yield a spy on the children started; on the way out, end and reap all of them."""
    spy = ChildSpy()
    spy.install(monkeypatch, topic.module)
    try:
        yield spy
    finally:
        await spy.clean_up()


def marked_children():
    """Pids of this process's children that run (or ran) a test's child program.

    A child that has ended but was never waited for (a zombie) has lost its command line,
    so every zombie child counts (Linux only; elsewhere, none are found).
    """
    found = []
    me = str(os.getpid())
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            status = (entry / "status").read_text()
            if f"\nPPid:\t{me}\n" not in status:
                continue
            zombie = "\nState:\tZ" in status
            if zombie or MARKER in (entry / "cmdline").read_text():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def state_of(pid):
    """``"gone"``, ``"zombie"``, ``"running"``, or ``"unknown"`` where /proc is missing."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return "gone" if Path("/proc/self").exists() else "unknown"
    except OSError:
        return "unknown"
    return "zombie" if text.rsplit(")", 1)[1].split()[0] in ("Z", "X") else "running"


def no_exec_message(call, spy):
    if spy.used_shell:
        return (
            f"Called {call}. It started the child with create_subprocess_shell; use "
            "asyncio.create_subprocess_exec(*command, ...), which passes every argument as "
            "it is, with no shell in between."
        )
    return (
        f"Called {call}. It never called asyncio.create_subprocess_exec: start the child "
        "with it (subprocess.run or Popen would wait without letting the loop run)."
    )


async def within(seconds, awaitable, message, spy=None, pipes=("stdout",)):
    """Await ``awaitable``; fail with ``message`` if it takes more than ``seconds``.

    With ``spy``, an AttributeError from a pipe that was never asked for (``None``) gets
    a plain explanation.
    """
    deadline = asyncio.timeout(seconds)
    try:
        async with deadline:
            return await awaitable
    except TimeoutError:
        if deadline.expired():
            fail(message)
        raise
    except BlockingError as error:
        frames = traceback.extract_tb(error.__traceback__)
        if not any(Path(frame.filename).name == "subprocess.py" for frame in frames):
            raise
        blocked = str(error).removeprefix("Blocking call to ")
        fail(
            "Your code ran the child with the subprocess module, which made a blocking call, "
            f"{blocked}(), inside a coroutine: it froze the event loop until the child was "
            "done, and nothing else could run meanwhile. Start the child with `await "
            "asyncio.create_subprocess_exec(...)` and await its results."
        )
    except AttributeError as error:
        processes = spy.processes if spy else []
        missing = [name for name in pipes if any(getattr(p, name) is None for p in processes)]
        if "NoneType" not in str(error) or not missing:
            raise
        arguments = ", ".join(f"{name}=asyncio.subprocess.PIPE" for name in missing)
        fail(
            f"Your code raised AttributeError: {error}. The child's {' and '.join(missing)} "
            f"had no pipe: pass {arguments} to create_subprocess_exec."
        )


# ---------------------------------------------------------------------------------------
# Task 1: create_subprocess_exec

ARGS = ["plain", "two words", 'it\'s "quoted"', "a; echo injected", "$HOME", "*"]
ECHO_ARGS = child("import json, sys\nprint(json.dumps(sys.argv[1:]))")


@task(1, checks=("output-of-exec", "output-of-text", "output-of-whole-output"), realtime=True)
async def test_output_of_passes_arguments_unchanged(topic, monkeypatch):
    """output_of(command) returns the child's output; arguments with spaces, ; and $ intact."""
    command = ECHO_ARGS + ARGS
    call = f"output_of({shown(command, 'code printing its arguments')})"
    async with children_watched(monkeypatch, topic) as spy:
        output = await within(
            3.0,
            topic.output_of(command),
            f"Called {call}, where the child prints its arguments and ends at once. It was "
            "still running after 3 s.",
            spy,
        )
        check(spy.processes and not spy.used_shell, no_exec_message(call, spy))
        if output is None or output == "":
            fail(
                f"Called {call}. It returned {show(output)}: the child's output was not "
                "captured. Pass stdout=asyncio.subprocess.PIPE to create_subprocess_exec and "
                "return what communicate() gives."
            )
        check(
            isinstance(output, str),
            f"Called {call}. It returned {show(output)}, bytes; expected text: "
            ".decode() the output.",
        )
        expected = json.dumps(ARGS) + "\n"
        if output != expected:
            with contextlib.suppress(ValueError):
                received = json.loads(output)
                fail(
                    f"Called {call}. The child received the arguments {show(received)}; "
                    f"expected {show(ARGS)}, each exactly as given. Pass them one by one, "
                    "create_subprocess_exec(*command, ...), with no shell and no joining "
                    "into one string."
                )
            fail(f"Called {call}. It returned {show(output)}; expected {show(expected)}.")


@task(1, checks=("output-of-whole-output",), realtime=True)
async def test_output_of_returns_every_line(topic, monkeypatch):
    """output_of returns the whole output, every line, even when the child fails."""
    command = child("import sys\nprint('one')\nprint('two')\nsys.exit(3)")
    call = f"output_of({shown(command, 'code printing two lines, then exiting with 3')})"
    async with children_watched(monkeypatch, topic) as spy:
        output = await within(3.0, topic.output_of(command), f"Called {call}: it never ended.", spy)
        check(
            output == "one\ntwo\n",
            f"Called {call}, where the child prints 'one' and 'two', then exits with code 3. "
            f"It returned {show(output)}; expected 'one\\ntwo\\n'.",
        )


@task(1, checks=("output-of-whole-output",), realtime=True)
async def test_output_of_reads_a_big_output(topic, monkeypatch):
    """output_of(a child writing 1 MB) returns all of it: no deadlock on a full pipe."""
    call = f"output_of({shown(BIG, 'code writing 1 MB to stdout')})"
    async with children_watched(monkeypatch, topic) as spy:
        output = await within(
            3.0,
            topic.output_of(BIG),
            f"Called {call}. It was still running after 3 s; the child needs a few "
            f"milliseconds. {PIPE_DEADLOCK}",
            spy,
        )
        check(
            same(output, BIG_OUTPUT),
            f"Called {call}. It returned a {sized(output)}; expected a str of "
            f"{len(BIG_OUTPUT)} characters, all the child wrote.",
        )


# ---------------------------------------------------------------------------------------
# Task 2: communicate

SHOUT = child(
    "import sys\n"
    "data = sys.stdin.read()\n"
    "sys.stderr.write(f'{len(data)} characters\\n')\n"
    "sys.stdout.write(data.upper())\n"
    "sys.exit(3)"
)

# Reads all of stdin, then writes 300 kB to stderr before a word of its 300 kB of stdout.
FLOOD = child(
    "import sys\n"
    "data = sys.stdin.read()\n"
    "sys.stderr.write(data[::-1])\n"
    "sys.stderr.flush()\n"
    "sys.stdout.write(data.upper())"
)


@task(2, checks=("filter-text-sends-input", "filter-text-result"), realtime=True)
async def test_filter_text_sends_input_and_reads_both_outputs(topic, monkeypatch):
    """filter_text(command, text) sends text to stdin; gives (returncode, stdout, stderr)."""
    text = "hello\nworld\n"
    call = f"filter_text({shown(SHOUT, 'code answering its input in capitals')}, {text!r})"
    async with children_watched(monkeypatch, topic) as spy:
        result = await within(
            2.0,
            topic.filter_text(SHOUT, text),
            f"Called {call}, where the child reads all its input, then answers. It was still "
            "running after 2 s: its standard input was never closed, so it waited for more. "
            "communicate(text.encode()) writes the input and closes it.",
            spy,
            pipes=("stdin", "stdout", "stderr"),
        )
        check(spy.processes and not spy.used_shell, no_exec_message(call, spy))
        expected = (3, "HELLO\nWORLD\n", "12 characters\n")
        check(
            isinstance(result, tuple | list) and len(result) == 3,
            f"Called {call}. It returned {show(result)}; expected a tuple "
            "(returncode, stdout, stderr).",
        )
        check(
            type(result) is tuple,
            f"Called {call}. It returned {show(result)}, a {type(result).__name__}; expected "
            "a tuple: return returncode, stdout, stderr.",
        )
        _returncode, stdout, stderr = result
        if stdout == "" and stderr == "0 characters\n":
            fail(
                f"Called {call}. The child read no input: pass stdin=asyncio.subprocess.PIPE "
                "and hand text.encode() to communicate()."
            )
        if stderr is None or stdout is None:
            fail(
                f"Called {call}. It returned {show(result)}: an output was not captured. "
                "Pass stdout=asyncio.subprocess.PIPE and stderr=asyncio.subprocess.PIPE."
            )
        if isinstance(stdout, bytes) or isinstance(stderr, bytes):
            fail(f"Called {call}. It returned {show(result)}; .decode() both outputs to text.")
        check(
            same(result, expected),
            f"Called {call}. It returned {show(result)}; expected {show(expected)}: the "
            "child's return code, then what it wrote to stdout, then to stderr.",
        )


@task(2, checks=("filter-text-full-pipes",), realtime=True)
async def test_filter_text_copes_with_full_pipes(topic, monkeypatch):
    """filter_text with 300 kB in and 300 kB on each output does not deadlock."""
    text = "abc\n" * 75_000
    call = f"filter_text({shown(FLOOD, 'code echoing its input on both outputs')}, 300 kB of text)"
    async with children_watched(monkeypatch, topic) as spy:
        result = await within(
            2.0,
            topic.filter_text(FLOOD, text),
            f"Called {call}, where the child writes 300 kB to stderr, then 300 kB to "
            "stdout. It was still running after 2 s (it takes a few milliseconds): a "
            "deadlock. A pipe holds about 64 kB; the child waits for someone to read its "
            "stderr while your code waits for something else (its exit, or the end of "
            "stdout). communicate() reads both outputs at once, and waits last.",
            spy,
            pipes=("stdin", "stdout", "stderr"),
        )
        check(
            isinstance(result, tuple | list) and len(result) == 3,
            f"Called {call}. It returned {show(result)}; expected a tuple "
            "(returncode, stdout, stderr).",
        )
        returncode, stdout, stderr = result
        check(
            returncode == 0 and stdout == text.upper() and stderr == text[::-1],
            f"Called {call}. It returned the return code {show(returncode)} with "
            f"{len(stdout or '')} characters of stdout and {len(stderr or '')} of stderr; "
            f"expected 0, {len(text)} and {len(text)}.",
        )


# ---------------------------------------------------------------------------------------
# Task 3: line by line

PAUSE = 0.1  # seconds the child pauses after its first and after its third line
EXIT_AFTER = 0.5  # seconds the child lives on after closing its output
TALKER = child(
    "import os, sys, time\n"
    "print('first', flush=True)\n"
    f"time.sleep({PAUSE})\n"
    "print('', flush=True)\n"
    "print('  third, indented', flush=True)\n"
    f"time.sleep({PAUSE})\n"
    "sys.stdout.write('last, with no newline')\n"
    "sys.stdout.flush()\n"
    "os.close(1)\n"  # the output ends well before the child does, so returncode
    f"time.sleep({EXIT_AFTER})\n"  # read when the output ends is None, however loaded
    "sys.exit(5)"
)
TALKER_LINES = ["first", "", "  third, indented", "last, with no newline"]


class EndlessLines(Exception):
    """Raised by the test's on_line when it is called far more often than lines exist."""


@task(
    3, checks=("follow-lines-as-printed", "follow-line-text", "follow-returns-code"), realtime=True
)
async def test_follow_hands_out_lines_while_the_child_runs(topic, monkeypatch):
    """follow(command, on_line) calls on_line for each line as soon as the child prints it."""
    seen = []

    def on_line(line):
        seen.append((line, time.perf_counter()))
        if len(seen) > 100:
            raise EndlessLines

    call = f"follow({shown(TALKER, 'code printing four lines in 0.2 s')}, on_line)"
    async with children_watched(monkeypatch, topic) as spy:
        try:
            returncode = await within(
                3.0,
                topic.follow(TALKER, on_line),
                f"Called {call}, where the child prints four lines in {2 * PAUSE:g} s. It was "
                "still running after 3 s.",
                spy,
            )
        except EndlessLines:
            fail(
                f"Called {call}. on_line was called over 100 times, for a child that prints "
                "4 lines: your loop does not stop at the end of the output. readline() "
                "returns b'' there (and `async for` stops by itself)."
            )
        check(spy.processes and not spy.used_shell, no_exec_message(call, spy))
        lines = [line for line, _when in seen]
        if lines and all(isinstance(line, bytes) for line in lines):
            fail(
                f"Called {call}. on_line got {show(lines[0])}, bytes; expected text: "
                ".decode() each line."
            )
        stripped = [line.rstrip("\n") if isinstance(line, str) else line for line in lines]
        if stripped == TALKER_LINES and lines != TALKER_LINES:
            fail(
                f"Called {call}. on_line got {show(lines)}; expected {show(TALKER_LINES)}: "
                "remove the newline at the end of each line."
            )
        if lines == [line.strip() for line in TALKER_LINES] and lines != TALKER_LINES:
            fail(
                f"Called {call}. on_line got {show(lines)}; expected {show(TALKER_LINES)}: "
                "strip() also removed the spaces that begin the third line. Remove only the "
                "newline (removesuffix('\\n') or rstrip('\\n')); other whitespace is part "
                "of the line."
            )
        check(
            lines == TALKER_LINES,
            f"Called {call}. on_line got {show(lines)}; expected {show(TALKER_LINES)}, one "
            "call per line, in order (an empty line is a line; the last one has no newline).",
        )
        spread = seen[-1][1] - seen[0][1]
        check(
            spread >= PAUSE,
            f"Called {call}. The child printed 'first', then worked {2 * PAUSE:g} s before "
            f"its last line, but on_line got all the lines within {spread * 1000:.0f} ms, "
            "once the child had finished. Read the output line by line while the child "
            "runs (`await process.stdout.readline()`, or `async for line in "
            "process.stdout`), instead of waiting for all of it.",
        )
        check(
            returncode == 5,
            f"Called {call}, where the child exits with code 5. It returned "
            f"{show(returncode)}; expected 5, from `await process.wait()`.",
        )


# ---------------------------------------------------------------------------------------
# Task 4: a limit on the children running at once

JOB = child("import sys, time\ntime.sleep(float(sys.argv[1]))\nprint(sys.argv[2])")
JOB_SECONDS = [0.3, 0.1, 0.2, 0.1, 0.2, 0.1]
LIMIT = 3


@task(
    4, checks=("run-all-cap", "run-all-next-as-one-ends", "run-all-outputs-in-order"), realtime=True
)
async def test_run_all_caps_the_children_and_keeps_order(topic, monkeypatch):
    """run_all(six commands, 3): at most 3 at once, the next as one ends, outputs in order."""
    commands = [[*JOB, str(seconds), f"job{n}"] for n, seconds in enumerate(JOB_SECONDS)]
    call = (
        f"run_all(commands, {LIMIT}) with six children that take "
        f"{', '.join(f'{s:g}' for s in JOB_SECONDS)} s"
    )
    async with children_watched(monkeypatch, topic) as spy:
        with stopwatch() as watch:
            outputs = await within(
                4.0, topic.run_all(commands, LIMIT), f"Called {call}. It never finished.", spy
            )
        check(spy.processes and not spy.used_shell, no_exec_message(call, spy))
        expected = [f"job{n}\n" for n in range(len(commands))]
        returned = outputs
        outputs = list(outputs) if isinstance(outputs, list | tuple) else outputs
        if outputs != expected and sorted(outputs or [], key=str) == expected:
            fail(
                f"Called {call}. The outputs came back as {show(outputs)}, in the order the "
                f"children finished; expected the order of commands: {show(expected)}."
            )
        expect_result(returned, expected, call=call, meaning="the outputs, as a list")
        check(
            spy.peak <= LIMIT,
            f"Called {call}. {spy.peak} children ran at the same time; expected at most "
            f"{LIMIT}. The limit did not hold: share one asyncio.Semaphore({LIMIT}) between "
            "all the commands (one made per command limits nothing), and hold it from the "
            "start of a child to its end.",
        )
        check(
            spy.peak == LIMIT,
            f"Called {call}. At most {spy.peak} child ran at a time; expected {LIMIT} at "
            "once: run the commands concurrently, under the limit.",
        )
        check(
            len(spy.others_at_start) <= LIMIT or spy.others_at_start[LIMIT] > 0,
            f"Called {call}. The fourth child started only when all of the first three had "
            "finished: they ran in batches. Start the next command as soon as any one "
            "ends, so that 3 keep running (a shared asyncio.Semaphore does this).",
        )
        # Against the children's own lifetimes (start-up included), so that a slow machine
        # slows the bound down too: one after another takes their sum; 3 at a time, 40%.
        await asyncio.wait(spy.waiters, timeout=1.0)
        one_by_one = sum(spy.lifetimes)
        expect_duration(
            watch.elapsed,
            at_least=max(JOB_SECONDS),
            under=0.75 * one_by_one,
            call=call,
            expected=f"well under {one_by_one:.2f} s, the time the six children took in all "
            "(start-up included): 3 at a time, in about two rounds of 0.2 s.",
            clock_name="real time",
        )


@task(4, checks=("run-all-outputs-in-order",))
async def test_run_all_of_nothing(topic):
    """run_all([], 2) returns an empty list."""
    outputs = await topic.run_all([], 2)
    expect_result(outputs, [], call="run_all([], 2)", meaning="no command, no output")


@task(4, checks=("run-all-outputs-in-order",), realtime=True)
async def test_run_all_reads_big_outputs(topic, monkeypatch):
    """run_all([a 1 MB child, a small one, a 1 MB child], 2) returns all three outputs."""
    small = [*JOB, "0", "small"]
    commands = [BIG, small, BIG]
    call = "run_all([<a child writing 1 MB>, <a child printing small>, <a child writing 1 MB>], 2)"
    async with children_watched(monkeypatch, topic) as spy:
        outputs = await within(
            3.0,
            topic.run_all(commands, 2),
            f"Called {call}. It was still running after 3 s; the children need a few "
            f"milliseconds. {PIPE_DEADLOCK}",
            spy,
        )
        expected = [BIG_OUTPUT, "small\n", BIG_OUTPUT]
        check(
            same(outputs, expected),
            f"Called {call}. It returned "
            + (
                f"a {type(outputs).__name__} of [{', '.join(sized(o) for o in outputs)}]"
                if isinstance(outputs, list | tuple)
                else show(outputs)
            )
            + f"; expected a list of [str of {len(BIG_OUTPUT)} characters, 'small\\n', "
            f"str of {len(BIG_OUTPUT)} characters].",
        )


# ---------------------------------------------------------------------------------------
# Task 5: kill on timeout

SLEEPER = child("import time\nprint('started', flush=True)\ntime.sleep(10)")
QUICK = child("print('done')")


async def fate(process):
    """What became of a child when the function under test returned; None if reaped."""
    if process.returncode is not None:
        return None
    await asyncio.sleep(0.1)  # a child that was sent a signal has ended by now
    if process.returncode is not None or state_of(process.pid) in ("zombie", "gone"):
        return (
            f"the child (pid {process.pid}) had been told to end but nobody waited for it: "
            "its returncode was still None. kill() only sends a signal; `await "
            "process.wait()` after it, which waits for the end and reaps the child."
        )
    return (
        f"the child (pid {process.pid}) was still running: call process.kill(), then "
        "`await process.wait()` to reap it, in a `finally` so that it happens however "
        "the waiting ends."
    )


@task(5, checks=("run-with-timeout-kills-and-raises",), realtime=True)
async def test_run_with_timeout_kills_and_reaps(topic, monkeypatch):
    """run_with_timeout(a 10 s child, 0.2) raises TimeoutError after 0.2 s; child reaped."""
    call = f"run_with_timeout({shown(SLEEPER, 'code running for 10 s')}, 0.2)"
    async with children_watched(monkeypatch, topic) as spy:
        outcome = None
        with stopwatch() as watch:
            try:
                outcome = await within(
                    2.0,
                    topic.run_with_timeout(SLEEPER, 0.2),
                    f"Called {call}, where the child runs for 10 s. It was still waiting "
                    "after 2 s: the 0.2 s limit was never applied. Wrap the waiting in "
                    "`async with asyncio.timeout(seconds):`.",
                    spy,
                )
            except TimeoutError as error:
                outcome = error
        check(spy.processes and not spy.used_shell, no_exec_message(call, spy))
        process = spy.processes[0]
        left = await fate(process)
        check(
            isinstance(outcome, TimeoutError),
            f"Called {call}, where the child runs for 10 s. It returned {show(outcome)}; "
            "expected it to raise TimeoutError (after killing the child)."
            + (f" Also, {left}" if left else ""),
        )
        expect_duration(
            watch.elapsed,
            at_least=0.2,
            under=1.5,
            call=call,
            expected="0.2 s, then the child is killed.",
            clock_name="real time",
        )
        check(left is None, f"Called {call}. When it raised TimeoutError, {left}")


@task(5, checks=("run-with-timeout-returns-the-output",), realtime=True)
async def test_run_with_timeout_lets_a_quick_child_finish(topic, monkeypatch):
    """run_with_timeout(a quick child, 3.0) returns its output as soon as it is done."""
    call = f"run_with_timeout({shown(QUICK, 'code printing done')}, 3.0)"
    async with children_watched(monkeypatch, topic) as spy:
        with stopwatch() as watch:
            output = await within(
                4.0, topic.run_with_timeout(QUICK, 3.0), f"Called {call}: it never ended.", spy
            )
        check(spy.processes and not spy.used_shell, no_exec_message(call, spy))
        check(
            same(output, "done\n"),
            f"Called {call}, where the child prints 'done' at once. It returned "
            f"{show(output)}; expected 'done\\n'.",
        )
        expect_duration(
            watch.elapsed,
            at_least=0.0,
            under=1.5,
            call=call,
            expected="a few milliseconds: return as soon as the child is done; 3 s is "
            "only the most it may take.",
            clock_name="real time",
        )
        ended = spy.processes[0].returncode
        check(
            ended == 0,
            f"Called {call}. The child ended with the return code {show(ended)}; expected 0: "
            "a child that finishes in time must be left to finish, not killed.",
        )


@task(5, checks=("run-with-timeout-returns-the-output",), realtime=True)
async def test_run_with_timeout_returns_a_big_output(topic, monkeypatch):
    """run_with_timeout(a child writing 1 MB, 2.0) returns all of it: no deadlock on the pipe."""
    call = f"run_with_timeout({shown(BIG, 'code writing 1 MB to stdout')}, 2.0)"
    async with children_watched(monkeypatch, topic) as spy:
        try:
            output = await within(
                4.0,
                topic.run_with_timeout(BIG, 2.0),
                f"Called {call}. It was still running after 4 s; the child needs a few "
                f"milliseconds. {PIPE_DEADLOCK}",
                spy,
            )
        except TimeoutError:
            fail(
                f"Called {call}. It raised TimeoutError, for a child that writes 1 MB and "
                f"ends in a few milliseconds. {PIPE_DEADLOCK}"
            )
        check(
            same(output, BIG_OUTPUT),
            f"Called {call}. It returned a {sized(output)}; expected a str of "
            f"{len(BIG_OUTPUT)} characters, all the child wrote.",
        )


@task(5, checks=("run-with-timeout-cancelled-cleans-up",), realtime=True)
async def test_run_with_timeout_cancelled_kills_the_child(topic, monkeypatch):
    """Cancelling run_with_timeout(a 10 s child, 5.0) kills and reaps the child too."""
    call = f"run_with_timeout({shown(SLEEPER, 'code running for 10 s')}, 5.0)"
    async with children_watched(monkeypatch, topic) as spy:
        running = asyncio.create_task(topic.run_with_timeout(SLEEPER, 5.0))
        try:
            async with asyncio.timeout(2.0):
                while not spy.processes and not running.done():
                    await asyncio.sleep(0.005)
            await asyncio.sleep(0.05)
            if running.done():
                running.result()  # raises what it raised ("not done yet" included)
                fail(f"Called {call}. It returned at once, with a child that runs for 10 s.")
            if not spy.processes:
                fail(no_exec_message(call, spy))
            running.cancel()
            outcome = None
            try:
                async with asyncio.timeout(2.0):
                    outcome = await running
            except asyncio.CancelledError:
                outcome = "cancelled"
            except TimeoutError:
                fail(f"Called {call}, then cancelled it: it was still running 2 s later.")
        finally:
            if not running.done():
                running.cancel()
                with contextlib.suppress(BaseException):
                    await running
        left = await fate(spy.processes[0])
        check(
            outcome == "cancelled",
            f"Called {call} and cancelled it while the child ran. It returned "
            f"{show(outcome)}; expected the CancelledError to go on after the cleanup: "
            "do not swallow it." + (f" Also, {left}" if left else ""),
        )
        check(left is None, f"Called {call} and cancelled it while the child ran. Then {left}")
