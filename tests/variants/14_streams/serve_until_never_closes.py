"""serve_until returns when stopped, but leaves its server listening."""

FAILS = {7}
BREAKS = "serve-until-stops-listening"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    ready(server.sockets[0].getsockname()[1])
    await stop.wait()
