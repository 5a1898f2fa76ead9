"""Mistake: run_with_timeout kills and reaps, then raises subprocess.TimeoutExpired."""

import asyncio
import subprocess
from asyncio.subprocess import PIPE

FAILS = {5}
BREAKS = "run-with-timeout-kills-and-raises"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        stdout, _ = await asyncio.wait_for(process.communicate(), seconds)
    except TimeoutError:
        raise subprocess.TimeoutExpired(command, seconds) from None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return stdout.decode()
