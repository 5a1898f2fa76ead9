"""Mistake: rounds numbered from 1 to rounds, not from 0."""

FAILS = {6}
BREAKS = "barrier-plays-rounds-from-zero"


async def player(name, rounds, barrier, play, announce):
    for round_number in range(1, rounds + 1):
        await play(name, round_number)
        if await barrier.wait() == 0:
            await announce(round_number)
