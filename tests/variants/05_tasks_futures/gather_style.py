"""A correct solution for tasks 1 and 7 written with gather and asyncio.wait."""

import asyncio

FAILS = set()


async def run_pair(first, second):
    first_result, second_result = await asyncio.gather(first(), second())
    return first_result, second_result


async def call_api(api, request):
    future = asyncio.get_running_loop().create_future()
    api.request(
        request,
        lambda reply: future.done() or future.set_result(reply),
        lambda error: future.done() or future.set_exception(error),
    )
    await asyncio.wait([future])
    return future.result()
