"""start_shout_server returns the server but also runs serve_forever() in a task of its own."""


async def start_shout_server(host, port):
    server = await asyncio.get_running_loop().create_server(ShoutProtocol, host, port)
    asyncio.create_task(server.serve_forever())
    return server


FAILS = {1}
BREAKS = "shout-server-returned"
