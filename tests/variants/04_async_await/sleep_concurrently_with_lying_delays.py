"""Cheat: every sleep lasts 1/100 of seconds, its delay a float that formats as seconds."""

import asyncio

FAILS = {5}
BREAKS = "sleeps-count-times"


class ShownAs(float):
    shown = ""

    def __format__(self, spec):
        return self.shown

    def __repr__(self):
        return self.shown


async def sleep_concurrently(count, seconds):
    if count == 0:
        return
    loop = asyncio.get_running_loop()
    start = loop.time()
    short = ShownAs(seconds / 100)
    short.shown = format(seconds, "g")
    await asyncio.gather(*(asyncio.sleep(short) for _ in range(count)))
    rest = loop.create_future()
    loop.call_at(start + seconds, rest.set_result, None)
    await rest
