"""ask writes the question and reads the reply without awaiting drain() in between."""

import asyncio

FAILS = {2}
BREAKS = "ask-drains"


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode() + b"\n")
        reply = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().rstrip("\n")
