"""request catches a refused connection and returns b"": no answer passes for an empty one."""


async def request(host, port, message):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    try:
        transport, _protocol = await loop.create_connection(
            lambda: CollectProtocol(done), host, port
        )
    except OSError:
        return b""
    try:
        transport.write(message)
        return await done
    finally:
        transport.close()


FAILS = {4}
BREAKS = "request-connect-errors-go-on"
