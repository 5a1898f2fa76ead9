"""serve_until calls serve_forever(), which never returns, and forgets stop."""

FAILS = {7}
BREAKS = "serve-until-serves-until-stop"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    ready(server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()
