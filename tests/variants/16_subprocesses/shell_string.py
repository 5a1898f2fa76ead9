"""Mistake: output_of joins the command into one string and hands it to a shell."""

import asyncio

FAILS = {1}
BREAKS = "output-of-exec"


async def output_of(command):
    process = await asyncio.create_subprocess_shell(
        " ".join(command), stdout=asyncio.subprocess.PIPE
    )
    stdout, _ = await process.communicate()
    return stdout.decode()
