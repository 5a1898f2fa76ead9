"""ask_all lets at most 100 questions be open at once (a Semaphore(100) of its own): the task
says all."""

FAILS = {5}
BREAKS = "ask-all-at-once"


async def ask_all(port, questions):
    limit = asyncio.Semaphore(100)

    async def one(question):
        async with limit:
            return await ask(port, question)

    return list(await asyncio.gather(*(one(question) for question in questions)))
