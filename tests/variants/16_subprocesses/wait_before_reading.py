"""Mistake: filter_text waits for the exit before reading: a full pipe deadlocks."""

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
    returncode = await process.wait()
    out = await process.stdout.read()
    err = await process.stderr.read()
    return returncode, out.decode(), err.decode()
