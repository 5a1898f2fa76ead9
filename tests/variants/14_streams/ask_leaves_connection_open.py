"""ask never closes its connection."""

FAILS = {2}
BREAKS = "ask-closes"


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(question.encode() + b"\n")
    await writer.drain()
    return (await reader.readline()).decode().rstrip("\n")
