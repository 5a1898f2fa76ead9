"""Mistake: output_of calls subprocess.run, which freezes the loop while the child runs."""

import subprocess

FAILS = {1}
BREAKS = "output-of-exec"


async def output_of(command):
    return subprocess.run(command, capture_output=True, text=True).stdout
