"""serve_until listens on 'localhost': 127.0.0.1 on this machine, ::1 too on others."""

FAILS = {7}
BREAKS = "serve-until-ready"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, "localhost", 0)
    async with server:
        ready(server.sockets[0].getsockname()[1])
        await stop.wait()
