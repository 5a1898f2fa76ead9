"""await_pool returns a job's exception among the results instead of raising it."""


async def await_pool(futures):
    wrapped = [asyncio.wrap_future(future) for future in futures]
    return list(await asyncio.gather(*wrapped, return_exceptions=True))


FAILS = {5}
BREAKS = "await-pool-error-propagates"
