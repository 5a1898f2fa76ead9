"""start_echo_server listens on 'localhost': 127.0.0.1 on this machine, ::1 too on others."""

FAILS = {1}
BREAKS = "echo-server-on-loopback-port-0"


async def start_echo_server():
    return await asyncio.start_server(echo, "localhost", 0)
