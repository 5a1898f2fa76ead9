"""ask encodes the question and decodes the reply as ASCII, not UTF-8."""

import asyncio

FAILS = {2}
BREAKS = "ask-sends-one-utf8-line"


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode("ascii", errors="replace") + b"\n")
        await writer.drain()
        reply = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode("ascii", errors="replace").rstrip("\n")
