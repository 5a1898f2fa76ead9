"""Mistake: start_shout_server schedules a second server for 10 ms later (loop.call_later), after
the call has returned, and never closes it: no caller knows of it."""

import asyncio

FAILS = {1}
BREAKS = "shout-server-returned"


async def start_shout_server(host, port):
    loop = asyncio.get_running_loop()
    kept = []

    def listen_later():
        kept.append(asyncio.ensure_future(loop.create_server(ShoutProtocol, "127.0.0.1", 0)))

    server = await loop.create_server(ShoutProtocol, host, port)
    loop.call_later(0.01, listen_later)
    return server
