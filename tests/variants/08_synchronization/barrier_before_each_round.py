"""Mistake: the barrier is waited at before each round instead of after it.

The rounds stay in step, but the player who gets 0 announces a round before anyone has
played it, and the last round is never waited for.
"""

FAILS = {6}
BREAKS = "barrier-waits-after-each-round"


async def player(name, rounds, barrier, play, announce):
    for round_number in range(rounds):
        if await barrier.wait() == 0:
            await announce(round_number)
        await play(name, round_number)
