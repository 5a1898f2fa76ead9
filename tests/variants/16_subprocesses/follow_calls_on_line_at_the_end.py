"""follow loops while not at_eof(): an output that ends with a newline gets one more on_line('')."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {3}
BREAKS = "follow-line-text"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    while not process.stdout.at_eof():
        line = await process.stdout.readline()
        on_line(line.decode().removesuffix("\n"))
    return await process.wait()
