"""request closes nothing when cancelled: the connection leaks."""


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, _protocol = await loop.create_connection(lambda: CollectProtocol(done), host, port)
    transport.write(message)
    return await done


FAILS = {4}
BREAKS = "request-closes-when-cancelled"
