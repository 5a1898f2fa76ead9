"""start_shout_server hands the same ShoutProtocol object to every connection."""

import asyncio

FAILS = {1}
BREAKS = "shout-one-protocol-per-connection"


async def start_shout_server(host, port):
    shared = ShoutProtocol()
    return await asyncio.get_running_loop().create_server(lambda: shared, host, port)
