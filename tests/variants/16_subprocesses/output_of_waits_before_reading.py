"""Mistake: output_of waits for the exit before reading: a big output fills the pipe, deadlock."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    await process.wait()
    return (await process.stdout.read()).decode()
