"""Mistake: run_all starts every command at once, ignoring the limit."""

FAILS = {4}
BREAKS = "run-all-cap"


async def run_all(commands, limit):
    return await asyncio.gather(*(output_of(command) for command in commands))
