"""Mistake: call_api's callbacks check future.done() but set it one loop turn later with
call_soon: when the caller cancels in between, set_result raises InvalidStateError in the loop."""

import asyncio

FAILS = {7}
BREAKS = "call-api-late-callbacks-do-not-crash"


async def call_api(api, request):
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def on_done(reply):
        if not future.done():
            loop.call_soon(future.set_result, reply)

    def on_error(error):
        if not future.done():
            loop.call_soon(future.set_exception, error)

    api.request(request, on_done, on_error)
    return await future
