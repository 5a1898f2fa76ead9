"""Mistake: output_of returns bytes, not text."""

import asyncio

FAILS = {1}
BREAKS = "output-of-text"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    stdout, _ = await process.communicate()
    return stdout
