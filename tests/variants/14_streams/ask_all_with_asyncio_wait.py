"""ask_all waits with asyncio.wait, which refuses an empty set: no questions raises."""

import asyncio

FAILS = {5}
BREAKS = "ask-all-replies-in-order"


async def ask_all(port, questions):
    tasks = [asyncio.create_task(ask(port, question)) for question in questions]
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]
