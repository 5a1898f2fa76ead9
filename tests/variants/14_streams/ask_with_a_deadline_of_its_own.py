"""ask gives the reply 30 s at most (asyncio.wait_for around readline): a time limit the
statement does not set; ask_within is the one with a limit."""

FAILS = {2}
BREAKS = "ask-returns-the-first-line"


async def ask(port, question):
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(question.encode() + b"\n")
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 30)
    finally:
        writer.close()
        await writer.wait_closed()
    return line.decode().rstrip("\n")
