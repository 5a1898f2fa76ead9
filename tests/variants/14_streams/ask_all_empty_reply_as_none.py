"""ask_all turns an empty reply into None (`reply or None`): '' is a reply."""

FAILS = {5}
BREAKS = "ask-all-replies-in-order"


async def ask_all(port, questions):
    replies = await asyncio.gather(*(ask(port, question) for question in questions))
    return [reply or None for reply in replies]
