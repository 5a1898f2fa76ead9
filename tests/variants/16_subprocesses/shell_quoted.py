"""Mistake: output_of quotes the command for a shell: the arguments survive, the shell stays."""

import asyncio
import shlex

FAILS = {1}
BREAKS = "output-of-exec"


async def output_of(command):
    process = await asyncio.create_subprocess_shell(
        shlex.join(command), stdout=asyncio.subprocess.PIPE
    )
    stdout, _ = await process.communicate()
    return stdout.decode()
