"""Mistake: ask strips the reply with strip(): the spaces that begin and end it go too."""

import asyncio

FAILS = {2}
BREAKS = "ask-returns-the-first-line"


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        reply = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().strip()
