"""serve_until closes every client connection as soon as stop is set: not graceful."""

import asyncio

FAILS = {7}
BREAKS = "serve-until-lets-conversations-finish"


async def serve_until(handler, stop, ready):
    writers = []

    async def handle(reader, writer):
        writers.append(writer)
        await handler(reader, writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    ready(server.sockets[0].getsockname()[1])
    try:
        await stop.wait()
    finally:
        server.close()
        for writer in writers:
            writer.close()
        await server.wait_closed()
