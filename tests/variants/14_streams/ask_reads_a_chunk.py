"""ask reads with read(100): it returns only what has arrived, part of a line or two."""

FAILS = {2}
BREAKS = "ask-returns-the-first-line"


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        reply = await reader.read(100)
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().rstrip("\n")
