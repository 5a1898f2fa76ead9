"""follow sends the child's stderr into its stdout pipe, so on_line gets its warnings too."""

import asyncio
from asyncio.subprocess import PIPE, STDOUT

FAILS = {3}
BREAKS = "follow-lines-as-printed"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE, stderr=STDOUT)
    async for line in process.stdout:
        on_line(line.decode().removesuffix("\n"))
    return await process.wait()
