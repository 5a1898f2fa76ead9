"""Mistake: ask_within gives connecting a minute of its own (asyncio.wait_for around
open_connection), beside the seconds it is given for the whole exchange."""

FAILS = {6}
BREAKS = "ask-within-times-the-whole-exchange"


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 60)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            line = await reader.readline()
            return line.decode().rstrip("\n")
    except TimeoutError:
        return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
