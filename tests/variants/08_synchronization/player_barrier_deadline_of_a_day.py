"""Mistake: player waits a day at most at the barrier (asyncio.wait_for, 86400 s): a deadline
the statement does not set, however long."""

FAILS = {6}
BREAKS = "barrier-waits-after-each-round"


async def player(name, rounds, barrier, play, announce):
    for round_number in range(rounds):
        await play(name, round_number)
        if await asyncio.wait_for(barrier.wait(), 86400) == 0:
            await announce(round_number)
