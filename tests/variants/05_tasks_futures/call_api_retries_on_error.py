"""Mistake: on an error, call_api sends the request again and raises only the second error."""

import asyncio

FAILS = {7}
BREAKS = "call-api-raises-the-error"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():
            future.set_result(reply)

    def on_error(error):
        if not future.done():
            future.set_exception(error)

    def retry(_error):
        if not future.done():
            api.request(request, on_done, on_error)

    api.request(request, on_done, retry)
    return await future
