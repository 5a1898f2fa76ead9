"""ask_all awaits each ask before starting the next."""

FAILS = {5}


async def ask_all(port, questions):
    return [await ask(port, question) for question in questions]
