"""run_with_timeout kills the child in a finally even when it finished in time."""

FAILS = {5}
BREAKS = "run-with-timeout-returns-the-output"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    try:
        async with asyncio.timeout(seconds):
            stdout, _ = await process.communicate()
    finally:
        process.kill()
        await process.wait()
    return stdout.decode()
