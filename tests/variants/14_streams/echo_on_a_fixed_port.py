"""start_echo_server asks for a fixed port: a second server cannot start."""

FAILS = {1}
BREAKS = "echo-server-on-loopback-port-0"


async def start_echo_server():
    return await asyncio.start_server(echo, "127.0.0.1", 47_614)
