"""ask_within catches every Exception, so a refused connection also returns None."""

import asyncio

FAILS = {6}
BREAKS = "ask-within-other-errors-go-on"


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    except Exception:
        return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return reply.decode().rstrip("\n")
