"""ask_within always gives up after 0.05 s, whatever ``seconds`` it is given."""

import asyncio

FAILS = {6}
BREAKS = "ask-within-gives-up"


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(0.05):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    except TimeoutError:
        return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return reply.decode().rstrip("\r\n")
