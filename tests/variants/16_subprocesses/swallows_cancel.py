"""Mistake: run_with_timeout cleans up when cancelled, then swallows the CancelledError."""

FAILS = {5}
BREAKS = "run-with-timeout-cancelled-cleans-up"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async with asyncio.timeout(seconds):
            stdout, _ = await process.communicate()
    except asyncio.CancelledError:
        process.kill()
        await process.wait()
        return None
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return stdout.decode()
