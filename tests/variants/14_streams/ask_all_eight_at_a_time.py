"""ask_all lets at most 8 questions be open at once (a Semaphore of its own): the task says all."""

FAILS = {5}
BREAKS = "ask-all-at-once"


async def ask_all(port, questions):
    limit = asyncio.Semaphore(8)

    async def one(question):
        async with limit:
            return await ask(port, question)

    return list(await asyncio.gather(*(one(question) for question in questions)))
