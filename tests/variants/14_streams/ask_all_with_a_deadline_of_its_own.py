"""ask_all gives all its questions 60 s together (asyncio.wait_for around the gather): a time
limit the statement does not set."""

FAILS = {5}
BREAKS = "ask-all-replies-in-order"


async def ask_all(port, questions):
    return await asyncio.wait_for(asyncio.gather(*(ask(port, q) for q in questions)), 60)
