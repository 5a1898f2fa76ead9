"""ask_all pops the questions off the caller's list to start them: it returns with it emptied."""

import asyncio

FAILS = {5}
BREAKS = "ask-all-replies-in-order"


async def ask_all(port, questions):
    asking = []
    while questions:
        asking.append(asyncio.create_task(ask(port, questions.pop(0))))
    return list(await asyncio.gather(*asking))
