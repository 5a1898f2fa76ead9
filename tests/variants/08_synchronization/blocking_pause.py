"""The pause is time.sleep(interval): it blocks the whole event loop."""

import time

FAILS = {3}
BREAKS = "poll-polls-then-pauses"


async def poll_until_stopped(stop, poll, interval):
    polls = 0
    while not stop.is_set():
        await poll()
        polls += 1
        time.sleep(interval)
    return polls
