"""ask_all returns the replies as a tuple."""

import asyncio

FAILS = {5}
BREAKS = "ask-all-replies-in-order"


async def ask_all(port, questions):
    return tuple(await asyncio.gather(*(ask(port, question) for question in questions)))
