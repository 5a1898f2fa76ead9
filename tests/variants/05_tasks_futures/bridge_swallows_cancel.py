"""call_api catches CancelledError and returns None: the cancellation is swallowed."""

import asyncio

FAILS = {7}
BREAKS = "call-api-cancellable"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():
            future.set_result(reply)

    def on_error(error):
        if not future.done():
            future.set_exception(error)

    api.request(request, on_done, on_error)
    try:
        return await future
    except asyncio.CancelledError:
        return None
