"""serve_until picks a free port itself and calls ready(port) before the server listens."""

import socket

FAILS = {7}
BREAKS = "serve-until-ready"


async def serve_until(handler, stop, ready):
    probe = socket.socket()
    probe.bind((HOST, 0))
    port = probe.getsockname()[1]
    probe.close()
    ready(port)
    await asyncio.sleep(0.05)  # the server starts a moment later
    server = await asyncio.start_server(handler, HOST, port)
    async with server:
        await stop.wait()
