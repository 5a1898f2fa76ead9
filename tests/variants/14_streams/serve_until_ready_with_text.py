"""serve_until calls ready with the port as text, not as a number."""

import asyncio

FAILS = {7}
BREAKS = "serve-until-ready"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    ready(str(server.sockets[0].getsockname()[1]))
    try:
        await stop.wait()
    finally:
        server.close()
        await server.wait_closed()
