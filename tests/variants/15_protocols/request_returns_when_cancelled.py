"""request catches its cancellation and returns what it has, instead of ending cancelled."""

import asyncio

FAILS = {4}
BREAKS = "request-closes-when-cancelled"


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, protocol = await loop.create_connection(lambda: CollectProtocol(done), host, port)
    try:
        transport.write(message)
        return await done
    except asyncio.CancelledError:
        return b"".join(protocol.chunks)
    finally:
        transport.close()
