"""Mistake: follow waits for all the output, then hands out the lines."""

import asyncio

FAILS = {3}
BREAKS = "follow-lines-as-printed"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    stdout, _ = await process.communicate()
    for line in stdout.decode().splitlines():
        on_line(line)
    return process.returncode
