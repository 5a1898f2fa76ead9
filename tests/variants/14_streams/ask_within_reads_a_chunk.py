"""ask_within waits for read(100) under the timeout: half a line counts as a reply."""

FAILS = {6}
BREAKS = "ask-within-times-the-whole-exchange"


async def ask_within(port, question, seconds):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        reply = await asyncio.wait_for(reader.read(100), seconds)
    except TimeoutError:
        return None
    finally:
        writer.close()
        await writer.wait_closed()
    return reply.decode().split("\n")[0]
