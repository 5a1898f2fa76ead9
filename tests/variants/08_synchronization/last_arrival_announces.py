"""Mistake: the player whose barrier.wait() returned parties - 1 announces, not the one with 0."""

FAILS = {6}
BREAKS = "barrier-zero-announces-once"


async def player(name, rounds, barrier, play, announce):
    for round_number in range(rounds):
        await play(name, round_number)
        if await barrier.wait() == barrier.parties - 1:
            await announce(round_number)
