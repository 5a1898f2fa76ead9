"""Mistake: output_of kills and reaps its child under `except Exception`, which a
CancelledError skips: cancelled while the child runs, it leaves the child running."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {1}
BREAKS = "output-of-cancelled-cleans-up"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        stdout, _ = await process.communicate()
    except Exception:
        process.kill()
        await process.wait()
        raise
    return stdout.decode()
