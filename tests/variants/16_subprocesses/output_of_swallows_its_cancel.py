"""Mistake: output_of catches the CancelledError met while it waits for the child and
returns what it has, an empty text, as if the child had printed nothing."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {1}
BREAKS = "cancelled"


async def output_of(command):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        stdout, _ = await process.communicate()
    except asyncio.CancelledError:
        return ""
    return stdout.decode()
