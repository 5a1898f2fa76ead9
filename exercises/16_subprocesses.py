"""Topic 16: subprocesses.

Programs run other programs: a compiler, ``git``, an image converter, a health check, a
test suite. ``subprocess.run`` waits for the child to finish, and while it waits, the
thread that called it does nothing else. Called inside a coroutine, it freezes the event
loop for as long as the child runs, just like ``time.sleep``. asyncio has its own way to
start a child: ``await asyncio.create_subprocess_exec(program, *args, ...)`` returns as
soon as the child has started, with a ``Process`` object, and the loop keeps running
other tasks while the child works. You can run many children at once this way, from one
thread.

What to know:

- ``create_subprocess_exec`` runs the program directly, with each argument passed as it
  is. ``create_subprocess_shell`` hands one string to ``/bin/sh``, which splits it at
  spaces and interprets quotes, ``;``, ``$`` and ``*``: a file name with a space breaks
  it, and text from a user can run commands of its own (shell injection). Prefer exec.
- A child writes to your own terminal unless you ask for a pipe:
  ``stdout=asyncio.subprocess.PIPE`` (likewise ``stdin`` and ``stderr``). Then
  ``process.stdout`` is a ``StreamReader``: ``await process.stdout.readline()`` gives
  the next line as bytes (``b""`` at the end; the reader's own limit, 64 KiB a line, is
  not a cap of yours: the grader's lines stay under it), and ``async for line in
  process.stdout`` does the same in a loop. ``.decode()`` turns bytes into text.
- A pipe holds only a little data (64 KiB on Linux). A child that writes more than that
  waits until someone reads. So ``await process.wait()`` before reading a big output
  waits forever (the child waits for you, you wait for the child), and so does reading
  all of ``stdout`` while the child is stuck writing to a full ``stderr``.
  ``await process.communicate(input)`` avoids all of that: it writes ``input`` to stdin
  and closes it, reads stdout and stderr together, waits for the exit, and returns
  ``(stdout, stderr)``.
- ``process.returncode`` is ``None`` while the child runs, then its exit status
  (negative, ``-signal``, when a signal killed it). ``process.kill()`` only sends a
  signal. A child that has ended stays in the system's process table (a "zombie") until
  its parent collects its exit status ("reaps" it); asyncio does that for you, and
  ``await process.wait()`` returns once it is done. Whatever you start, make sure it ends
  and is waited for, also when your function is cancelled while its child runs: kill the
  child and wait for it, then let the cancellation go on (``run_with_timeout``, task 5,
  does the same when its time runs out). ``asyncio.CancelledError`` is not an
  ``Exception``: a ``finally`` (or ``except BaseException``) runs on it, an
  ``except Exception`` does not.

What the seed showed: the tutorial has no example with subprocesses. Its blocking-code
demo (a keep-alive task frozen by ``time.sleep``) is the lesson that applies here:
``subprocess.run``, ``os.system`` or ``Popen.wait`` inside a coroutine freeze the loop
the same way.

The grader gives you the commands to run: small Python programs, started with
``sys.executable``. It measures your code on the real clock, since real programs run
here; it also checks which children were running at the same time, and that none is
left behind when your function returns or is cancelled. Its programs print UTF-8 text
only, so a strict ``.decode()`` never fails on their output. In every task, start the
children with ``asyncio.create_subprocess_exec``.

Task 1. ``output_of(command)``: ``command`` is a list, a program and its arguments, for
        example ``[sys.executable, "-c", "print('hi')"]``. Run it with
        ``asyncio.create_subprocess_exec``, capture its standard output, wait for it to
        finish, and return the output decoded to text from UTF-8, as ``.decode()`` does
        (here ``"hi\\n"``): all of it, a megabyte too, far more than a pipe holds. Pass
        every argument as it is, with no shell: an argument holding spaces, quotes, ``;``
        or ``$`` must reach the child unchanged.
Task 2. ``filter_text(command, text)``: run ``command``, send ``text`` to its standard
        input in UTF-8 (``text.encode()``), and return the tuple ``(returncode, stdout,
        stderr)``, both outputs decoded to text from UTF-8. It must work when the child
        reads and writes hundreds of kilobytes on every pipe: use ``communicate``.
Task 3. ``follow(command, on_line)``: run ``command`` and call ``on_line(line)`` (a plain
        function) for every line of its standard output as soon as the child writes it,
        with the line as text, without its ``"\\n"``. A child may print a line, work for a
        while, then print the next one: ``on_line`` must get the first line while the
        child is still running, not once it has finished. A last line without a newline
        counts too. When the output ends, return the child's return code. If ``on_line``
        raises, kill and reap the child and let the error go on.
Task 4. ``run_all(commands, limit)``: run every command (as ``output_of`` does) with at
        most ``limit`` children running at any moment, and return their outputs as a list,
        in the order of ``commands``. Start the next command as soon as any running one
        finishes, not when a whole batch has: six commands under a limit of 3 take about
        as long as two rounds, not six, and never have four children at once. Two calls at
        once are capped separately, each by its own ``limit``.
Task 5. ``run_with_timeout(command, seconds)``: like ``output_of``, but if the child has
        not finished within ``seconds``, kill it, wait for it (so it is reaped, not left
        a zombie) and raise ``TimeoutError``. If ``run_with_timeout`` is itself cancelled
        while the child runs, kill and reap the child too, and let the cancellation go
        on. Either way no child outlives the call.

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
import contextlib
from asyncio.subprocess import PIPE


# Task 1
async def output_of(command):
    """Run ``command`` (a program and its arguments) and return its standard output."""
    # TODO: start it with asyncio.create_subprocess_exec(*command, stdout=PIPE), wait
    # for it with communicate(), and return the output decoded to text.
    raise NotImplementedError("task 1: write output_of")


# Task 2
async def filter_text(command, text):
    """Feed ``text`` to ``command``; return ``(returncode, stdout, stderr)`` as text."""
    # TODO: pipe stdin, stdout and stderr; hand text.encode() to communicate(); return
    # the return code and both outputs decoded.
    raise NotImplementedError("task 2: write filter_text")


# Task 3
async def follow(command, on_line):
    """Call ``on_line`` with each line the child prints, as it prints it."""
    # TODO: read process.stdout a line at a time while the child runs, call on_line
    # with each line as text without its newline, then return the return code.
    raise NotImplementedError("task 3: write follow")


# Task 4
async def run_all(commands, limit):
    """Run every command, at most ``limit`` at a time; outputs in the order of commands."""
    # TODO: run the commands concurrently, never more than limit children at once, and
    # return their outputs in the order of commands.
    raise NotImplementedError("task 4: write run_all")


# Task 5
async def run_with_timeout(command, seconds):
    """Like ``output_of``, but kill and reap the child if it overruns ``seconds``."""
    # TODO: start the child; give communicate() at most seconds. Whatever happens (done,
    # timed out, cancelled), a child still running must be killed and awaited.
    raise NotImplementedError("task 5: write run_with_timeout")
