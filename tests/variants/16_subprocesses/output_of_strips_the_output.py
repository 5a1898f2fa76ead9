"""Mistake: output_of strips what it returns: "hi" instead of "hi\\n", and leading spaces go too."""

import asyncio

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    stdout, _ = await process.communicate()
    return stdout.decode().strip()
