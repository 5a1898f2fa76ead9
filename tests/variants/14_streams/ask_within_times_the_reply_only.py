"""ask_within starts its timeout after connecting: a slow connection is not counted."""

import asyncio

FAILS = {6}
BREAKS = "ask-within-times-the-whole-exchange"


async def ask_within(port, question, seconds):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        async with asyncio.timeout(seconds):
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    except TimeoutError:
        return None
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().rstrip("\n")
