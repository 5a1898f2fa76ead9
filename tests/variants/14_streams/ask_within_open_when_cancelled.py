"""ask_within closes the connection on a reply or an error (`except Exception`), but not when
its caller cancels it: a CancelledError is no Exception."""

FAILS = {6}
BREAKS = "ask-within-cancel-goes-on"


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            line = await reader.readline()
    except Exception as exc:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
        if isinstance(exc, TimeoutError):
            return None
        raise
    writer.close()
    await writer.wait_closed()
    return line.decode().removesuffix("\n")
