"""Mistake: run_with_timeout gives up waiting but leaves the child running."""

FAILS = {5}
BREAKS = "run-with-timeout-kills-and-raises"


async def run_with_timeout(command, seconds):
    process = await asyncio.create_subprocess_exec(*command, stdout=PIPE)
    stdout, _ = await asyncio.wait_for(process.communicate(), seconds)
    return stdout.decode()
