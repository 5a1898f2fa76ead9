"""request waits for the answer with asyncio.wait_for(done, 10), a deadline the statement does
not set: a server slower than that makes it raise TimeoutError."""

FAILS = {4}
BREAKS = "request-sends-and-collects"


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, _protocol = await loop.create_connection(lambda: CollectProtocol(done), host, port)
    try:
        transport.write(message)
        return await asyncio.wait_for(done, 10)
    finally:
        transport.close()
