"""Mistake: filter_text pipes stdin and stdout only, so stderr is never captured."""

import asyncio

FAILS = {2}
BREAKS = "filter-text-result"


async def filter_text(command, text):
    process = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    stdout, stderr = await process.communicate(text.encode())
    return process.returncode, stdout.decode(), stderr
