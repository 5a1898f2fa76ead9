"""run_with_timeout ignores seconds and always waits 0.2 s, the first limit tried."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {5}
BREAKS = "run-with-timeout-kills-and-raises"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async with asyncio.timeout(0.2):
            stdout, _ = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return stdout.decode()
