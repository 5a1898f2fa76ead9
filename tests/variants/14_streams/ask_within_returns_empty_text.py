"""ask_within returns "" instead of None when the time is up."""

import asyncio

FAILS = {6}
BREAKS = "ask-within-gives-up"


async def ask_within(port, question, seconds):
    writer = None
    reply = b""
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    except TimeoutError:
        pass
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return reply.decode().rstrip("\r\n")
