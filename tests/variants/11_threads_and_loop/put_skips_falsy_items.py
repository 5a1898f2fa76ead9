"""put drops falsy items (None, 0, ''): `if item:` guards the hand-over."""

FAILS = {1}
BREAKS = "put-every-item"


def threadsafe_put(queue):
    loop = asyncio.get_running_loop()

    def put(item):
        if item:
            loop.call_soon_threadsafe(queue.put_nowait, item)

    return put
