"""put passes an item on only the first time it sees it: a repeated item is lost."""

FAILS = {1}
BREAKS = "put-every-item"


def threadsafe_put(queue):
    loop = asyncio.get_running_loop()
    seen = []

    def put(item):
        if item not in seen:
            seen.append(item)
            loop.call_soon_threadsafe(queue.put_nowait, item)

    return put
