"""serve_until serves an hour at most, whether stop is set or not (asyncio.timeout around the
wait): a time limit the statement does not set."""

import contextlib

FAILS = {7}
BREAKS = "serve-until-serves-until-stop"


async def serve_until(handler, stop, ready):
    server = await asyncio.start_server(handler, HOST, 0)
    async with server:
        ready(server.sockets[0].getsockname()[1])
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(3600):
                await stop.wait()
