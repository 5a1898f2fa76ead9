"""Mistake: follow strips each line with strip(): indentation and trailing spaces go too."""

import asyncio

FAILS = {3}
BREAKS = "follow-line-text"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    async for line in process.stdout:
        on_line(line.decode().strip())
    return await process.wait()
