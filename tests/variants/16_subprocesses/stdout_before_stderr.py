"""Mistake: filter_text reads all of stdout, then stderr: a full stderr deadlocks."""

import asyncio

FAILS = {2}
BREAKS = "filter-text-full-pipes"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    process.stdin.write(text.encode())
    await process.stdin.drain()
    process.stdin.close()
    out = await process.stdout.read()
    err = await process.stderr.read()
    return await process.wait(), out.decode(), err.decode()
