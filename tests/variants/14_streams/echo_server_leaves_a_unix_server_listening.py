"""Mistake: start_echo_server also starts a Unix-socket server (an abstract name, no file) and
leaves it listening: no caller can close it."""

import asyncio

FAILS = {1}
BREAKS = "echo-server-on-loopback-port-0"


async def start_echo_server():
    server = await asyncio.start_server(echo, HOST, 0)
    loop = asyncio.get_running_loop()
    await loop.create_unix_server(asyncio.Protocol, f"\0kata-echo-{id(server)}")
    return server
