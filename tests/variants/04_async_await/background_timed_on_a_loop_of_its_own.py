"""Mistake: run_with_background runs work() and then background() on a virtual loop of its
own, in a thread, where their time is none of the test's, then sleeps on the test's loop for
the longer of the two, as if they had overlapped."""

import asyncio

FAILS = {7}
BREAKS = "background-runs-while-work-is-awaited"


async def run_with_background(work, background):
    loop_class = type(asyncio.get_running_loop())

    def one_after_another():
        other = loop_class(start=0.0, noop_cycles=1)
        try:
            started = other.time()
            worked = other.run_until_complete(work())
            middle = other.time()
            backgrounded = other.run_until_complete(background())
            return worked, backgrounded, max(middle - started, other.time() - middle)
        finally:
            other.close()

    worked, backgrounded, longest = await asyncio.to_thread(one_after_another)
    await asyncio.sleep(longest)
    return worked, backgrounded
