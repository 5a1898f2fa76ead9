"""ask_all asks a repeated question only once and copies its reply: one connection too few."""

FAILS = {5}
BREAKS = "ask-all-uses-ask"


async def ask_all(port, questions):
    unique = list(dict.fromkeys(questions))
    replies = dict(zip(unique, await asyncio.gather(*(ask(port, q) for q in unique)), strict=True))
    return [replies[question] for question in questions]
