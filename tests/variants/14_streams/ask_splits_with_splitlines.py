"""Mistake: ask takes splitlines()[0] of the reply, which also breaks at U+2028 inside it."""

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
    return (reply.decode().splitlines() or [""])[0]
