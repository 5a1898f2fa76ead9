"""Mistake: filter_text writes the input but never closes stdin: the child waits for more."""

import asyncio

FAILS = {2}
BREAKS = "filter-text-sends-input"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    process.stdin.write(text.encode())
    await process.stdin.drain()
    out, err = await asyncio.gather(process.stdout.read(), process.stderr.read())
    return await process.wait(), out.decode(), err.decode()
