"""ask_within closes the connection only when a reply came, not when the time ran out."""

FAILS = {6}
BREAKS = "ask-within-closes"


async def ask_within(port, question, seconds):
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    except TimeoutError:
        return None
    writer.close()
    await writer.wait_closed()
    return reply.decode().rstrip("\n")
