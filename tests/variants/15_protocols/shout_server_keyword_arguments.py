"""Correct: start_shout_server passes host and port by keyword and starts serving itself."""

import asyncio

FAILS = set()


async def start_shout_server(host, port):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(ShoutProtocol, host=host, port=port, start_serving=False)
    await server.start_serving()
    return server
