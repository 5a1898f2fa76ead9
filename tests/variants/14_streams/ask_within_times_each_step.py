"""ask_within gives each step (connect, drain, readline) its own `seconds`: together they may
take longer than the limit."""

FAILS = {6}
BREAKS = "ask-within-times-the-whole-exchange"


async def ask_within(port, question, seconds):
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), seconds)
        writer.write(question.encode() + b"\n")
        await asyncio.wait_for(writer.drain(), seconds)
        line = await asyncio.wait_for(reader.readline(), seconds)
    except TimeoutError:
        return None
    finally:
        if writer is not None:
            writer.close()
            await writer.wait_closed()
    return line.decode().rstrip("\n")
