"""ask_within writes the question and reads the reply without awaiting drain() in between."""

import asyncio

FAILS = {6}
BREAKS = "ask-within-drains"


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(question.encode() + b"\n")
            reply = await reader.readline()
    except TimeoutError:
        return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return reply.decode().rstrip("\n")
