"""Every player announces every round, ignoring what barrier.wait() returned."""

FAILS = {6}
BREAKS = "barrier-zero-announces-once"


async def player(name, rounds, barrier, play, announce):
    for round_number in range(rounds):
        await play(name, round_number)
        await barrier.wait()
        await announce(round_number)
