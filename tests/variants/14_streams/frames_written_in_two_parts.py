"""Correct in another style: write_frame writes header and payload apart; struct reads it."""

import asyncio
import struct

FAILS = set()


async def write_frame(writer, payload):
    writer.write(struct.pack(">I", len(payload)))
    writer.write(payload)
    await writer.drain()


async def read_frame(reader):
    try:
        header = await reader.readexactly(4)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return None
    (length,) = struct.unpack(">I", header)
    return await reader.readexactly(length)
