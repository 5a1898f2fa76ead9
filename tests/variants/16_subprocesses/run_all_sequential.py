"""Mistake: run_all runs the commands one after another."""

FAILS = {4}
BREAKS = "run-all-next-as-one-ends"


async def run_all(commands, limit):
    return [await output_of(command) for command in commands]
