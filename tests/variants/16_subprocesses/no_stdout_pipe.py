"""Mistake: output_of forgets stdout=PIPE, so the child prints to the terminal instead."""

import asyncio

FAILS = {1}
BREAKS = "output-of-whole-output"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command)
    stdout, _ = await process.communicate()
    return stdout.decode()
