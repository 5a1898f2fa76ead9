"""Mistake: follow kills and reaps its child under `except Exception`, which a
CancelledError skips: cancelled while it reads the lines, it leaves the child running."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {3}
BREAKS = "follow-cancelled-cleans-up"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async for line in process.stdout:
            on_line(line.decode().removesuffix("\n"))
        return await process.wait()
    except Exception:
        process.kill()
        await process.wait()
        raise
