"""Mistake: serve_until catches the CancelledError met in stop.wait() and returns, so the task
that runs it never ends cancelled."""

import asyncio

FAILS = {7}
BREAKS = "cancelled"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, HOST, 0)
    ready(server.sockets[0].getsockname()[1])
    try:
        await stop.wait()
    except asyncio.CancelledError:
        pass
    finally:
        server.close()
        await server.wait_closed()
