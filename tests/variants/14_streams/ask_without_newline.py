"""ask sends the question without a newline: the server never gets a whole line."""

FAILS = {2}
BREAKS = "ask-sends-one-utf8-line"


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode())
        await writer.drain()
        reply = await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().rstrip("\n")
