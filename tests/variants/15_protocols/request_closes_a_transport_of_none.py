"""request starts from transport = None: refused, its finally raises AttributeError instead."""


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport = None
    try:
        transport, _protocol = await loop.create_connection(
            lambda: CollectProtocol(done), host, port
        )
        transport.write(message)
        return await done
    finally:
        transport.close()


FAILS = {4}
BREAKS = "request-connect-errors-go-on"
