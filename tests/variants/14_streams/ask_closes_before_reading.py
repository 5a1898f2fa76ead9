"""ask closes the connection once the question is sent, before reading the reply."""

import asyncio

FAILS = {2}
BREAKS = "ask-returns-the-first-line"


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(question.encode() + b"\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    reply = await reader.readline()
    return reply.decode().rstrip("\n")
