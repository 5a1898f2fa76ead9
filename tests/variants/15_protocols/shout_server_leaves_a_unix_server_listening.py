"""Mistake: start_shout_server also starts a Unix-socket server (an abstract name, no file) and
leaves it listening: no caller can close it."""

import asyncio

FAILS = {1}
BREAKS = "shout-server-returned"


async def start_shout_server(host, port):
    loop = asyncio.get_running_loop()
    await loop.create_unix_server(ShoutProtocol, f"\0kata-shout-{id(object())}")
    return await loop.create_server(ShoutProtocol, host, port)
