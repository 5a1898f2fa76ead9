"""ask_within catches TimeoutError inside the asyncio.timeout block, where it never arrives:
the expiry is a CancelledError there, and TimeoutError comes out of the block."""

FAILS = {6}
BREAKS = "ask-within-gives-up"


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(seconds):
            try:
                reader, writer = await asyncio.open_connection(HOST, port)
                writer.write(question.encode() + b"\n")
                await writer.drain()
                line = await reader.readline()
            except TimeoutError:
                return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return line.decode().rstrip("\n")
