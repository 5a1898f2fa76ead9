"""start_shout_server listens on 127.0.0.1, whatever host it is given."""

import asyncio

FAILS = {1}
BREAKS = "shout-server-returned"


async def start_shout_server(host, port):
    return await asyncio.get_running_loop().create_server(ShoutProtocol, "127.0.0.1", port)
