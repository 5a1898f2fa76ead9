"""follow strips every trailing space with rstrip(), not only the newline."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {3}
BREAKS = "follow-line-text"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    async for line in process.stdout:
        on_line(line.decode().rstrip())
    return await process.wait()
