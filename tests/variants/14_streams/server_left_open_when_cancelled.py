"""Mistake: serve_until closes its server only after stop.wait() returns, with no `finally:`
nor `async with server:`, so when it is cancelled while it serves, the server keeps
listening."""

import asyncio

FAILS = {7}
BREAKS = "serve-until-closes-when-cancelled"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, HOST, 0)
    ready(server.sockets[0].getsockname()[1])
    await stop.wait()
    server.close()
    await server.wait_closed()
