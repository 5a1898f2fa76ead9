"""Mistake: start_shout_server also opens a plain listening socket.socket, kept alive by the
protocol factory, and leaves it listening: closing the Server does not close it."""

import asyncio
import socket

FAILS = {1}
BREAKS = "shout-server-returned"


async def start_shout_server(host, port):
    spare = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    spare.bind(("127.0.0.1", 0))
    spare.listen()

    def factory():
        factory.spare = spare
        return ShoutProtocol()

    return await asyncio.get_running_loop().create_server(factory, host, port)
