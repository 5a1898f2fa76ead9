"""Mistake: run_with_timeout kills the child but never waits for it (no reaping)."""

FAILS = {5}
BREAKS = "run-with-timeout-kills-and-raises"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async with asyncio.timeout(seconds):
            stdout, _ = await process.communicate()
    except BaseException:
        process.kill()
        raise
    return stdout.decode()
