"""Mistake: await_pool awaits the wrapped futures in a TaskGroup, which raises a job's
error wrapped in an ExceptionGroup instead of letting the job's own exception propagate."""

FAILS = {5}
BREAKS = "await-pool-error-propagates"


async def await_pool(futures):
    async def wait_for(future):
        return await asyncio.wrap_future(future)

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(wait_for(future)) for future in futures]
    return [task.result() for task in tasks]
