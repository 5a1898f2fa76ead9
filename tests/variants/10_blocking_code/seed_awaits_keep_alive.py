"""The seed's mistake: run_with_keep_alive awaits keep_alive itself, so the job never runs."""

FAILS = {2}
BREAKS = "runner-keep-alive-as-task"


async def run_with_keep_alive(job, beat, interval):
    await keep_alive(beat, interval)
    return await job()
