"""Mistake: follow kills and reaps its child only when cancelled: when on_line raises, the
error goes on and the child is left running."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {3}
BREAKS = "follow-on-line-error-cleans-up"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        while line := await process.stdout.readline():
            on_line(line.decode().removesuffix("\n"))
        return await process.wait()
    except asyncio.CancelledError:
        process.kill()
        await process.wait()
        raise
