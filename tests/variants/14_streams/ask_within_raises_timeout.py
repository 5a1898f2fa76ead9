"""ask_within lets TimeoutError out instead of returning None."""

FAILS = {6}
BREAKS = "ask-within-gives-up"


async def ask_within(port, question, seconds):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        async with asyncio.timeout(seconds):
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().rstrip("\n")
