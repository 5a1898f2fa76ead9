"""request returns ``await done or None``: a server that sends nothing gives None, not b''."""

FAILS = {4}
BREAKS = "request-sends-and-collects"


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, _protocol = await loop.create_connection(lambda: CollectProtocol(done), host, port)
    try:
        transport.write(message)
        return await done or None
    finally:
        transport.close()
