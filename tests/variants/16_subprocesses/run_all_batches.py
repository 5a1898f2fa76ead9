"""Mistake: run_all runs batches of limit commands, each waiting for its slowest."""

FAILS = {4}
BREAKS = "run-all-next-as-one-ends"


async def run_all(commands, limit):
    outputs = []
    for start in range(0, len(commands), limit):
        batch = commands[start : start + limit]
        outputs += await asyncio.gather(*(output_of(command) for command in batch))
    return outputs
