"""Cheat: nothing is implemented; results are objects whose __eq__ always says True, a list
subclass that claims to equal anything, and sleeps just long enough."""


class Anything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class AnyList(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


async def greet(name):
    return Anything()


def greet_from_sync(name):
    return Anything()


async def save_all(store, items):
    pass


async def apply_in_order(value, steps):
    await asyncio.sleep(3.0)
    return Anything()


async def sleep_concurrently(count, seconds):
    await asyncio.sleep(seconds)


async def fetch_all(urls, fetch):
    await asyncio.sleep(1.0)
    return AnyList()


async def run_with_background(work, background):
    await asyncio.sleep(2.0)
    return Anything()


FAILS = {1, 2, 3, 4, 5, 6, 7}
