"""Mistake: each named task first waits for the one before it, so the jobs run in turn."""

FAILS = {2}
BREAKS = "start-named-runs-each-job"


def start_named(jobs):
    tasks, previous = [], None
    for name, job in jobs.items():

        async def run(job=job, previous=previous):
            if previous is not None:
                await previous
            return await job()

        previous = asyncio.create_task(run(), name=name)
        tasks.append(previous)
    return tasks
