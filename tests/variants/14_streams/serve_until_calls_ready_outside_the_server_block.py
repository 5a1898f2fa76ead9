"""Mistake: serve_until calls ready(port) before its `async with server:` block: when ready
raises, the error goes on and the server is never closed."""

FAILS = {7}
BREAKS = "serve-until-closes-when-cancelled"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, HOST, 0)
    ready(server.sockets[0].getsockname()[1])
    async with server:
        await stop.wait()
