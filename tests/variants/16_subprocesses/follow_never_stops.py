"""Mistake: follow reads lines forever, never checking for the end of the output (b"")."""

import asyncio

FAILS = {3}
BREAKS = "follow-returns-code"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    while True:
        line = await process.stdout.readline()
        on_line(line.decode().removesuffix("\n"))
        if process.returncode is not None and not line:
            break
    return await process.wait()
