"""Mistake: follow treats its cancellation as the end of the output: it catches the
CancelledError, kills the child and returns its return code."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {3}
BREAKS = "cancelled"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async for line in process.stdout:
            on_line(line.decode().removesuffix("\n"))
    except asyncio.CancelledError:
        process.kill()
    return await process.wait()
