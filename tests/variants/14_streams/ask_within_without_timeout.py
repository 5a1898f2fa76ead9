"""ask_within never gives up: it is ask with an unused argument."""

FAILS = {6}
BREAKS = "ask-within-gives-up"


async def ask_within(port, question, seconds):
    return await ask(port, question)
