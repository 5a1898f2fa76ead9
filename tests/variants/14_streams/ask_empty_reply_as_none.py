"""ask turns an empty reply line into None (`reply or None`): '' is a reply."""

FAILS = {2}
BREAKS = "ask-returns-the-first-line"


async def ask(port, question):
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        line = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return line.decode().rstrip("\n") or None
