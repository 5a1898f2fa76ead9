"""Mistake: the job's error is caught and None returned instead."""

FAILS = {2}
BREAKS = "runner-job-error-propagates"


async def run_with_keep_alive(job, beat, interval):
    keeper = asyncio.create_task(keep_alive(beat, interval))
    try:
        return await job()
    except Exception:
        return None
    finally:
        keeper.cancel()
        await asyncio.wait([keeper])
