"""ask_all awaits each ask before starting the next."""

FAILS = {5}
BREAKS = "ask-all-at-once"


async def ask_all(port, questions):
    return [await ask(port, question) for question in questions]
