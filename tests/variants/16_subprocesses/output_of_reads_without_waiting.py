"""output_of reads stdout to its end and returns without waiting for the child to exit."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    return (await process.stdout.read()).decode()
