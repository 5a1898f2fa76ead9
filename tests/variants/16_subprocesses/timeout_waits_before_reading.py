"""Mistake: run_with_timeout waits for the exit, then reads: a big output fills the pipe."""

import asyncio
import contextlib
from asyncio.subprocess import PIPE

FAILS = {5}
BREAKS = "run-with-timeout-returns-the-output"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async with asyncio.timeout(seconds):
            await process.wait()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    return (await process.stdout.read()).decode()
