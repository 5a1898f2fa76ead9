"""Mistake: ask_all, cancelled while it waits for the replies, returns an empty list."""

import asyncio

FAILS = {5}
BREAKS = "cancelled"


async def ask_all(port, questions):
    try:
        return await asyncio.gather(*(ask(port, question) for question in questions))
    except asyncio.CancelledError:
        return []
