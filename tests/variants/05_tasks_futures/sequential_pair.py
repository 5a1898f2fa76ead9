"""run_pair awaits first() before it even starts second(): sequential, not concurrent."""

FAILS = {1}
BREAKS = "run-pair-runs-both-at-once"


async def run_pair(first, second):
    return await first(), await second()
