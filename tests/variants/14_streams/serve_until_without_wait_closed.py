"""serve_until closes the server but never awaits wait_closed()."""

FAILS = {7}
BREAKS = "serve-until-waits-closed"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    ready(server.sockets[0].getsockname()[1])
    await stop.wait()
    server.close()
