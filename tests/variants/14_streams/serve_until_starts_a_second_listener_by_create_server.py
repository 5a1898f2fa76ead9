"""Mistake: serve_until also starts a second server with the loop's create_server, past
asyncio.start_server, and leaves it listening once the call has ended."""

FAILS = {7}
BREAKS = "serve-until-stops-listening"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, HOST, 0)
    await asyncio.get_running_loop().create_server(asyncio.Protocol, HOST, 0)
    async with server:
        ready(server.sockets[0].getsockname()[1])
        await stop.wait()
