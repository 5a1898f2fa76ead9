"""Mistake: a forgotten await: announce(round) makes a coroutine that never runs."""

FAILS = {6}
BREAKS = "barrier-zero-announces-once"


async def player(name, rounds, barrier, play, announce):
    for round_number in range(rounds):
        await play(name, round_number)
        if await barrier.wait() == 0:
            announce(round_number)
