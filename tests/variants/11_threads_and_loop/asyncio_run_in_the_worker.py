"""fetch_from_thread runs fetch with asyncio.run in the worker: a second loop, not `loop`."""


def fetch_from_thread(loop, fetch, url, timeout):
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError("not on the loop's own thread")

    async def limited():
        async with asyncio.timeout(timeout):
            return await fetch(url)

    return asyncio.run(limited())


FAILS = {2}
BREAKS = "fetch-runs-on-loop"
