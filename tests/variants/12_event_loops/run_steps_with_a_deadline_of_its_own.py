"""Mistake: run_steps runs every step inside asyncio.timeout(60), a deadline the statement
never sets: a step that takes longer ends in TimeoutError."""

FAILS = {4}
BREAKS = "steps-results-in-order"


async def _within_a_minute(step):
    async with asyncio.timeout(60):
        return await step()


def run_steps(steps, loop_factory=None):
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        return [runner.run(_within_a_minute(step)) for step in steps]
