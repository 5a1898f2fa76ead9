"""Mistake: start_shout_server also starts a second server, through the loop's class rather
than the running loop's create_server, and leaves it listening: no caller can close it."""

import asyncio

FAILS = {1}
BREAKS = "shout-server-returned"


async def start_shout_server(host, port):
    loop = asyncio.get_running_loop()
    await type(loop).create_server(loop, asyncio.Protocol, "127.0.0.1", 0)
    return await loop.create_server(ShoutProtocol, host, port)
