"""Mistake: output_of reads one line with readline and then waits: the rest is lost."""

import asyncio

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    line = await process.stdout.readline()
    # Drain the rest so the child can end; only the first line is kept.
    await process.stdout.read()
    await process.wait()
    return line.decode()
