"""Mistake: ask_within gives the reply `seconds` more after every byte that arrives, so a reply
that trickles in takes as long as it likes: the limit is for the whole exchange."""

import asyncio

FAILS = {6}
BREAKS = "ask-within-times-the-whole-exchange"


async def ask_within(port, question, seconds):
    loop = asyncio.get_running_loop()
    writer = None
    line = b""
    try:
        async with asyncio.timeout(seconds) as limit:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            while not line.endswith(b"\n"):
                byte = await reader.read(1)
                if not byte:
                    break
                line += byte
                limit.reschedule(loop.time() + seconds)
    except TimeoutError:
        return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return line.decode().rstrip("\r\n")
