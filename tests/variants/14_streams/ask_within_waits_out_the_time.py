"""ask_within waits for the whole time limit even when the reply came at once."""

import asyncio

FAILS = {6}
BREAKS = "ask-within-returns-the-reply"

_solution_ask_within = ask_within


async def ask_within(port, question, seconds):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    reply = await _solution_ask_within(port, question, seconds)
    await asyncio.sleep(max(0.0, deadline - loop.time()))
    return reply
