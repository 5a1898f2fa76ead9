"""Mistake: poll_until_stopped gives each poll a day at most (asyncio.wait_for(poll(), 86400)):
the pause's interval is the only limit its task gives."""

FAILS = {3}
BREAKS = "poll-polls-then-pauses"


async def poll_until_stopped(stop, poll, interval):
    polls = 0
    while not stop.is_set():
        await asyncio.wait_for(poll(), 86400)
        polls += 1
        try:
            async with asyncio.timeout(interval):
                await stop.wait()
        except TimeoutError:
            pass
    return polls
