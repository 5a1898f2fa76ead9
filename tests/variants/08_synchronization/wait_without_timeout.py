"""After the first poll it waits for stop with no timeout: it polls only once."""

FAILS = {3}
BREAKS = "poll-polls-then-pauses"


async def poll_until_stopped(stop, poll, interval):
    if stop.is_set():
        return 0
    await poll()
    await stop.wait()
    return 1
