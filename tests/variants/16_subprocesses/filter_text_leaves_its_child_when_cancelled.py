"""Mistake: filter_text has no clean-up: cancelled while the child runs, it lets the
cancellation go on and leaves the child running."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {2}
BREAKS = "filter-text-cancelled-cleans-up"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    stdout, stderr = await process.communicate(text.encode())
    return process.returncode, stdout.decode(), stderr.decode()
