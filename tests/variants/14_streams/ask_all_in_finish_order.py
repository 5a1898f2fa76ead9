"""ask_all collects replies with as_completed: in the order they come back."""

FAILS = {5}
BREAKS = "ask-all-replies-in-order"


async def ask_all(port, questions):
    return [await reply for reply in asyncio.as_completed([ask(port, q) for q in questions])]
