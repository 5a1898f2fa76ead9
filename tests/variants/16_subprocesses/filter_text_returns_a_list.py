"""Mistake: filter_text returns a list [returncode, stdout, stderr] instead of a tuple."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {2}
BREAKS = "filter-text-result"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(*command, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    stdout, stderr = await process.communicate(text.encode())
    return [process.returncode, stdout.decode(), stderr.decode()]
