"""start_shout_server serves forever instead of returning the server."""


async def start_shout_server(host, port):
    server = await asyncio.get_running_loop().create_server(ShoutProtocol, host, port)
    await server.serve_forever()
    return server


FAILS = {1}
BREAKS = "shout-server-returned"
