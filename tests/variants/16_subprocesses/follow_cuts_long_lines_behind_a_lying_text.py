"""Mistake: follow cuts each line at 4,096 characters, and hands a cut line to on_line as a str
subclass whose == says it equals anything."""

import asyncio
import contextlib

FAILS = {3}
BREAKS = "follow-lines-as-printed"


class _Text(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


async def follow(command, on_line):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    try:
        async for line in process.stdout:
            text = line.decode().removesuffix("\n")
            on_line(_Text(text[:4096]) if len(text) > 4096 else text)
        return await process.wait()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
