"""start_shout_server uses asyncio.start_server and streams, not a Protocol."""


async def start_shout_server(host, port):
    async def shout(reader, writer):
        while data := await reader.read(1024):
            writer.write(data.upper())
            await writer.drain()
        writer.close()

    return await asyncio.start_server(shout, host, port)


FAILS = {1}
BREAKS = "shout-server-returned"
