"""Mistake: start_echo_server starts a second server besides the one it returns, and leaves
it listening: no caller can close it."""

FAILS = {1}
BREAKS = "echo-server-on-loopback-port-0"


async def start_echo_server():
    await asyncio.start_server(echo, HOST, 0)
    return await asyncio.start_server(echo, HOST, 0)
