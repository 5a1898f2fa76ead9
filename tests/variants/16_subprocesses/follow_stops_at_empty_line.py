"""Mistake: follow takes an empty line for the end of the output."""

import asyncio

FAILS = {3}
BREAKS = "follow-line-text"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    while True:
        line = (await process.stdout.readline()).decode().rstrip("\n")
        if not line:
            break
        on_line(line)
    process.kill()
    return await process.wait()
