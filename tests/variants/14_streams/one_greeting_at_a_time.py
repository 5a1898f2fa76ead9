"""Mistake: greet_lines holds one Semaphore shared by every handler around its write and
drain, so a client that does not read its greetings holds every other client up."""

import asyncio

FAILS = {3}
BREAKS = "greet-clients-at-once"

_one_greeting_at_a_time = asyncio.Semaphore(1)


async def greet_lines(reader, writer):
    try:
        async for line in reader:
            async with _one_greeting_at_a_time:
                writer.write(f"Hello, {line.decode().strip()}!\n".encode())
                await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()
