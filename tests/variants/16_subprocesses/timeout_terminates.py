"""run_with_timeout ends the child with terminate() (a SIGTERM it may ignore), not kill()."""

import asyncio
from asyncio.subprocess import PIPE

FAILS = {5}
BREAKS = "run-with-timeout-kills-and-raises"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async with asyncio.timeout(seconds):
            stdout, _ = await process.communicate()
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()
    return stdout.decode()
