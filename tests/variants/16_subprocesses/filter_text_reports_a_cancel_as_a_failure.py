"""Mistake: filter_text, cancelled while the child runs, kills it and returns a result as if
the child had failed (return code -9, no output)."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {2}
BREAKS = "cancelled"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    try:
        stdout, stderr = await process.communicate(text.encode())
    except asyncio.CancelledError:
        process.kill()
        await process.wait()
        return process.returncode, "", ""
    return process.returncode, stdout.decode(), stderr.decode()
