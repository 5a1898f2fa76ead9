"""Mistake: follow passes limit=4096 to create_subprocess_exec, so a line of 60,000 characters,
under the reader's own 64 KiB, makes readline() raise ValueError."""

import asyncio
import contextlib

FAILS = {3}
BREAKS = "follow-lines-as-printed"


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, limit=4096
    )
    try:
        while line := await process.stdout.readline():
            on_line(line.decode().removesuffix("\n"))
        return await process.wait()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await asyncio.shield(process.wait())
