"""start_echo_server returns from inside `async with server`, which closes it on the way out."""

import asyncio

FAILS = {1}
BREAKS = "echo-server-on-loopback-port-0"


async def start_echo_server():
    async with await asyncio.start_server(echo, "127.0.0.1", 0) as server:
        return server
