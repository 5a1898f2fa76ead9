"""Mistake: follow cuts each line with splitlines(), which also breaks at U+2028 inside it."""

import asyncio

FAILS = {3}
BREAKS = "follow-line-text"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    async for line in process.stdout:
        on_line((line.decode().splitlines() or [""])[0])
    return await process.wait()
