"""Mistake: filter_text writes and drains all of stdin before communicate() reads a byte, and
its clean-up (kill, then wait) hangs on the full pipes nobody reads once it is cancelled."""

import asyncio
import contextlib
from asyncio.subprocess import PIPE

FAILS = {2}
BREAKS = "filter-text-full-pipes"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    try:
        process.stdin.write(text.encode())
        await process.stdin.drain()
        stdout, stderr = await process.communicate()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    return process.returncode, stdout.decode(), stderr.decode()
