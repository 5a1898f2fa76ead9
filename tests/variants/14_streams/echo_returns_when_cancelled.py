"""Mistake: echo catches the CancelledError its task gets when the server closes, and
returns, so whoever cancelled it is told it finished."""

import asyncio

FAILS = {1}
BREAKS = "cancelled"


async def echo(reader, writer):
    try:
        while data := await reader.read(4096):
            writer.write(data)
            await writer.drain()
    except asyncio.CancelledError:
        return
    writer.close()
    await writer.wait_closed()
