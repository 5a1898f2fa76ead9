"""request closes the transport right after writing, as if that only ended its sending side."""

import asyncio

FAILS = {4}
BREAKS = "request-sends-and-collects"


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, _protocol = await loop.create_connection(lambda: CollectProtocol(done), host, port)
    transport.write(message)
    transport.close()
    return await done
