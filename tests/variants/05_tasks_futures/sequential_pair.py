"""run_pair awaits first() before it even starts second(): sequential, not concurrent."""

FAILS = {1}


async def run_pair(first, second):
    return await first(), await second()
