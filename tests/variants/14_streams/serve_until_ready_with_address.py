"""serve_until calls ready with the whole socket address (host, port), not the port."""

import asyncio

FAILS = {7}
BREAKS = "serve-until-ready"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    ready(server.sockets[0].getsockname())
    try:
        await stop.wait()
    finally:
        server.close()
        await server.wait_closed()
