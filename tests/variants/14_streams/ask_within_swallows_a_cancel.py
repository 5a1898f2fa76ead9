"""ask_within catches CancelledError with TimeoutError: a cancel from its caller gives None."""

FAILS = {6}
BREAKS = "ask-within-cancel-goes-on"


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            line = await reader.readline()
    except (TimeoutError, asyncio.CancelledError):
        return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return line.decode().rstrip("\n")
