"""Mistake: run_with_timeout kills the child on its timeout, but not when cancelled."""

FAILS = {5}
BREAKS = "run-with-timeout-cancelled-cleans-up"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async with asyncio.timeout(seconds):
            stdout, _ = await process.communicate()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return stdout.decode()
