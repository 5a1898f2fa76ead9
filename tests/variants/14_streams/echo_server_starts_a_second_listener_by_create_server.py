"""Mistake: start_echo_server also starts a second server with the loop's create_server, past
asyncio.start_server, and leaves it listening: no caller can close it."""

FAILS = {1}
BREAKS = "echo-server-on-loopback-port-0"


async def start_echo_server():
    server = await asyncio.start_server(echo, HOST, 0)
    await asyncio.get_running_loop().create_server(asyncio.Protocol, HOST, 0)
    return server
