"""Mistake: run_with_timeout gives the reaping of a killed child 5 s (asyncio.wait_for around
process.wait()): a limit of its own, beside the seconds it is given."""

FAILS = {5}
BREAKS = "run-with-timeout-kills-and-raises"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    try:
        async with asyncio.timeout(seconds):
            stdout, _ = await process.communicate()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await asyncio.wait_for(process.wait(), 5)
    return stdout.decode()
