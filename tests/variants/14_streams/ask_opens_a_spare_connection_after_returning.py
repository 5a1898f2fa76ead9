"""Mistake: ask schedules a spare connection to the server for 50 ms after it has returned (for
the next question, it thinks), and leaves it open: no caller knows of it."""

import asyncio

FAILS = {2}
BREAKS = "ask-closes"


async def ask(port, question):
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        reply = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    loop = asyncio.get_running_loop()
    spares = []

    def open_a_spare():
        spares.append(asyncio.ensure_future(asyncio.open_connection(HOST, port)))

    loop.call_later(0.05, open_a_spare)
    return reply.decode().rstrip("\r\n")
