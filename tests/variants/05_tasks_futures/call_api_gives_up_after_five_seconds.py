"""Mistake: call_api adds a 5 s timeout of its own, so a slow API's reply never arrives."""

import asyncio

FAILS = {7}
BREAKS = "call-api-gives-the-reply"


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()

    def on_done(reply):
        if not future.done():
            future.set_result(reply)

    def on_error(error):
        if not future.done():
            future.set_exception(error)

    api.request(request, on_done, on_error)
    return await asyncio.wait_for(future, 5)
