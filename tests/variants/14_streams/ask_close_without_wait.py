"""ask and ask_within call writer.close() but never await writer.wait_closed()."""

FAILS = {2, 6}


async def ask(port, question):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        reply = await reader.readline()
    finally:
        writer.close()
    return reply.decode().rstrip("\n")


async def ask_within(port, question, seconds):
    writer = None
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(question.encode() + b"\n")
            await writer.drain()
            reply = await reader.readline()
    except TimeoutError:
        return None
    finally:
        if writer is not None:
            writer.close()
    return reply.decode().rstrip("\n")
