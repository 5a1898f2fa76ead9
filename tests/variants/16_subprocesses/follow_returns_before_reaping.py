"""Mistake: follow returns process.returncode when the output ends, before waiting: often None."""

import asyncio

FAILS = {3}
BREAKS = "follow-returns-code"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    async for line in process.stdout:
        on_line(line.decode().removesuffix("\n"))
    code = process.returncode
    await process.wait()  # reaped, but the code was read before
    return code
