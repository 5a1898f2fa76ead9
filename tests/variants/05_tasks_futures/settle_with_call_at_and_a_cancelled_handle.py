"""Correct in another style: call_at(loop.time() + delay), its handle cancelled with the future."""

import asyncio

FAILS = set()


def settle_later(delay, value=None, error=None):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle():
        if error is None:
            future.set_result(value)
        else:
            future.set_exception(error)

    handle = loop.call_at(loop.time() + delay, settle)
    future.add_done_callback(lambda done: handle.cancel() if done.cancelled() else None)
    return future
