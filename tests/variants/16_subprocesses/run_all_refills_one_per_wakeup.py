"""Mistake: run_all starts one new command each time asyncio.wait wakes it up, however many
children ended meanwhile: when several end together, slots stay free while commands wait."""

import asyncio

FAILS = {4}
BREAKS = "run-all-next-as-one-ends"


async def run_all(commands, limit):
    tasks = [None] * len(commands)
    waiting = list(enumerate(commands))
    running = set()

    def start():
        i, command = waiting.pop(0)
        tasks[i] = asyncio.ensure_future(output_of(command))
        running.add(tasks[i])

    try:
        while waiting and len(running) < limit:
            start()
        while running:
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for t in done:
                t.result()
            if waiting:
                start()  # a child ended: start the next command
        return [t.result() for t in tasks]
    finally:
        live = [t for t in tasks if t is not None]
        for t in live:
            t.cancel()
        await asyncio.gather(*live, return_exceptions=True)
