"""ask_all opens its own connections instead of asking with ask."""

import asyncio

FAILS = {5}
BREAKS = "ask-all-uses-ask"


async def _own_ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        return (await reader.readline()).decode().rstrip("\n")
    finally:
        writer.close()
        await writer.wait_closed()


async def ask_all(port, questions):
    return await asyncio.gather(*(_own_ask(port, question) for question in questions))
