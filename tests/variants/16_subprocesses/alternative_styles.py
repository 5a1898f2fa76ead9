"""Correct alternative: read() and wait(), hand-made communicate, readline, a worker pool;
children killed and reaped by `except BaseException`, a context manager, `finally`."""

import asyncio
import contextlib
import signal

FAILS = set()


@contextlib.asynccontextmanager
async def reaped(process):
    """Whatever ends the block, a child still running is killed and waited for."""
    try:
        yield process
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    try:
        data = await process.stdout.read()
        await process.wait()
    except BaseException:
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    return data.decode()


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )

    async def feed():
        process.stdin.write(text.encode())
        await process.stdin.drain()
        process.stdin.close()

    async with reaped(process):
        _, out, err = await asyncio.gather(feed(), process.stdout.read(), process.stderr.read())
        return await process.wait(), out.decode(), err.decode()


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    try:
        while line := await process.stdout.readline():
            on_line(line.decode().rstrip("\n"))
        await process.wait()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
            await process.wait()
    return process.returncode


async def run_all(commands, limit):
    outputs = [None] * len(commands)
    jobs = iter(enumerate(commands))

    async def worker():
        for index, command in jobs:
            outputs[index] = await output_of(command)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(commands))):
            group.create_task(worker())
    return outputs


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    try:
        stdout, _ = await asyncio.wait_for(process.communicate(), seconds)
    except BaseException:
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)  # what kill() sends; SIGTERM may be ignored
            await process.wait()
        raise
    return stdout.decode()
