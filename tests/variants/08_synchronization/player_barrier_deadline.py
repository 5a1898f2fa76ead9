"""Mistake: player waits at the barrier for at most 60 s (wait_for)."""

FAILS = {6}
BREAKS = "barrier-waits-after-each-round"


async def player(name, rounds, barrier, play, announce):
    for round in range(rounds):
        await play(name, round)
        index = await asyncio.wait_for(barrier.wait(), 60)
        if index == 0:
            await announce(round)
