"""Mistake: player plays three rounds, whatever `rounds` is given."""

FAILS = {6}
BREAKS = "barrier-plays-rounds-from-zero"


async def player(name, rounds, barrier, play, announce):
    for number in range(3):
        await play(name, number)
        if await barrier.wait() == 0:
            await announce(number)
