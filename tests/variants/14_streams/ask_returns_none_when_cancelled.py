"""Mistake: ask, cancelled while it waits for the reply, closes and returns None, as if the
server had said nothing."""

import asyncio

FAILS = {2}
BREAKS = "cancelled"


async def ask(port, question):
    reader, writer = await asyncio.open_connection(HOST, port)
    reply = b""
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        reply = await reader.readline()
    except asyncio.CancelledError:
        return None
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().rstrip("\n")
